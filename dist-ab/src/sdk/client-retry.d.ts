/**
 * What BatonClient retries by itself, and how: which failures are transient,
 * how long to wait (backoff with jitter, or the server's `Retry-After`), and
 * when to give up. The loop itself is the shared one (src/retry.ts).
 */
import type { BackoffPolicy } from '../domain/backoff.js';
/**
 * How BatonClient retries a safe call that failed transiently (docs/errors.md
 * lists what is retried). Every field is optional; `false` turns retries off.
 *
 * @example new BatonClient(url, { retry: { deadlineMs: 60_000 } })
 * @example new BatonClient(url, { retry: false }) // one attempt, errors at once
 */
export interface ClientRetryOptions {
    /**
     * Gives up this long after the call began, throwing the last failure. A wait
     * ends at the deadline at the latest; a `Retry-After` longer than the time
     * left ends the call at once (the error's `retryAfterMs` says how long).
     * An attempt in flight is not cut short. @default 30000
     */
    deadlineMs?: number;
    /** Attempts in all, the first included. @default Infinity (the deadline decides) */
    maxAttempts?: number;
    /** The first wait, doubled after each failure (with equal jitter: a wait lies in [d/2, d]). @default 200 */
    baseMs?: number;
    /** The longest wait of the backoff; a server's `Retry-After` may ask for longer and is honoured. @default 5000 */
    maxMs?: number;
    /** Hears each failure that will be retried, before its wait (for logs or metrics). */
    onRetry?: (info: {
        error: unknown;
        attempt: number;
        delayMs: number;
        method: string;
        path: string;
    }) => void;
}
/** The defaults of ClientRetryOptions. */
export declare const DEFAULT_CLIENT_RETRY: {
    readonly deadlineMs: 30000;
    readonly maxAttempts: number;
    readonly baseMs: 200;
    readonly maxMs: 5000;
};
/** The retry settings a client runs with; `undefined` when retries are off. */
export interface ResolvedClientRetry {
    deadlineMs: number;
    maxAttempts: number;
    policy: BackoffPolicy;
    onRetry: ClientRetryOptions['onRetry'];
}
export declare function resolveClientRetry(opts: ClientRetryOptions | false | undefined): ResolvedClientRetry | undefined;
/**
 * Whether a fetch rejection is a connection that failed or broke. Walks the
 * `cause` chain, since fetch says only "fetch failed" and puts the socket
 * error under it; a bare "fetch failed" without a code counts as transient.
 */
export declare function isTransientNetworkError(err: unknown): boolean;
/**
 * Whether BatonClient retries a failed call (of a method that is safe to
 * repeat): a transient connection failure (the client's `unavailable` with
 * `details.network`), or an answer 429, 502, 503 or 504.
 */
export declare function isTransientFailure(err: unknown): boolean;
/**
 * A `Retry-After` header's wait in ms: delay-seconds (`"5"`) or an HTTP date
 * (a date in the past is 0). Undefined for no header or one that is neither.
 *
 * @example parseRetryAfterMs('5', Date.now()) // 5000
 */
export declare function parseRetryAfterMs(value: string | null | undefined, nowMs: number): number | undefined;
/**
 * A fresh idempotency key for a submission that came without one, so its
 * retries name the same task: the server answers a repeated key (with the
 * same template and context) with the task it already made.
 */
export declare function generateIdempotencyKey(): string;
