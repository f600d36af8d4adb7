/**
 * The API's one error path: every failure (a BatonError from the engine, a
 * Fastify error, a zod validation error, a lost database connection or a bug)
 * becomes `{error: {code, message, details?}}` with a stable code from
 * src/errors.ts. Clients never see a stack trace or an internal message.
 */
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { BatonError, ErrorCodes, isBatonError, errorCodeForStatus } from '../errors.js';
import { isConnectionError, sqlState } from '../store/sqlstate.js';
/** Seconds a client should wait before retrying when the database is unreachable. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;
const INTERNAL_MESSAGE = 'internal error; the server logged it under this request id (x-request-id)';
function reply(code, message, details, status = ErrorCodes[code]) {
    const level = status >= 500 ? 'error' : 'info';
    return { status, body: { error: details === undefined ? { code, message } : { code, message, details } }, headers: {}, level };
}
/** Fastify's own errors (FST_ERR_*), by code, to ours. */
function fromFastifyError(err, opts) {
    switch (err.code) {
        case 'FST_ERR_CTP_BODY_TOO_LARGE':
            return reply('payload_too_large', `request body is larger than the limit of ${opts.bodyLimitBytes} bytes (server.body_limit_bytes); send less, or split a batch`);
        case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
            return reply('unsupported_media_type', 'unsupported content type; send application/json (POST /v1/templates also takes application/yaml)');
        case 'FST_ERR_CTP_INVALID_JSON_BODY':
        case 'FST_ERR_CTP_EMPTY_JSON_BODY':
            return reply('invalid_json', 'request body is not valid JSON');
        case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
            return reply('invalid_request', 'the Content-Length header does not match the body sent');
        case 'FST_ERR_BAD_URL':
            return reply('invalid_request', 'the request URL is not valid (bad percent-encoding?)');
        case 'FST_ERR_MAX_PARAM_LENGTH':
        case 'FST_ERR_NOT_FOUND':
            return reply('not_found', 'no such resource');
        case 'FST_ERR_VALIDATION':
            return reply('invalid_request', err.message);
        default:
            return undefined;
    }
}
/** Any other error that carries a client (4xx) status: classified by the status alone. */
function fromStatus(status, message) {
    // A 4xx the status does not name more precisely is the client's request.
    const code = errorCodeForStatus(status);
    return reply(code && status < 500 ? code : 'invalid_request', message, undefined, status);
}
/** Maps any thrown value to the reply a client gets. */
export function toErrorReply(err, opts) {
    if (isBatonError(err)) {
        const mapped = reply(err.code, err.message, err.details, err.status);
        if (err.code === 'unavailable' || err.code === 'overloaded') {
            mapped.headers['retry-after'] = String(UNAVAILABLE_RETRY_AFTER_SECONDS);
            mapped.level = 'warn';
        }
        return mapped;
    }
    // Checked before the Fastify codes: a lost connection can surface wrapped in anything.
    if (isConnectionError(err)) {
        const mapped = reply('unavailable', 'the database is unreachable; retry shortly');
        mapped.headers['retry-after'] = String(UNAVAILABLE_RETRY_AFTER_SECONDS);
        mapped.level = 'warn';
        return mapped;
    }
    // SQLSTATE class 22 (data exception): a request value the database cannot store or
    // compare. Routes validate first; this keeps anything they miss a 400, not a 500.
    const state = sqlState(err);
    if (state !== undefined && state.startsWith('22')) {
        const mapped = reply('invalid_request', `a value in the request cannot be stored: ${err.message.slice(0, 200)}`);
        mapped.level = 'warn';
        return mapped;
    }
    if (err && typeof err === 'object') {
        const e = err;
        if (typeof e.code === 'string' && e.code.startsWith('FST_ERR_')) {
            const mapped = fromFastifyError(e, opts);
            if (mapped)
                return mapped;
        }
        if (Array.isArray(e.validation))
            return reply('invalid_request', e.message);
        // Fastify and its plugins mark client errors with statusCode; their messages are meant for clients.
        if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500)
            return fromStatus(e.statusCode, e.message);
    }
    return reply('internal', INTERNAL_MESSAGE);
}
/** Sends `err` as the error body, with x-request-id, logging server-side failures with the error itself. */
export function sendError(request, res, err, opts) {
    const mapped = toErrorReply(err, opts);
    if (mapped.level === 'error')
        request.log.error({ err }, 'request failed');
    else if (mapped.level === 'warn')
        request.log.warn({ err, code: mapped.body.error.code }, 'request refused');
    else
        request.log.info({ code: mapped.body.error.code, reason: mapped.body.error.message }, 'request rejected');
    return res
        .code(mapped.status)
        .headers({ ...mapped.headers, 'x-request-id': request.id })
        .type('application/json')
        .send(mapped.body);
}
/** Installs the error and not-found handlers on the root instance (children inherit them). */
export function registerErrorHandling(app, opts) {
    app.setErrorHandler((err, request, res) => sendError(request, res, err, opts));
    app.setNotFoundHandler((request, res) => sendError(request, res, new BatonError('not_found', `no route ${request.method} ${request.url.split('?')[0].slice(0, 200)}; see the HTTP API in the docs`), opts));
}
/** Node's errors for requests it refuses before any route sees them, by code: status and message. */
const CLIENT_ERRORS = {
    ERR_HTTP_REQUEST_TIMEOUT: [408, 'the request was not received in time (server request and header timeouts); send it whole, promptly'],
    HPE_HEADER_OVERFLOW: [431, 'the request headers are too large'],
};
/**
 * Fastify's `clientErrorHandler`: answers a request Node refused (a slow
 * client's timeout, malformed or oversized headers) in the API's error shape,
 * then closes the socket. Its log line names the error code only: Node attaches
 * the raw bytes of a malformed request (`rawPacket`), headers and tokens included.
 */
export function answerClientError(err, socket) {
    // A reset socket has nothing left to answer (https://nodejs.org/api/http.html#event-clienterror).
    if (err.code === 'ECONNRESET' || socket.destroyed)
        return;
    const [status, message] = CLIENT_ERRORS[err.code ?? ''] ?? [400, 'the request is not valid HTTP'];
    const requestId = randomUUID();
    this.log.debug({ reqId: requestId, code: err.code, status }, 'client error: request refused before routing');
    if (socket.writable) {
        const body = JSON.stringify({ error: { code: errorCodeForStatus(status) ?? 'invalid_request', message } });
        socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nx-request-id: ${requestId}\r\n\r\n${body}`);
    }
    socket.destroy();
}
//# sourceMappingURL=errors.js.map