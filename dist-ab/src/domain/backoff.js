/** Exponents past this already exceed any allowed max_ms (1 day) for base_ms >= 1. */
const MAX_EXPONENT = 60;
function finiteNonNegative(n) {
    return Number.isFinite(n) && n > 0 ? n : 0;
}
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
export function computeBackoffMs(policy, failedAttempt, random = Math.random) {
    const base = finiteNonNegative(policy.base_ms);
    const cap = finiteNonNegative(policy.max_ms);
    const attempt = Math.max(1, Math.floor(finiteNonNegative(failedAttempt)));
    let delay;
    switch (policy.backoff) {
        case 'none':
            return 0;
        case 'fixed':
            delay = base;
            break;
        case 'linear':
            delay = base * attempt;
            break;
        case 'exponential':
            // Clamping the exponent keeps 2^n finite; the cap below bounds the result.
            delay = base * 2 ** Math.min(attempt - 1, MAX_EXPONENT);
            break;
        default:
            return 0;
    }
    delay = Math.floor(Math.min(delay, cap));
    if (!policy.jitter || delay === 0)
        return delay;
    const half = Math.ceil(delay / 2);
    const r = random();
    const share = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
    // Math.min guards a random source that returns exactly 1.
    return Math.min(delay, half + Math.floor(share * (delay - half + 1)));
}
/**
 * Whether a step gets another attempt after `attempt` (1-based) failed: not for
 * a permanent failure (PermanentError, protocol `retryable: false`), and not
 * once max_attempts attempts have run.
 */
export function shouldRetry(policy, attempt, permanent) {
    return !permanent && attempt < policy.max_attempts;
}
//# sourceMappingURL=backoff.js.map