/**
 * How a worker retries its calls to Baton: reports (the Reporter), and over
 * HTTP also registration, claims and heartbeats. One backoff for all of them,
 * a floor set by the server's `Retry-After`, and which failures are worth
 * another try (docs/worker-protocol.md, "Errors").
 */
import type { Logger } from 'pino';
import { type BackoffPolicy } from '../domain/backoff.js';
/**
 * 200 ms after the first failure, doubling to 5 s; equal jitter, so the
 * workers of a server that went away do not all come back in the same instant.
 */
export declare const WORKER_RETRY_BACKOFF: BackoffPolicy;
/**
 * A failure that the same call may not meet again: the server unreachable
 * (refused, reset, timed out: the protocol client's `unavailable`) or
 * answering 429, 502, 503 or 504.
 */
export declare function isTransientFailure(err: unknown): boolean;
/**
 * A refusal that retrying cannot fix: a 4xx other than 408 and 429 (a missing
 * or bad token, a registration the server rejects, a URL that is not a Baton
 * server), or an error that is not an answer at all (a bug).
 */
export declare function isPermanentRefusal(err: unknown): boolean;
/** The wait the server asked for with this error's answer (its `Retry-After`), capped at a minute; undefined when it did not ask. */
export declare function requestedDelayMs(err: unknown): number | undefined;
/**
 * The wait after failed attempt `failedAttempt` (1-based): the backoff, but
 * never less than the `Retry-After` of the answer that failed it.
 */
export declare function workerRetryDelayMs(failedAttempt: number, err: unknown, random?: () => number): number;
export interface WorkerRetryOptions {
    /** Which failures get another attempt; any other is thrown at once. */
    isRetryable: (err: unknown) => boolean;
    /** Attempts in all, the first included. @default Infinity */
    attempts?: number;
    /** Gives up this long after the call began, throwing the last error (a wait ends at the deadline at the latest). @default none */
    deadlineMs?: number;
    /** Ends the waiting: the call rejects with the signal's reason. */
    signal?: AbortSignal;
    /** Hears each failure that will be retried, with the wait before the next attempt. */
    onRetry?: (info: {
        error: unknown;
        attempt: number;
        delayMs: number;
    }) => void;
}
/**
 * Runs `fn` on the shared retry loop (src/retry.ts) with the worker's policy:
 * `WORKER_RETRY_BACKOFF`, floored by the answer's `Retry-After` (at most a
 * minute), bounded by `deadlineMs`.
 *
 * @example
 * await retryWorkerCall(() => client.register(reg), { isRetryable: (err) => !isPermanentRefusal(err), signal });
 */
export declare function retryWorkerCall<T>(fn: () => Promise<T>, opts: WorkerRetryOptions): Promise<T>;
/** Why a call failed, in a few words for a log line: `ECONNREFUSED`, `timed out`, `HTTP 503 unavailable: …`. */
export declare function describeFailure(err: unknown): string;
/** A wait in seconds for a log line: `0.4s`, `2.5s`, `30s`. */
export declare function formatWait(ms: number): string;
/**
 * An `onRetry` that logs each wait for something not there yet, once per attempt:
 * "waiting for the Baton server at URL: ECONNREFUSED; retrying in 0.8s".
 */
export declare function logEachWait(logger: Logger | undefined, what: string, level?: 'warn' | 'info' | 'debug'): WorkerRetryOptions['onRetry'];
