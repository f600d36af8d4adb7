/**
 * The server's event streams: one shared event feed (one LISTEN on the events
 * channel, one horizon scan), the open-stream count and its cap.
 */
import type { FastifyBaseLogger } from 'fastify';
import { EventFeed } from '../core/event-feed.js';
import type { WakeMode } from '../core/wakeup.js';
import type { Db } from '../store/db.js';
import { type SseStreamOptions } from './sse-stream.js';
export interface SseLimits {
    /** Most streams open at once; past it new ones get 503 `unavailable`. @default 1000 */
    maxStreams: number;
    /** Interval of the `: ping` comment that keeps idle connections and proxies open. @default 15000 */
    heartbeatMs: number;
    /** Unsent bytes a client may have before it is dropped. @default 1048576 (1 MiB) */
    maxBufferedBytes: number;
    /** How long a full socket may take to drain before the client is dropped. @default 30000 */
    drainTimeoutMs: number;
    /** Events read per query. @default 200 */
    batchSize: number;
    /** Fallback scan interval of the feed, for missed notifications. @default 1000 */
    pollIntervalMs: number;
    /** See EventFeedOptions.gapTimeoutMs. @default 3000 on PostgreSQL, 0 on PGlite */
    gapTimeoutMs?: number;
}
export declare const defaultSseLimits: SseLimits;
export type StreamRequest = Pick<SseStreamOptions, 'res' | 'log' | 'taskId' | 'afterId' | 'taskState'>;
/** Decorated on the app as `app.sse`: `openStreams` and `droppedStreams` are for metrics. */
export declare class SseHub {
    private readonly db;
    private readonly mode;
    readonly limits: SseLimits;
    private readonly logger;
    private feedStart;
    private readonly streams;
    /** Streams admitted, including those still being set up. */
    private admitted;
    private closing;
    constructor(db: Db, mode: WakeMode, limits: SseLimits, logger: FastifyBaseLogger);
    /** Streams dropped so far because their client did not read (a counter). */
    droppedStreams: number;
    /** Streams open now. */
    get openStreams(): number;
    /** The shared feed, started by the first stream. */
    feed(): Promise<EventFeed>;
    /** Refuses a new stream past the cap, or while the server shuts down. */
    assertRoom(): void;
    /**
     * Admits a stream before its first await, so that concurrent opens cannot
     * pass the cap together. Returns the release, called once when it ends.
     */
    admit(): () => void;
    /** Runs one admitted stream to its end, then releases it. */
    serve(release: () => void, feed: EventFeed, request: StreamRequest, headers: Record<string, string | number | string[] | undefined>): Promise<void>;
    /** Ends every stream (before the HTTP server closes, which would otherwise wait for them). */
    closeStreams(): void;
    /** Stops the shared feed. */
    close(): Promise<void>;
}
