/**
 * What BatonClient retries by itself, and how: which failures are transient,
 * how long to wait (backoff with jitter, or the server's `Retry-After`), and
 * when to give up. The loop itself is the shared one (src/retry.ts).
 */
import type { BackoffPolicy } from '../domain/backoff.js';
import { isBatonError } from '../errors.js';

/**
 * How BatonClient retries a safe call that failed transiently (docs/errors.md
 * lists what is retried). Every field is optional; `false` turns retries off.
 *
 * @example new BatonClient(url, { retry: { deadlineMs: 60_000 } })
 * @example new BatonClient(url, { retry: false }) // one attempt, errors at once
 */
export interface ClientRetryOptions {
  /**
   * Gives up this long after the call began, throwing the last failure. A wait
   * ends at the deadline at the latest; a `Retry-After` longer than the time
   * left ends the call at once (the error's `retryAfterMs` says how long).
   * An attempt in flight is not cut short. @default 30000
   */
  deadlineMs?: number;
  /** Attempts in all, the first included. @default Infinity (the deadline decides) */
  maxAttempts?: number;
  /** The first wait, doubled after each failure (with equal jitter: a wait lies in [d/2, d]). @default 200 */
  baseMs?: number;
  /** The longest wait of the backoff; a server's `Retry-After` may ask for longer and is honoured. @default 5000 */
  maxMs?: number;
  /** Hears each failure that will be retried, before its wait (for logs or metrics). */
  onRetry?: (info: { error: unknown; attempt: number; delayMs: number; method: string; path: string }) => void;
}

/** The defaults of ClientRetryOptions. */
export const DEFAULT_CLIENT_RETRY = { deadlineMs: 30_000, maxAttempts: Infinity, baseMs: 200, maxMs: 5_000 } as const;

/** The retry settings a client runs with; `undefined` when retries are off. */
export interface ResolvedClientRetry {
  deadlineMs: number;
  maxAttempts: number;
  policy: BackoffPolicy;
  onRetry: ClientRetryOptions['onRetry'];
}

export function resolveClientRetry(opts: ClientRetryOptions | false | undefined): ResolvedClientRetry | undefined {
  if (opts === false) return undefined;
  const given = opts ?? {};
  return {
    deadlineMs: given.deadlineMs ?? DEFAULT_CLIENT_RETRY.deadlineMs,
    maxAttempts: given.maxAttempts ?? DEFAULT_CLIENT_RETRY.maxAttempts,
    policy: { backoff: 'exponential', base_ms: given.baseMs ?? DEFAULT_CLIENT_RETRY.baseMs, max_ms: given.maxMs ?? DEFAULT_CLIENT_RETRY.maxMs, jitter: true },
    onRetry: given.onRetry,
  };
}

/** HTTP statuses that say "not now" rather than "not this": a proxy's or server's passing failure, or admission control. */
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/**
 * Socket errors of a connection that failed or broke: the server is
 * restarting, or closed the connection under the request. (A name that does
 * not resolve, or a TLS certificate that fails, is not here: retrying cannot fix it.)
 */
const TRANSIENT_NETWORK_CODES: ReadonlySet<string> = new Set([
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
export function isTransientNetworkError(err: unknown): boolean {
  let codeSeen = false;
  for (let e: unknown = err, depth = 0; e !== null && typeof e === 'object' && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message, name } = e as { code?: unknown; message?: unknown; name?: unknown };
    if (name === 'AbortError' || name === 'TimeoutError') return false;
    if (typeof code === 'string') {
      if (TRANSIENT_NETWORK_CODES.has(code)) return true;
      codeSeen = true;
    }
    if (typeof message === 'string' && TRANSIENT_NETWORK_MESSAGE.test(message)) return true;
  }
  return !codeSeen && err instanceof TypeError && err.message === 'fetch failed';
}

/**
 * Whether BatonClient retries a failed call (of a method that is safe to
 * repeat): a transient connection failure (the client's `unavailable` with
 * `details.network`), or an answer 429, 502, 503 or 504.
 */
export function isTransientFailure(err: unknown): boolean {
  if (!isBatonError(err)) return false;
  const network = (err.details as { network?: unknown } | undefined)?.network === true;
  return network ? isTransientNetworkError(err.cause) : TRANSIENT_STATUSES.has(err.status);
}

/**
 * A `Retry-After` header's wait in ms: delay-seconds (`"5"`) or an HTTP date
 * (a date in the past is 0). Undefined for no header or one that is neither.
 *
 * @example parseRetryAfterMs('5', Date.now()) // 5000
 */
export function parseRetryAfterMs(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // Date.parse also reads ISO strings and bare numbers; the header allows only an IMF-fixdate (and its two obsolete forms).
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * A fresh idempotency key for a submission that came without one, so its
 * retries name the same task: the server answers a repeated key (with the
 * same template and context) with the task it already made.
 */
export function generateIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}
