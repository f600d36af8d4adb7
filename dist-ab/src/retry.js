/**
 * The one retry loop: runs an operation until it succeeds, waiting between
 * attempts by a backoff policy (src/domain/backoff.ts), and gives up after
 * `attempts` tries, past `deadlineMs`, on an error that is not retryable, or
 * on `signal`.
 */
import { computeBackoffMs } from './domain/backoff.js';
import { abortableSleep } from './sleep.js';
/**
 * Runs `fn(attempt)` until it resolves and returns its value; throws the last
 * error once the attempts are spent, the deadline is past, or the error is
 * not retryable.
 *
 * @example
 * await retry(() => transport.fail(items), { attempts: 8, policy: { backoff: 'exponential', base_ms: 200, max_ms: 5000, jitter: false } });
 */
export async function retry(fn, opts) {
    const { policy, signal } = opts;
    const now = opts.now ?? Date.now;
    const deadline = opts.deadlineMs === undefined ? Infinity : now() + opts.deadlineMs;
    let failed = opts.failedBefore ?? 0;
    const wait = (n) => (typeof policy === 'function' ? policy(n) : computeBackoffMs(policy, n, opts.random));
    if (failed > 0)
        await abortableSleep(wait(failed), signal, { ref: opts.ref });
    for (;;) {
        signal?.throwIfAborted();
        try {
            return await fn(failed + 1);
        }
        catch (err) {
            failed++;
            if (failed >= opts.attempts || !(opts.isRetryable?.(err) ?? true) || signal?.aborted)
                throw err;
            const requested = opts.requestedDelayMs?.(err);
            const left = deadline - now();
            // Waiting less than the server asked would only earn the same refusal.
            if (left <= 0 || (requested !== undefined && requested > left))
                throw err;
            const delayMs = Math.min(Math.max(wait(failed), requested ?? 0), left);
            opts.onRetry?.({ error: err, attempt: failed, delayMs });
            await abortableSleep(delayMs, signal, { ref: opts.ref });
        }
    }
}
//# sourceMappingURL=retry.js.map