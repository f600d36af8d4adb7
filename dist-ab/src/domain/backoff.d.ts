/**
 * Retry delays. Pure: the random source is injected so tests can pin jitter.
 */
import type { RetryPolicy } from './types.js';
/** What `computeBackoffMs` reads of a step's retry policy; also the policy of Baton's own retries (src/retry.ts). */
export type BackoffPolicy = Omit<RetryPolicy, 'max_attempts'>;
/**
 * How long to wait before the next attempt, in whole milliseconds.
 *
 * - `none`: 0; `fixed`: base_ms; `linear`: base_ms × attempt;
 *   `exponential`: base_ms × 2^(attempt − 1). The delay is then capped at max_ms.
 * - `jitter`: "equal jitter": half the delay is kept and a random share of the
 *   other half is added, so the result lies in [delay/2, delay]. This spreads a
 *   burst of failures out while keeping a floor, so retries never hammer at once.
 *
 * Never negative, NaN or Infinity, even for huge attempt numbers.
 *
 * @param failedAttempt the 1-based number of the attempt that just failed.
 * @param random returns a number in [0, 1); defaults to Math.random.
 * @example computeBackoffMs({ max_attempts: 5, backoff: 'exponential', base_ms: 500, max_ms: 30_000, jitter: false }, 3) // 2000
 */
export declare function computeBackoffMs(policy: BackoffPolicy, failedAttempt: number, random?: () => number): number;
/**
 * Whether a step gets another attempt after `attempt` (1-based) failed: not for
 * a permanent failure (PermanentError, protocol `retryable: false`), and not
 * once max_attempts attempts have run.
 */
export declare function shouldRetry(policy: RetryPolicy, attempt: number, permanent: boolean): boolean;
