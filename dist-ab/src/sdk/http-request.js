/**
 * BatonClient's one way to call the API: a request over fetch whose failures
 * are typed (BatonError with the answer's code, status, `x-request-id` and
 * `Retry-After`), and whose transient failures are retried when the caller
 * says the call is safe to repeat.
 */
import { BatonError, errorFromAnswer } from '../errors.js';
import { retry } from '../retry.js';
import { isTransientFailure, parseRetryAfterMs } from './client-retry.js';
import { parseJsonOrUndefined } from './events.js';
export function createHttpRequester(opts) {
    const { baseUrl } = opts;
    const authHeaders = opts.token !== undefined && opts.token !== '' ? { authorization: `Bearer ${opts.token}` } : {};
    const fetchFn = opts.fetch;
    function errorFromResponse(status, text, headers, method, path) {
        const snippet = text.trim().slice(0, 200);
        const requestId = headers?.get('x-request-id') ?? undefined;
        const retryAfterMs = parseRetryAfterMs(headers?.get('retry-after'), Date.now());
        return errorFromAnswer(status, parseJsonOrUndefined(text), `${method} ${path} failed with HTTP ${status}${snippet ? `: ${snippet}` : ''}`, { requestId, retryAfterMs });
    }
    async function attempt(method, path, opts) {
        const headers = { ...opts.headers, accept: 'application/json', ...authHeaders };
        let payload;
        const body = opts.body;
        if (body !== undefined) {
            headers['content-type'] = 'json' in body ? 'application/json' : body.contentType;
            payload = 'json' in body ? JSON.stringify(body.json) : body.raw;
        }
        let res;
        let text;
        try {
            res = await fetchFn(`${baseUrl}${path}`, { method, headers, ...(payload === undefined ? {} : { body: payload }) });
            text = await res.text();
        }
        catch (err) {
            if (err.name === 'AbortError')
                throw err;
            throw new BatonError('unavailable', `cannot reach Baton at ${baseUrl}: is \`baton start\` running?`, {
                cause: err,
                details: { url: baseUrl, reason: describeNetworkError(err), network: true },
            });
        }
        if (!res.ok)
            throw errorFromResponse(res.status, text, res.headers, method, path);
        const parsed = text === '' ? undefined : parseJsonOrUndefined(text);
        if (parsed === undefined) {
            throw new BatonError('internal', `${method} ${path} answered ${res.status} without a JSON body; is ${baseUrl} a Baton server?`, {
                status: res.status,
                requestId: res.headers.get('x-request-id') ?? undefined,
            });
        }
        return { status: res.status, body: parsed };
    }
    return {
        baseUrl,
        authHeaders,
        fetch: fetchFn,
        errorFromResponse,
        request(method, path, requestOpts = {}) {
            const policy = opts.retry;
            if (!requestOpts.retry || policy === undefined)
                return attempt(method, path, requestOpts);
            return retry(() => attempt(method, path, requestOpts), {
                attempts: policy.maxAttempts,
                policy: policy.policy,
                deadlineMs: policy.deadlineMs,
                isRetryable: isTransientFailure,
                requestedDelayMs: (err) => err.retryAfterMs,
                ...(policy.onRetry === undefined ? {} : { onRetry: (info) => policy.onRetry({ ...info, method, path }) }),
            });
        },
    };
}
function describeNetworkError(err) {
    const cause = err.cause;
    return cause?.code ?? cause?.message ?? err.message ?? String(err);
}
//# sourceMappingURL=http-request.js.map