/**
 * BatonClient's one way to call the API: a request over fetch whose failures
 * are typed (BatonError with the answer's code, status, `x-request-id` and
 * `Retry-After`), and whose transient failures are retried when the caller
 * says the call is safe to repeat.
 */
import { BatonError, errorFromAnswer } from '../errors.js';
import { retry } from '../retry.js';
import { isTransientFailure, parseRetryAfterMs, type ResolvedClientRetry } from './client-retry.js';
import { parseJsonOrUndefined } from './events.js';

export type RequestBody = { json: unknown } | { raw: string; contentType: string };

export interface RequestOptions {
  body?: RequestBody;
  headers?: Record<string, string>;
  /**
   * The call may be sent again after a transient failure: it changes nothing,
   * or a repeat finds what the first attempt did (an idempotency key). @default false
   */
  retry?: boolean;
}

export interface HttpAnswer<T> {
  status: number;
  body: T;
}

export interface HttpRequester {
  readonly baseUrl: string;
  /** `Authorization` for the token, if any. */
  readonly authHeaders: Record<string, string>;
  readonly fetch: typeof fetch;
  request<T>(method: string, path: string, opts?: RequestOptions): Promise<HttpAnswer<T>>;
  /** The error for a non-2xx answer (also used by the event streams). */
  errorFromResponse(status: number, text: string, headers: Headers | undefined, method: string, path: string): BatonError;
}

export interface HttpRequesterOptions {
  baseUrl: string;
  token: string | undefined;
  fetch: typeof fetch;
  /** Undefined: one attempt per call. */
  retry: ResolvedClientRetry | undefined;
}

export function createHttpRequester(opts: HttpRequesterOptions): HttpRequester {
  const { baseUrl } = opts;
  const authHeaders: Record<string, string> = opts.token !== undefined && opts.token !== '' ? { authorization: `Bearer ${opts.token}` } : {};
  const fetchFn = opts.fetch;

  function errorFromResponse(status: number, text: string, headers: Headers | undefined, method: string, path: string): BatonError {
    const snippet = text.trim().slice(0, 200);
    const requestId = headers?.get('x-request-id') ?? undefined;
    const retryAfterMs = parseRetryAfterMs(headers?.get('retry-after'), Date.now());
    return errorFromAnswer(status, parseJsonOrUndefined(text), `${method} ${path} failed with HTTP ${status}${snippet ? `: ${snippet}` : ''}`, { requestId, retryAfterMs });
  }

  async function attempt<T>(method: string, path: string, opts: RequestOptions): Promise<HttpAnswer<T>> {
    const headers: Record<string, string> = { ...opts.headers, accept: 'application/json', ...authHeaders };
    let payload: string | undefined;
    const body = opts.body;
    if (body !== undefined) {
      headers['content-type'] = 'json' in body ? 'application/json' : body.contentType;
      payload = 'json' in body ? JSON.stringify(body.json) : body.raw;
    }
    let res: Response;
    let text: string;
    try {
      res = await fetchFn(`${baseUrl}${path}`, { method, headers, ...(payload === undefined ? {} : { body: payload }) });
      text = await res.text();
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw new BatonError('unavailable', `cannot reach Baton at ${baseUrl}: is \`baton start\` running?`, {
        cause: err,
        details: { url: baseUrl, reason: describeNetworkError(err), network: true },
      });
    }
    if (!res.ok) throw errorFromResponse(res.status, text, res.headers, method, path);
    const parsed = text === '' ? undefined : parseJsonOrUndefined(text);
    if (parsed === undefined) {
      throw new BatonError('internal', `${method} ${path} answered ${res.status} without a JSON body; is ${baseUrl} a Baton server?`, {
        status: res.status,
        requestId: res.headers.get('x-request-id') ?? undefined,
      });
    }
    return { status: res.status, body: parsed as T };
  }

  return {
    baseUrl,
    authHeaders,
    fetch: fetchFn,
    errorFromResponse,
    request<T>(method: string, path: string, requestOpts: RequestOptions = {}): Promise<HttpAnswer<T>> {
      const policy = opts.retry;
      if (!requestOpts.retry || policy === undefined) return attempt<T>(method, path, requestOpts);
      return retry(() => attempt<T>(method, path, requestOpts), {
        attempts: policy.maxAttempts,
        policy: policy.policy,
        deadlineMs: policy.deadlineMs,
        isRetryable: isTransientFailure,
        requestedDelayMs: (err) => (err as BatonError).retryAfterMs,
        ...(policy.onRetry === undefined ? {} : { onRetry: (info) => policy.onRetry!({ ...info, method, path }) }),
      });
    },
  };
}

function describeNetworkError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message ?? String(err);
}
