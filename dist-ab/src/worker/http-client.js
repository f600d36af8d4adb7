import { BatonError, errorFromAnswer } from '../errors.js';
import { parseRetryAfterMs } from '../sdk/client-retry.js';
export function createProtocolClient(opts) {
    const base = opts.serverUrl.replace(/\/+$/, '');
    const doFetch = opts.fetch ?? globalThis.fetch;
    const headers = { 'content-type': 'application/json', accept: 'application/json' };
    if (opts.token)
        headers.authorization = `Bearer ${opts.token}`;
    async function call(method, path, body, extraMs = 0, signal) {
        const timeout = AbortSignal.timeout(opts.requestTimeoutMs + extraMs);
        let res;
        try {
            res = await doFetch(`${base}${path}`, {
                method,
                headers,
                ...(body === undefined ? {} : { body: JSON.stringify(body) }),
                signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
            });
        }
        catch (err) {
            if (signal?.aborted)
                throw err;
            // fetch says only "fetch failed"; the reason (ECONNREFUSED, a timeout) is its cause.
            const reason = err.cause?.message ?? err.message;
            if (isUnusableUrl(err))
                throw new BatonError('invalid_config', `the server URL cannot be used: ${reason}; check --server (or serverUrl)`, { cause: err });
            throw new BatonError('unavailable', `cannot reach the Baton server at ${base} (${method} ${path}): ${reason}`, { cause: err });
        }
        const text = await res.text();
        let parsed;
        try {
            parsed = text === '' ? undefined : JSON.parse(text);
        }
        catch {
            parsed = undefined;
        }
        if (!res.ok) {
            // A 429 or 503 says when to come back (`retryAfterMs`); the worker's retries wait at least that long.
            const requestId = res.headers.get('x-request-id') ?? undefined;
            const retryAfterMs = parseRetryAfterMs(res.headers.get('retry-after'), Date.now());
            throw errorFromAnswer(res.status, parsed, `HTTP ${res.status} from ${path}`, { requestId, retryAfterMs });
        }
        return parsed;
    }
    const worker = (id) => `/v1/workers/${encodeURIComponent(id)}`;
    return {
        register: (reg) => call('POST', '/v1/workers', reg),
        claim: (id, max, waitMs, signal, claimId) => call('POST', `${worker(id)}/claim`, { max, wait_ms: waitMs, ...(claimId !== undefined ? { claim_id: claimId } : {}) }, waitMs, signal),
        heartbeat: (id, executions, lastError) => call('POST', `${worker(id)}/heartbeat`, { executions, ...(lastError !== undefined ? { last_error: lastError } : {}) }),
        report: (kind, items) => call('POST', `/v1/executions/${kind}`, { items }),
        execution: (executionId, what, body) => call('POST', `/v1/executions/${encodeURIComponent(executionId)}/${what}`, body),
        remove: (id) => call('DELETE', worker(id), undefined),
    };
}
/**
 * A fetch failure that no wait can fix: a URL fetch refuses before any
 * connection (a malformed URL, an unknown scheme, a "bad port" such as 1 or
 * 9). Socket errors carry a code (ECONNREFUSED, UND_ERR_SOCKET, ENOTFOUND) and
 * timeouts a name; these carry neither.
 */
function isUnusableUrl(err) {
    let depth = 0;
    for (let e = err; e !== null && typeof e === 'object' && depth < 8; e = e.cause, depth++) {
        const { code, name } = e;
        if (code === 'ERR_INVALID_URL')
            return true;
        if (typeof code === 'string' || name === 'TimeoutError' || name === 'AbortError')
            return false;
    }
    // A bare "fetch failed" with no cause says nothing: treated as the server being away.
    return depth > 1;
}
//# sourceMappingURL=http-client.js.map