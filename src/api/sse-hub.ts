/**
 * The server's event streams: one shared event feed (one LISTEN on the events
 * channel, one horizon scan), the open-stream count and its cap.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Logger } from 'pino';
import { EventFeed } from '../core/event-feed.js';
import type { WakeMode } from '../core/wakeup.js';
import type { Db } from '../store/db.js';
import { BatonError } from '../errors.js';
import { SseStream, type SseStreamOptions } from './sse-stream.js';

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

export const defaultSseLimits: SseLimits = {
  maxStreams: 1000,
  heartbeatMs: 15_000,
  maxBufferedBytes: 1_048_576,
  drainTimeoutMs: 30_000,
  batchSize: 200,
  pollIntervalMs: 1000,
};

export type StreamRequest = Pick<SseStreamOptions, 'res' | 'log' | 'taskId' | 'afterId' | 'taskState'>;

/** Decorated on the app as `app.sse`: `openStreams` and `droppedStreams` are for metrics. */
export class SseHub {
  private feedStart: Promise<EventFeed> | undefined;
  private readonly streams = new Set<SseStream>();
  /** Streams admitted, including those still being set up. */
  private admitted = 0;
  private closing = false;

  constructor(
    private readonly db: Db,
    private readonly mode: WakeMode,
    readonly limits: SseLimits,
    private readonly logger: FastifyBaseLogger,
  ) {}

  /** Streams dropped so far because their client did not read (a counter). */
  droppedStreams = 0;

  /** Streams open now. */
  get openStreams(): number {
    return this.admitted;
  }

  /** The shared feed, started by the first stream. */
  feed(): Promise<EventFeed> {
    this.feedStart ??= EventFeed.start(this.db, {
      mode: this.mode,
      pollIntervalMs: this.limits.pollIntervalMs,
      ...(this.limits.gapTimeoutMs === undefined ? {} : { gapTimeoutMs: this.limits.gapTimeoutMs }),
      logger: this.logger.child({ loop: 'event-feed' }) as Logger,
    }).catch((err: unknown) => {
      this.feedStart = undefined;
      throw err;
    });
    return this.feedStart;
  }

  /** Refuses a new stream past the cap, or while the server shuts down. */
  assertRoom(): void {
    if (this.closing) throw new BatonError('unavailable', 'the server is shutting down; reconnect to another instance');
    if (this.admitted >= this.limits.maxStreams) {
      throw new BatonError('unavailable', `too many open event streams (server.max_sse_streams = ${this.limits.maxStreams}); retry later`, {
        details: { open_streams: this.admitted },
      });
    }
  }

  /**
   * Admits a stream before its first await, so that concurrent opens cannot
   * pass the cap together. Returns the release, called once when it ends.
   */
  admit(): () => void {
    this.assertRoom();
    this.admitted++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.admitted--;
    };
  }

  /** Runs one admitted stream to its end, then releases it. */
  async serve(release: () => void, feed: EventFeed, request: StreamRequest, headers: Record<string, string | number | string[] | undefined>): Promise<void> {
    if (this.closing) {
      release();
      request.res.destroy();
      return;
    }
    const { limits } = this;
    const stream = new SseStream({
      ...request,
      feed,
      heartbeatMs: limits.heartbeatMs,
      maxBufferedBytes: limits.maxBufferedBytes,
      drainTimeoutMs: limits.drainTimeoutMs,
      batchSize: limits.batchSize,
      retryMs: limits.pollIntervalMs,
      onDrop: () => this.droppedStreams++,
    });
    this.streams.add(stream);
    try {
      await stream.run(headers);
    } finally {
      this.streams.delete(stream);
      release();
    }
  }

  /** Ends every stream (before the HTTP server closes, which would otherwise wait for them). */
  closeStreams(): void {
    this.closing = true;
    for (const stream of this.streams) stream.close();
  }

  /** Stops the shared feed. */
  async close(): Promise<void> {
    this.closeStreams();
    const feed = await this.feedStart?.catch(() => undefined);
    await feed?.close();
  }
}
