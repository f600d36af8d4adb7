import { computeBackoffMs } from '../domain/backoff.js';
import { isBatonError } from '../errors.js';
import { retry } from '../retry.js';
/**
 * 200 ms after the first failure, doubling to 5 s; equal jitter, so the
 * workers of a server that went away do not all come back in the same instant.
 */
export const WORKER_RETRY_BACKOFF = { backoff: 'exponential', base_ms: 200, max_ms: 5000, jitter: true };
/** A `Retry-After` past this is waited only this long: a worker looks again within a minute whatever a proxy says. */
const MAX_RETRY_AFTER_MS = 60_000;
/** Answers that say "not now": overloaded, a proxy without a backend, the database away, a gateway timeout. */
const TRANSIENT_STATUSES = new Set([429, 502, 503, 504]);
/**
 * A failure that the same call may not meet again: the server unreachable
 * (refused, reset, timed out: the protocol client's `unavailable`) or
 * answering 429, 502, 503 or 504.
 */
export function isTransientFailure(err) {
    return isBatonError(err) && TRANSIENT_STATUSES.has(err.status);
}
/**
 * A refusal that retrying cannot fix: a 4xx other than 408 and 429 (a missing
 * or bad token, a registration the server rejects, a URL that is not a Baton
 * server), or an error that is not an answer at all (a bug).
 */
export function isPermanentRefusal(err) {
    if (!isBatonError(err))
        return true;
    return err.status >= 400 && err.status < 500 && err.status !== 408 && err.status !== 429;
}
/** The wait the server asked for with this error's answer (its `Retry-After`), capped at a minute; undefined when it did not ask. */
export function requestedDelayMs(err) {
    const asked = isBatonError(err) ? err.retryAfterMs : undefined;
    return asked === undefined ? undefined : Math.min(asked, MAX_RETRY_AFTER_MS);
}
/**
 * The wait after failed attempt `failedAttempt` (1-based): the backoff, but
 * never less than the `Retry-After` of the answer that failed it.
 */
export function workerRetryDelayMs(failedAttempt, err, random = Math.random) {
    return Math.max(computeBackoffMs(WORKER_RETRY_BACKOFF, failedAttempt, random), requestedDelayMs(err) ?? 0);
}
/**
 * Runs `fn` on the shared retry loop (src/retry.ts) with the worker's policy:
 * `WORKER_RETRY_BACKOFF`, floored by the answer's `Retry-After` (at most a
 * minute), bounded by `deadlineMs`.
 *
 * @example
 * await retryWorkerCall(() => client.register(reg), { isRetryable: (err) => !isPermanentRefusal(err), signal });
 */
export function retryWorkerCall(fn, opts) {
    return retry(fn, {
        attempts: opts.attempts ?? Infinity,
        policy: WORKER_RETRY_BACKOFF,
        requestedDelayMs,
        isRetryable: opts.isRetryable,
        ...(opts.deadlineMs !== undefined ? { deadlineMs: opts.deadlineMs } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.onRetry ? { onRetry: opts.onRetry } : {}),
    });
}
/** Why a call failed, in a few words for a log line: `ECONNREFUSED`, `timed out`, `HTTP 503 unavailable: …`. */
export function describeFailure(err) {
    let current = err;
    let innermost = err;
    for (let depth = 0; depth < 6 && current !== null && typeof current === 'object'; depth++) {
        const { code, name } = current;
        if (typeof code === 'string' && /^E[A-Z_]+$/.test(code))
            return code;
        if (name === 'TimeoutError')
            return 'timed out';
        innermost = current;
        current = current.cause;
    }
    // An answer has no cause; a failure to connect has the socket's error under it.
    if (innermost !== err)
        return innermost instanceof Error ? innermost.message.slice(0, 200) : String(innermost);
    if (isBatonError(err))
        return `HTTP ${err.status} ${err.code}: ${err.message.slice(0, 200)}`;
    return err instanceof Error ? err.message.slice(0, 200) : String(err);
}
/** A wait in seconds for a log line: `0.4s`, `2.5s`, `30s`. */
export function formatWait(ms) {
    return ms < 10_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms / 1000)}s`;
}
/**
 * An `onRetry` that logs each wait for something not there yet, once per attempt:
 * "waiting for the Baton server at URL: ECONNREFUSED; retrying in 0.8s".
 */
export function logEachWait(logger, what, level = 'warn') {
    if (!logger)
        return undefined;
    return ({ error, attempt, delayMs }) => logger[level]({ attempt, retryInMs: delayMs }, `waiting for ${what}: ${describeFailure(error)}; retrying in ${formatWait(delayMs)}`);
}
//# sourceMappingURL=retry-policy.js.map