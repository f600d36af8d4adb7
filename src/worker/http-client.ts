/**
 * The worker protocol's calls (docs/worker-protocol.md) as typed functions over
 * fetch. Error answers become BatonErrors with the server's code and status.
 */
import type { Execution } from '../core/claim.js';
import { BatonError, errorFromAnswer } from '../errors.js';
import { parseRetryAfterMs } from '../sdk/client-retry.js';

export interface ProtocolClientOptions {
  serverUrl: string;
  token?: string;
  /** Timeout of each call; a claim gets its `wait_ms` on top. */
  requestTimeoutMs: number;
  fetch?: typeof fetch;
}

export interface Registration {
  name: string;
  handlers: string[];
  labels: Record<string, string>;
  capacity: number;
}

export interface ReportAnswer {
  results: { execution_id: string; status: string }[];
}

export interface HeartbeatAnswer {
  lease_ms: number;
  abort: string[];
  /** Which of `abort` were cancelled (absent from servers before 0.2). */
  cancelled?: string[];
  state: string;
}

/**
 * The protocol's calls; every one throws a BatonError for an error answer
 * (with its `requestId` and `retryAfterMs`) or an unreachable server
 * (`unavailable`). None retries: the transport decides what is worth it.
 */
export interface ProtocolClient {
  register(reg: Registration): Promise<{ id: string; lease_ms: number }>;
  /** `claimId`: this call's id, the same on its retries (the server then answers what a try whose answer was lost took). */
  claim(workerId: string, max: number, waitMs: number, signal?: AbortSignal, claimId?: string): Promise<{ executions: Execution[] }>;
  heartbeat(workerId: string, executions: string[], lastError?: string): Promise<HeartbeatAnswer>;
  report(kind: 'complete' | 'fail', items: object[]): Promise<ReportAnswer>;
  execution(executionId: string, what: 'progress' | 'checkpoint' | 'complete' | 'fail', body: object): Promise<unknown>;
  remove(workerId: string): Promise<{ released: number }>;
}

export function createProtocolClient(opts: ProtocolClientOptions): ProtocolClient {
  const base = opts.serverUrl.replace(/\/+$/, '');
  const doFetch = opts.fetch ?? globalThis.fetch;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;

  async function call<T>(method: string, path: string, body: unknown, extraMs = 0, signal?: AbortSignal): Promise<T> {
    const timeout = AbortSignal.timeout(opts.requestTimeoutMs + extraMs);
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      // fetch says only "fetch failed"; the reason (ECONNREFUSED, a timeout) is its cause.
      const reason = ((err as Error).cause as Error | undefined)?.message ?? (err as Error).message;
      if (isUnusableUrl(err)) throw new BatonError('invalid_config', `the server URL cannot be used: ${reason}; check --server (or serverUrl)`, { cause: err });
      throw new BatonError('unavailable', `cannot reach the Baton server at ${base} (${method} ${path}): ${reason}`, { cause: err });
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!res.ok) {
      // A 429 or 503 says when to come back (`retryAfterMs`); the worker's retries wait at least that long.
      const requestId = res.headers.get('x-request-id') ?? undefined;
      const retryAfterMs = parseRetryAfterMs(res.headers.get('retry-after'), Date.now());
      throw errorFromAnswer(res.status, parsed, `HTTP ${res.status} from ${path}`, { requestId, retryAfterMs });
    }
    return parsed as T;
  }

  const worker = (id: string) => `/v1/workers/${encodeURIComponent(id)}`;
  return {
    register: (reg) => call('POST', '/v1/workers', reg),
    claim: (id, max, waitMs, signal, claimId) =>
      call('POST', `${worker(id)}/claim`, { max, wait_ms: waitMs, ...(claimId !== undefined ? { claim_id: claimId } : {}) }, waitMs, signal),
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
function isUnusableUrl(err: unknown): boolean {
  let depth = 0;
  for (let e: unknown = err; e !== null && typeof e === 'object' && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, name } = e as { code?: unknown; name?: unknown };
    if (code === 'ERR_INVALID_URL') return true;
    if (typeof code === 'string' || name === 'TimeoutError' || name === 'AbortError') return false;
  }
  // A bare "fetch failed" with no cause says nothing: treated as the server being away.
  return depth > 1;
}
