/**
 * The one registry of Baton's error codes. A code is stable once shipped and is
 * never reused for another meaning; `test/domain/errors.test.ts` checks that
 * every code here is documented in docs/errors.md.
 */
export const ErrorCodes = {
    invalid_template: 400,
    invalid_context: 400,
    invalid_request: 400,
    invalid_json: 400,
    invalid_config: 400,
    // A signal's payload fails its wait step's schema; the step keeps waiting.
    invalid_signal: 400,
    // A schedule's cron, every, timezone or options are wrong; `details.field` names which.
    invalid_schedule: 400,
    // An unknown template is `not_found` too, with `details.template`; the code
    // `unknown_template` that earlier versions answered is retired, never to be reused.
    not_found: 404,
    conflict: 409,
    stale_lease: 409,
    payload_too_large: 413,
    unsupported_media_type: 415,
    unauthorized: 401,
    forbidden: 403,
    overloaded: 429,
    unavailable: 503,
    internal: 500,
    // At start-up: the database was migrated by a newer Baton that this one cannot run with.
    schema_too_new: 500,
    // Client-side, never answered by a server: `wait(id, { timeoutMs })` gave up while the task still runs.
    // 408 as the nearest HTTP meaning; not 504, which clients retry as a gateway's failure.
    wait_timeout: 408,
};
const CODE_BY_STATUS = {
    400: 'invalid_request',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not_found',
    409: 'conflict',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    429: 'overloaded',
    500: 'internal',
    503: 'unavailable',
};
/** The generic code for an HTTP status, when an answer carries no code of its own. */
export function errorCodeForStatus(status) {
    return CODE_BY_STATUS[status];
}
/** An error with a stable `code` that the API and CLI show to users as is. */
export class BatonError extends Error {
    code;
    status;
    details;
    /**
     * The `x-request-id` of the HTTP answer this error was read from (clients
     * only); quote it when reporting a problem, the server's logs name it.
     */
    requestId;
    /**
     * How long the answer asked the client to wait before trying again (its
     * `Retry-After`, seconds or an HTTP date), in milliseconds; set on a client's
     * `overloaded` (429) and `unavailable` (503) when the server sent one.
     */
    retryAfterMs;
    constructor(code, message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.name = 'BatonError';
        this.code = code;
        this.status = options.status ?? ErrorCodes[code];
        this.details = options.details;
        this.requestId = options.requestId;
        this.retryAfterMs = options.retryAfterMs;
    }
    toJSON() {
        return this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details };
    }
}
export function isBatonError(err, code) {
    return err instanceof BatonError && (code === undefined || err.code === code);
}
/**
 * Rebuilds an error answer of the API (`{error: {code, message, details?}}`,
 * DESIGN §4) as a BatonError, for every client of the API. A code this side
 * does not know (a newer server's, or a retired one) falls back to the
 * status's; a body that is not such an answer (a proxy's page, no body at
 * all) gets the status's code and `fallbackMessage`. `answer` carries what
 * the answer's headers said (`x-request-id`, `Retry-After`) onto the error.
 *
 * @example errorFromAnswer(409, { error: { code: 'conflict', message: 'already finished' } }, 'HTTP 409') // BatonError conflict
 */
export function errorFromAnswer(status, body, fallbackMessage, answer = {}) {
    const wire = body?.error;
    const statusCode = errorCodeForStatus(status) ?? 'internal';
    const meta = { status, requestId: answer.requestId, retryAfterMs: answer.retryAfterMs };
    if (typeof wire !== 'object' || wire === null || typeof wire.message !== 'string')
        return new BatonError(statusCode, fallbackMessage, meta);
    const code = typeof wire.code === 'string' && Object.hasOwn(ErrorCodes, wire.code) ? wire.code : statusCode;
    return new BatonError(code, wire.message, { ...meta, ...(wire.details === undefined ? {} : { details: wire.details }) });
}
/**
 * Thrown by a handler to fail its step at once, with no further attempts
 * (the protocol's `retryable: false`).
 */
export class PermanentError extends Error {
    code;
    details;
    constructor(message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.name = 'PermanentError';
        this.code = options.code;
        this.details = options.details;
    }
}
export function isPermanentError(err) {
    return err instanceof PermanentError || (err instanceof Error && err.name === 'PermanentError');
}
const ABORT_MESSAGES = {
    cancelled: 'step aborted: the task was cancelled (or timed out as a whole); stop, nothing more of this attempt is recorded',
    timeout: "step aborted: the step's timeout_seconds passed; stop, the attempt is failed with code timeout and retried while attempts remain",
    lease_lost: 'step aborted: this worker no longer holds the step (its lease expired or it was re-claimed); stop, another attempt owns it',
    shutdown: 'step aborted: the worker is shutting down; stop, the step is handed back and runs again',
};
/**
 * The `reason` of an aborted `ctx.signal` (so also what `ctx.signal.throwIfAborted()`
 * and a `fetch(url, { signal: ctx.signal })` throw): says why the attempt was stopped.
 *
 * @example
 * try { await fetch(url, { signal: ctx.signal }); }
 * catch (err) { if (isStepAbortedError(err, 'shutdown')) await saveWhereIWas(); throw err; }
 */
export class StepAbortedError extends Error {
    reason;
    constructor(reason, message = ABORT_MESSAGES[reason]) {
        super(message);
        this.name = 'StepAbortedError';
        this.reason = reason;
    }
}
/** True for a StepAbortedError (with that `reason`, if given), also across module copies by name. */
export function isStepAbortedError(err, reason) {
    const named = err instanceof StepAbortedError || (err instanceof Error && err.name === 'StepAbortedError');
    return named && (reason === undefined || err.reason === reason);
}
//# sourceMappingURL=errors.js.map