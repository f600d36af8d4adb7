/**
 * The one registry of Baton's error codes. A code is stable once shipped and is
 * never reused for another meaning; `test/domain/errors.test.ts` checks that
 * every code here is documented in docs/errors.md.
 */
export declare const ErrorCodes: {
    readonly invalid_template: 400;
    readonly invalid_context: 400;
    readonly invalid_request: 400;
    readonly invalid_json: 400;
    readonly invalid_config: 400;
    readonly invalid_signal: 400;
    readonly invalid_schedule: 400;
    readonly not_found: 404;
    readonly conflict: 409;
    readonly stale_lease: 409;
    readonly payload_too_large: 413;
    readonly unsupported_media_type: 415;
    readonly unauthorized: 401;
    readonly forbidden: 403;
    readonly overloaded: 429;
    readonly unavailable: 503;
    readonly internal: 500;
    readonly schema_too_new: 500;
    readonly wait_timeout: 408;
};
export type ErrorCode = keyof typeof ErrorCodes;
/** The generic code for an HTTP status, when an answer carries no code of its own. */
export declare function errorCodeForStatus(status: number): ErrorCode | undefined;
export interface BatonErrorOptions {
    details?: unknown;
    cause?: unknown;
    status?: number;
    /** The answer's `x-request-id`, for an error a client rebuilt from an HTTP answer. */
    requestId?: string;
    /** The answer's `Retry-After`, in milliseconds. */
    retryAfterMs?: number;
}
/** An error with a stable `code` that the API and CLI show to users as is. */
export declare class BatonError extends Error {
    readonly code: ErrorCode;
    readonly status: number;
    readonly details: unknown;
    /**
     * The `x-request-id` of the HTTP answer this error was read from (clients
     * only); quote it when reporting a problem, the server's logs name it.
     */
    readonly requestId: string | undefined;
    /**
     * How long the answer asked the client to wait before trying again (its
     * `Retry-After`, seconds or an HTTP date), in milliseconds; set on a client's
     * `overloaded` (429) and `unavailable` (503) when the server sent one.
     */
    readonly retryAfterMs: number | undefined;
    constructor(code: ErrorCode, message: string, options?: BatonErrorOptions);
    toJSON(): {
        code: ErrorCode;
        message: string;
        details?: unknown;
    };
}
export declare function isBatonError(err: unknown, code?: ErrorCode): err is BatonError;
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
export declare function errorFromAnswer(status: number, body: unknown, fallbackMessage: string, answer?: Pick<BatonErrorOptions, 'requestId' | 'retryAfterMs'>): BatonError;
/**
 * Thrown by a handler to fail its step at once, with no further attempts
 * (the protocol's `retryable: false`).
 */
export declare class PermanentError extends Error {
    readonly code: string | undefined;
    readonly details: unknown;
    constructor(message: string, options?: {
        code?: string;
        details?: unknown;
        cause?: unknown;
    });
}
export declare function isPermanentError(err: unknown): err is PermanentError;
/**
 * Why a handler's `ctx.signal` aborted: `cancelled` (the task was cancelled,
 * or stopped as a whole by its `timeout_seconds`), `timeout` (the step's own
 * `timeout_seconds` passed), `lease_lost` (the worker no longer holds the
 * step: its lease expired and the step was failed or re-claimed elsewhere),
 * `shutdown` (the worker stopped and the grace period ran out; the step is
 * handed back and runs again, this attempt not counted).
 */
export type StepAbortReason = 'cancelled' | 'timeout' | 'lease_lost' | 'shutdown';
/**
 * The `reason` of an aborted `ctx.signal` (so also what `ctx.signal.throwIfAborted()`
 * and a `fetch(url, { signal: ctx.signal })` throw): says why the attempt was stopped.
 *
 * @example
 * try { await fetch(url, { signal: ctx.signal }); }
 * catch (err) { if (isStepAbortedError(err, 'shutdown')) await saveWhereIWas(); throw err; }
 */
export declare class StepAbortedError extends Error {
    readonly reason: StepAbortReason;
    constructor(reason: StepAbortReason, message?: string);
}
/** True for a StepAbortedError (with that `reason`, if given), also across module copies by name. */
export declare function isStepAbortedError(err: unknown, reason?: StepAbortReason): err is StepAbortedError;
