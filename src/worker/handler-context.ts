import type { Logger } from 'pino';
import type { Execution } from '../core/claim.js';
import type { JsonValue, StepError } from '../domain/types.js';
import { BatonError, isPermanentError } from '../errors.js';
import type { LeaseHandle, WorkerTransport } from './transport.js';
import type { StepTrace } from './step-trace.js';
import type { HandlerContext } from './types.js';

/** A handler's return value as JSON (undefined → null; Dates, toJSON and the like applied). */
export function toJson(value: unknown): JsonValue {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as JsonValue);
}

/** What a thrown value records as the attempt's error. */
export function toStepError(err: unknown): StepError {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const details = (err as { details?: unknown }).details;
    return {
      message: err.message || err.name,
      ...(typeof code === 'string' ? { code } : {}),
      ...(details !== undefined ? { details: details as JsonValue } : {}),
    };
  }
  return { message: typeof err === 'string' ? err : (JSON.stringify(err) ?? 'unknown error') };
}

/**
 * Logs a failed attempt. A `PermanentError`, an error with a string `code`, or
 * a thrown non-Error is a failure the handler meant: one line with its message
 * (and code), no stack. Any other error is likely a bug, so its stack is logged.
 * `warn` when the step has no attempt left, `info` while it is retried.
 */
export function logAttemptFailure(log: Logger, err: unknown, execution: Pick<Execution, 'attempt' | 'max_attempts'>): void {
  const permanent = isPermanentError(err);
  const { message, code } = toStepError(err);
  const meant = permanent || code !== undefined || !(err instanceof Error);
  const level = permanent || execution.attempt >= execution.max_attempts ? 'warn' : 'info';
  log[level](meant ? { error: message, ...(code === undefined ? {} : { code }) } : { err }, 'step attempt failed');
}

/** Builds the `ctx` a handler receives for one execution (DESIGN §3). */
export function createHandlerContext(
  execution: Execution,
  signal: AbortSignal,
  transport: WorkerTransport,
  log: Logger,
  steps: Pick<StepTrace, 'span' | 'traceparent'>,
): HandlerContext {
  const lease: LeaseHandle = { executionId: execution.execution_id, leaseId: execution.lease_id };
  return {
    task: { ...execution.task, context: execution.context },
    step: { name: execution.step, attempt: execution.attempt, max_attempts: execution.max_attempts, execution_id: execution.execution_id },
    params: execution.params,
    results: execution.results,
    signal,
    progress: async (data) => {
      await transport.progress(lease, toJson(data));
    },
    log,
    idempotencyKey: `${execution.task.id}:${execution.step}`,
    correlationId: execution.correlation_id,
    span: steps.span,
    traceparent: steps.traceparent,
    checkpoint: Object.assign(
      async (data: JsonValue) => {
        const result = await transport.checkpoint(lease, toJson(data));
        if (result === 'stale' || result === 'not_found') {
          throw new BatonError('stale_lease', 'checkpoint refused: this attempt no longer holds the step (its lease expired or it was re-claimed); stop, another attempt owns it', {
            details: { execution_id: lease.executionId, step: execution.step },
          });
        }
      },
      { last: execution.checkpoint ?? null },
    ),
    ...(execution.fan_out ? { fanOut: execution.fan_out } : {}),
  };
}
