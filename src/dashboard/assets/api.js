// @ts-check
// The dashboard's only way to the server: JSON calls and event streams, both
// carrying the stored token as `Authorization: Bearer`. Streams are read with
// fetch rather than EventSource, which cannot send headers, so the token never
// appears in a URL.

import { createSseParser } from './sse-parser.js';

/** @typedef {import('./types.js').FeedState} FeedState */
/** @typedef {import('./types.js').ViewContext} ViewContext */

const TOKEN_KEY = 'baton.token';
/** @type {Set<(message: string) => void>} */
const unauthorizedListeners = new Set();

export function getToken() {
  try {
    return localStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

/** @param {string} token */
export function setToken(token) {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage disabled: the token lasts until the page closes.
  }
}

/**
 * Called with the server's message whenever it answers 401 (missing, bad or expired token).
 * @param {(message: string) => void} fn
 */
export function onUnauthorized(fn) {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
}

/** @param {string} message */
function unauthorized(message) {
  for (const fn of unauthorizedListeners) fn(message);
}

/** An error answer from the API: `{error: {code, message, details?}}` (DESIGN §4). */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   * @param {unknown} [details]
   */
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/**
 * @param {Record<string, string>} extra
 * @returns {Record<string, string>}
 */
function authHeaders(extra) {
  const token = getToken();
  return token ? { ...extra, authorization: `Bearer ${token}` } : { ...extra };
}

/**
 * @param {Response} res
 * @param {string} what
 */
async function errorFrom(res, what) {
  /** @type {{ error?: { code?: string, message?: string, details?: unknown } } | null} */
  let body = null;
  try {
    body = await res.json();
  } catch {
    // Not JSON (a proxy page, an empty body): keep the status alone.
  }
  const e = body?.error ?? {};
  const err = new ApiError(res.status, e.code ?? `http_${res.status}`, e.message ?? `${what} answered HTTP ${res.status}`, e.details);
  if (res.status === 401) unauthorized(err.message);
  return err;
}

/**
 * A JSON API call. POSTs without a body send no content type (Baton routes take an empty body as `{}`).
 * The answer's type is the caller's to name (see types.d.ts); it is not checked at run time.
 * @template [T=unknown]
 * @param {string} path
 * @param {{ method?: string, body?: unknown, signal?: AbortSignal }} [options]
 * @returns {Promise<T>}
 */
export async function api(path, { method = 'GET', body, signal } = {}) {
  const headers = authHeaders({ accept: 'application/json' });
  /** @type {RequestInit} */
  const init = { method, headers, signal, cache: 'no-store' };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  if (!res.ok) throw await errorFrom(res, `${method} ${path}`);
  const text = await res.text();
  // An empty answer is null; no route the page reads answers with an empty body.
  return /** @type {T} */ (text ? JSON.parse(text) : null);
}

/**
 * @param {number} ms
 * @param {AbortSignal} signal
 * @returns {Promise<void>}
 */
const sleep = (ms, signal) =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * Hears a stream's state: 'connecting', 'live', 'retrying', 'ended' or 'unavailable' (with the HTTP status).
 * @callback OnState
 * @param {FeedState} state
 * @param {number} [status]
 * @returns {void}
 */

/**
 * Shows a live view's feed state in the header and falls back to polling:
 * where the event route is unavailable (absent, or not permitted) `poll()`
 * runs every `everyMs` until it returns false; a 401 leaves the feed off (the
 * token panel is showing; saving a token re-renders the view). Hand
 * `onState` to `followEvents`; `stop()` ends the polling.
 * @param {Pick<ViewContext, 'setFeed'>} ctx
 * @param {number} everyMs
 * @param {() => unknown} poll
 */
export function feedWithPolling(ctx, everyMs, poll) {
  let stopped = false;
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let timer = undefined;
  return {
    /** @type {OnState} */
    onState: (state, status) => {
      if (stopped) return;
      if (state === 'unavailable' && status === 401) {
        ctx.setFeed('off');
      } else if (state === 'unavailable') {
        ctx.setFeed('polling');
        timer ??= setInterval(() => {
          if (poll() === false) clearInterval(timer);
        }, everyMs);
      } else {
        ctx.setFeed(state);
      }
    },
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}

/**
 * Follows a Server-Sent Events stream. `onEvent(type, data, id)` gets every
 * event (data parsed as JSON); `onState(state, status?)` hears 'connecting',
 * 'live', 'retrying', 'ended' (after an `end` event) or 'unavailable' (the
 * route answered 401/403/404, so the caller should fall back to polling). A
 * dropped connection is resumed with `Last-Event-ID`, so nothing is missed or
 * repeated. Returns `{ close() }`.
 *
 * `data` is typed as the caller says (an event stream's frames, see types.d.ts); it is not checked at run time.
 * @template [D=unknown]
 * @param {string} path
 * @param {{ onEvent: (type: string, data: D | null, id: string | null) => void, onState?: OnState }} handlers
 * @returns {{ close(): void }}
 */
export function followEvents(path, { onEvent, onState = () => {} }) {
  const controller = new AbortController();
  const { signal } = controller;
  /** @type {string | null} */
  let lastId = null;
  let ended = false;
  let delayMs = 1000;

  async function readOnce() {
    const headers = authHeaders({ accept: 'text/event-stream' });
    if (lastId !== null) headers['last-event-id'] = lastId;
    const res = await fetch(path, { headers, signal, cache: 'no-store' });
    if (!res.ok || !res.body) throw await errorFrom(res, `GET ${path}`);
    onState('live');
    delayMs = 1000;
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    const parser = createSseParser(({ id = null, event, data }) => {
      if (id !== null) lastId = id;
      if (event === 'end') ended = true;
      /** @type {unknown} */
      let parsed;
      try {
        parsed = data ? JSON.parse(data) : null;
      } catch {
        parsed = data;
      }
      onEvent(event, /** @type {D | null} */ (parsed), id);
    });
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return parser.end();
      parser.push(value);
      if (ended) return reader.cancel().catch(() => {});
    }
  }

  (async () => {
    onState('connecting');
    while (!signal.aborted && !ended) {
      try {
        await readOnce();
      } catch (err) {
        if (signal.aborted) return;
        if (err instanceof ApiError && [401, 403, 404].includes(err.status)) return onState('unavailable', err.status);
      }
      if (ended || signal.aborted) break;
      onState('retrying');
      await sleep(delayMs, signal);
      delayMs = Math.min(delayMs * 2, 15_000);
    }
    if (ended) onState('ended');
  })().catch((err) => console.error(`the event stream ${path} stopped:`, err));

  return { close: () => controller.abort() };
}
