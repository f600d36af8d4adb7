/**
 * Reading Baton's Server-Sent Events streams (DESIGN §4) with fetch: a pure
 * parser of the SSE wire format, and a follower that reconnects with
 * `Last-Event-ID`, so a dropped connection loses nothing.
 */
import type { JsonValue, TaskStatus } from '../domain/types.js';
import { type SseMessage } from '../dashboard/assets/sse-parser.js';
import { BatonError } from '../errors.js';
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
export declare function parseSse(chunks: AsyncIterable<string>): AsyncGenerator<SseMessage>;
/** JSON.parse, or undefined for text that is not JSON. */
export declare function parseJsonOrUndefined(text: string): unknown;
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
export declare function followEvents(req: FollowRequest, opts?: FollowOptions): AsyncGenerator<TaskEvent>;
