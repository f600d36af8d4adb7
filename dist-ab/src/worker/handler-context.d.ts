import type { Logger } from 'pino';
import type { Execution } from '../core/claim.js';
import type { JsonValue, StepError } from '../domain/types.js';
import type { WorkerTransport } from './transport.js';
import type { HandlerContext } from './types.js';
/** A handler's return value as JSON (undefined → null; Dates, toJSON and the like applied). */
export declare function toJson(value: unknown): JsonValue;
/** What a thrown value records as the attempt's error. */
export declare function toStepError(err: unknown): StepError;
/**
 * Logs a failed attempt. A `PermanentError`, an error with a string `code`, or
 * a thrown non-Error is a failure the handler meant: one line with its message
 * (and code), no stack. Any other error is likely a bug, so its stack is logged.
 * `warn` when the step has no attempt left, `info` while it is retried.
 */
export declare function logAttemptFailure(log: Logger, err: unknown, execution: Pick<Execution, 'attempt' | 'max_attempts'>): void;
/** Builds the `ctx` a handler receives for one execution (DESIGN §3). */
export declare function createHandlerContext(execution: Execution, signal: AbortSignal, transport: WorkerTransport, log: Logger): HandlerContext;
