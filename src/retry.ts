/**
 * The one retry loop: runs an operation until it succeeds, waiting between
 * attempts by a backoff policy (src/domain/backoff.ts), and gives up after
 * `attempts` tries, on an error that is not retryable, or on `signal`.
 */
import { computeBackoffMs, type BackoffPolicy } from './domain/backoff.js';
import { abortableSleep } from './sleep.js';

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
  onRetry?: (info: { error: unknown; attempt: number; delayMs: number }) => void;
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
}

/**
 * Runs `fn(attempt)` until it resolves and returns its value; throws the last
 * error once the attempts are spent or the error is not retryable.
 *
 * @example
 * await retry(() => transport.fail(items), { attempts: 8, policy: { backoff: 'exponential', base_ms: 200, max_ms: 5000, jitter: false } });
 */
export async function retry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  const { policy, signal } = opts;
  let failed = opts.failedBefore ?? 0;
  const wait = (n: number) => (typeof policy === 'function' ? policy(n) : computeBackoffMs(policy, n, opts.random));
  if (failed > 0) await abortableSleep(wait(failed), signal, { ref: opts.ref });
  for (;;) {
    signal?.throwIfAborted();
    try {
      return await fn(failed + 1);
    } catch (err) {
      failed++;
      if (failed >= opts.attempts || !(opts.isRetryable?.(err) ?? true) || signal?.aborted) throw err;
      const delayMs = wait(failed);
      opts.onRetry?.({ error: err, attempt: failed, delayMs });
      await abortableSleep(delayMs, signal, { ref: opts.ref });
    }
  }
}
