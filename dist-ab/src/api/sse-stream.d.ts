import type { ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { EventFeed } from '../core/event-feed.js';
import type { EventView } from '../core/views.js';
export interface SseStreamOptions {
    feed: EventFeed;
    res: ServerResponse;
    log: FastifyBaseLogger;
    /** The task followed, or null for every task's events. */
    taskId: string | null;
    /** Events after this log id are sent. */
    afterId: number;
    /** The task's state as of `afterId` (a task stream ends once it is terminal and drained). */
    taskState: string | null;
    heartbeatMs: number;
    maxBufferedBytes: number;
    /** A write that has not drained within this long drops the client. */
    drainTimeoutMs: number;
    batchSize: number;
    /** Wait before reading again after a failed read. */
    retryMs: number;
    /** Called once if the client is dropped for not reading. */
    onDrop?: () => void;
}
/** The SSE wire frame of one log event (DESIGN §4): only the fields that are set. */
export declare function formatEvent(event: EventView): string;
/**
 * The `end` frame of a task's stream. Its id is the stream's position: the id
 * of the last log row of the task that was sent (or the client's Last-Event-ID
 * when nothing newer was). It repeats that row's id on purpose: a client that
 * resumes after `end` with it gets `end` again at once, and replays nothing;
 * had the task left its terminal state since (an operator retry), it gets the
 * rows after it, nothing missed.
 */
export declare function formatEnd(lastId: number, taskId: string, status: string): string;
export declare class SseStream {
    private readonly opts;
    private lastId;
    private taskState;
    private closed;
    private dirty;
    private kick;
    private heartbeat;
    /** Resolves when the connection is gone, however it went. */
    readonly done: Promise<void>;
    private resolveDone;
    constructor(opts: SseStreamOptions);
    /** Sends the headers, then streams until the task ends, the client leaves or `close()` is called. */
    run(headers: Record<string, string | number | string[] | undefined>): Promise<void>;
    /** Ends the stream (server shutdown). */
    close(): void;
    private wake;
    private finish;
    /** Sends everything up to the feed's horizon. False when a read failed or the client went. */
    private drain;
    /**
     * Writes a frame. When the socket is backed up (write returns false) and the
     * unsent bytes pass the cap, the client is dropped rather than buffered for.
     * Returns false when the caller should wait for 'drain'.
     */
    private write;
    /** Waits until the socket takes more; false when the client left or did not read in time (then it is dropped). */
    private waitForDrain;
    private drop;
}
