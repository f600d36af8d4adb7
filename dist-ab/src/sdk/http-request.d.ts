/**
 * BatonClient's one way to call the API: a request over fetch whose failures
 * are typed (BatonError with the answer's code, status, `x-request-id` and
 * `Retry-After`), and whose transient failures are retried when the caller
 * says the call is safe to repeat.
 */
import { BatonError } from '../errors.js';
import { type ResolvedClientRetry } from './client-retry.js';
export type RequestBody = {
    json: unknown;
} | {
    raw: string;
    contentType: string;
};
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
export declare function createHttpRequester(opts: HttpRequesterOptions): HttpRequester;
