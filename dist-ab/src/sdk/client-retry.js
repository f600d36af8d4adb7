import { isBatonError } from '../errors.js';
/** The defaults of ClientRetryOptions. */
export const DEFAULT_CLIENT_RETRY = { deadlineMs: 30_000, maxAttempts: Infinity, baseMs: 200, maxMs: 5_000 };
export function resolveClientRetry(opts) {
    if (opts === false)
        return undefined;
    const given = opts ?? {};
    return {
        deadlineMs: given.deadlineMs ?? DEFAULT_CLIENT_RETRY.deadlineMs,
        maxAttempts: given.maxAttempts ?? DEFAULT_CLIENT_RETRY.maxAttempts,
        policy: { backoff: 'exponential', base_ms: given.baseMs ?? DEFAULT_CLIENT_RETRY.baseMs, max_ms: given.maxMs ?? DEFAULT_CLIENT_RETRY.maxMs, jitter: true },
        onRetry: given.onRetry,
    };
}
/** HTTP statuses that say "not now" rather than "not this": a proxy's or server's passing failure, or admission control. */
const TRANSIENT_STATUSES = new Set([429, 502, 503, 504]);
/**
 * Socket errors of a connection that failed or broke: the server is
 * restarting, or closed the connection under the request. (A name that does
 * not resolve, or a TLS certificate that fails, is not here: retrying cannot fix it.)
 */
const TRANSIENT_NETWORK_CODES = new Set([
    'ECONNREFUSED',
    'ECONNRESET',
    'EPIPE',
    'ECONNABORTED',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'UND_ERR_SOCKET',
    'UND_ERR_CLOSED',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
]);
/** Messages of a broken connection that carry no code (Node's http, undici). */
const TRANSIENT_NETWORK_MESSAGE = /socket hang up|other side closed/i;
/**
 * Whether a fetch rejection is a connection that failed or broke. Walks the
 * `cause` chain, since fetch says only "fetch failed" and puts the socket
 * error under it; a bare "fetch failed" without a code counts as transient.
 */
export function isTransientNetworkError(err) {
    let codeSeen = false;
    for (let e = err, depth = 0; e !== null && typeof e === 'object' && depth < 8; e = e.cause, depth++) {
        const { code, message, name } = e;
        if (name === 'AbortError' || name === 'TimeoutError')
            return false;
        if (typeof code === 'string') {
            if (TRANSIENT_NETWORK_CODES.has(code))
                return true;
            codeSeen = true;
        }
        if (typeof message === 'string' && TRANSIENT_NETWORK_MESSAGE.test(message))
            return true;
    }
    return !codeSeen && err instanceof TypeError && err.message === 'fetch failed';
}
/**
 * Whether BatonClient retries a failed call (of a method that is safe to
 * repeat): a transient connection failure (the client's `unavailable` with
 * `details.network`), or an answer 429, 502, 503 or 504.
 */
export function isTransientFailure(err) {
    if (!isBatonError(err))
        return false;
    const network = err.details?.network === true;
    return network ? isTransientNetworkError(err.cause) : TRANSIENT_STATUSES.has(err.status);
}
/**
 * A `Retry-After` header's wait in ms: delay-seconds (`"5"`) or an HTTP date
 * (a date in the past is 0). Undefined for no header or one that is neither.
 *
 * @example parseRetryAfterMs('5', Date.now()) // 5000
 */
export function parseRetryAfterMs(value, nowMs) {
    if (value === null || value === undefined)
        return undefined;
    const text = value.trim();
    if (/^\d+(\.\d+)?$/.test(text))
        return Math.round(Number(text) * 1000);
    // Date.parse also reads ISO strings and bare numbers; the header allows only an IMF-fixdate (and its two obsolete forms).
    if (!/[a-z]{3}/i.test(text))
        return undefined;
    const at = Date.parse(text);
    return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
/**
 * A fresh idempotency key for a submission that came without one, so its
 * retries name the same task: the server answers a repeated key (with the
 * same template and context) with the task it already made.
 */
export function generateIdempotencyKey() {
    return globalThis.crypto.randomUUID();
}
//# sourceMappingURL=client-retry.js.map