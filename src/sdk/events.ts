/**
 * Reading Baton's Server-Sent Events streams (DESIGN §4) with fetch: a pure
 * parser of the SSE wire format, and a follower that reconnects with
 * `Last-Event-ID`, so a dropped connection loses nothing.
 */
import type { JsonValue, TaskStatus } from '../domain/types.js';
import { createSseParser, type SseMessage } from '../dashboard/assets/sse-parser.js';
import { BatonError } from '../errors.js';
import { abortableSleep as sleep } from '../sleep.js';

/** The `data:` of an event (DESIGN §4 wire shape); `status` is set on `end` only. */
export interface TaskEventData {
  task_id: string;
  step?: string;
  from?: string;
  to?: string;
  attempt?: number;
  at?: string;
  reason?: string;
  data?: JsonValue;
  status?: TaskStatus;
}

/**
 * One event: `transition` and `progress` carry their log id; `end` closes a
 * task's stream and repeats the id of the last log event (resuming with it
 * gets `end` again at once). `null` only from a server that sent no `id:`.
 */
export interface TaskEvent {
  id: number | null;
  event: 'transition' | 'progress' | 'end';
  data: TaskEventData;
}

export type { SseMessage };

/**
 * Splits a text stream into SSE messages, with the parser the dashboard uses
 * too (src/dashboard/assets/sse-parser.js: the WHATWG event-stream rules).
 * Unlike EventSource's `lastEventId`, `id` is only set on a message that
 * carried an `id:` line itself.
 */
export async function* parseSse(chunks: AsyncIterable<string>): AsyncGenerator<SseMessage> {
  const complete: SseMessage[] = [];
  const parser = createSseParser((message) => complete.push(message));
  for await (const chunk of chunks) {
    parser.push(chunk);
    yield* complete.splice(0);
  }
  parser.end();
  yield* complete.splice(0);
}

/** JSON.parse, or undefined for text that is not JSON. */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function* decode(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) yield decoder.decode(chunk, { stream: true });
}

export interface FollowOptions {
  /** Resume after this log id (events up to it are not sent again). */
  lastEventId?: number;
  /** Stops following; the iterator then throws the signal's reason. */
  signal?: AbortSignal;
  /** Reconnects after a lost connection, this many times in a row before giving up. @default 10 */
  maxReconnects?: number;
  /** A connection silent this long (no event, no heartbeat) counts as lost. @default 60000 */
  idleTimeoutMs?: number;
}

export interface FollowRequest {
  url: string;
  headers: Record<string, string>;
  fetch: typeof fetch;
  /** Turns a non-2xx answer into the error to throw (`headers` give its request id and Retry-After). */
  errorFrom(status: number, text: string, headers?: Headers): BatonError;
}

/**
 * Follows an event stream until its `end` event (yielded last), reconnecting
 * with `Last-Event-ID` when the connection drops.
 */
export async function* followEvents(req: FollowRequest, opts: FollowOptions = {}): AsyncGenerator<TaskEvent> {
  let lastId = opts.lastEventId;
  let failures = 0;
  let retryMs = 1000;
  const maxReconnects = opts.maxReconnects ?? 10;
  const idleTimeoutMs = opts.idleTimeoutMs ?? 60_000;
  for (;;) {
    opts.signal?.throwIfAborted();
    const connection = new AbortController();
    const onAbort = () => connection.abort(opts.signal!.reason);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    let idle: NodeJS.Timeout | undefined;
    const touch = () => {
      clearTimeout(idle);
      idle = setTimeout(() => connection.abort(new Error(`no data for ${idleTimeoutMs} ms`)), idleTimeoutMs);
    };
    let lost: unknown;
    try {
      touch();
      const headers = { ...req.headers, accept: 'text/event-stream', ...(lastId === undefined ? {} : { 'last-event-id': String(lastId) }) };
      const res = await req.fetch(req.url, { headers, signal: connection.signal });
      if (!res.ok || res.body === null) {
        const text = await res.text().catch(() => '');
        const error = req.errorFrom(res.status, text, res.headers);
        if (res.status !== 503) throw error;
        lost = error;
      } else {
        const chunks = decode(res.body);
        const touched = (async function* () {
          for await (const chunk of chunks) {
            touch();
            yield chunk;
          }
        })();
        for await (const message of parseSse(touched)) {
          if (message.retry !== undefined) retryMs = message.retry;
          const event = { id: message.id === undefined ? null : Number(message.id), event: message.event, data: JSON.parse(message.data) as TaskEventData } as TaskEvent;
          if (event.id !== null) lastId = event.id;
          failures = 0;
          yield event;
          if (event.event === 'end') return;
        }
        lost = new Error('the server closed the stream');
      }
    } catch (err) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      if (err instanceof BatonError) throw err;
      lost = err;
    } finally {
      clearTimeout(idle);
      opts.signal?.removeEventListener('abort', onAbort);
      connection.abort();
    }
    if (++failures > maxReconnects) {
      throw new BatonError('unavailable', `lost the event stream ${req.url} ${failures} times in a row: ${(lost as Error)?.message ?? lost}`, { cause: lost });
    }
    await sleep(retryMs, opts.signal);
  }
}
