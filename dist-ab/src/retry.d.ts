/**
 * The one retry loop: runs an operation until it succeeds, waiting between
 * attempts by a backoff policy (src/domain/backoff.ts), and gives up after
 * `attempts` tries, past `deadlineMs`, on an error that is not retryable, or
 * on `signal`.
 */
import { type BackoffPolicy } from './domain/backoff.js';
export interface RetryOptions {
    /** Attempts in all, the first included; `Infinity` tries until success or abort. */
    attempts: number;
    /**
     * The wait after failed attempt n (1-based): a backoff policy, or a function
     * of n for a delay no policy writes.
     * @example { backoff: 'exponential', base_ms: 200, max_ms: 5000, jitter: true }
     */
    policy: BackoffPolicy | ((failedAttempt: number) => number);
    /** Whether an error is worth another attempt; any other is thrown at once. @default every error */
    isRetryable?: (err: unknown) => boolean;
    /** Stops retrying: the wait ends and the call rejects with the signal's reason. */
    signal?: AbortSignal;
    /** Hears each failure that will be retried, before its wait. */
    onRetry?: (info: {
        error: unknown;
        attempt: number;
        delayMs: number;
    }) => void;
    /**
     * Failures already seen before this call (a lost connection counts as one):
     * the first attempt waits as after the last of them, and attempts count on
     * from there. @default 0
     */
    failedBefore?: number;
    /** false: the waits do not keep the process alive. @default true */
    ref?: boolean;
    /** Jitter's random source, in [0, 1). @default Math.random */
    random?: () => number;
    /**
     * The wait a failure asks for itself, in ms (an HTTP `Retry-After`); the
     * wait is then the longer of it and the policy's. @default none
     */
    requestedDelayMs?: (err: unknown) => number | undefined;
    /**
     * Gives up this long after the call began: a wait is cut short to end at the
     * deadline (for one last attempt), and a failure that asks for a wait past
     * it is thrown at once. An attempt in flight is never cut short. @default no limit
     */
    deadlineMs?: number;
    /** The deadline's clock, in ms. @default Date.now */
    now?: () => number;
}
/**
 * Runs `fn(attempt)` until it resolves and returns its value; throws the last
 * error once the attempts are spent, the deadline is past, or the error is
 * not retryable.
 *
 * @example
 * await retry(() => transport.fail(items), { attempts: 8, policy: { backoff: 'exponential', base_ms: 200, max_ms: 5000, jitter: false } });
 */
export declare function retry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T>;
