import { EventFeed } from '../core/event-feed.js';
import { BatonError } from '../errors.js';
import { SseStream } from './sse-stream.js';
export const defaultSseLimits = {
    maxStreams: 1000,
    heartbeatMs: 15_000,
    maxBufferedBytes: 1_048_576,
    drainTimeoutMs: 30_000,
    batchSize: 200,
    pollIntervalMs: 1000,
};
/** Decorated on the app as `app.sse`: `openStreams` and `droppedStreams` are for metrics. */
export class SseHub {
    db;
    mode;
    limits;
    logger;
    feedStart;
    streams = new Set();
    /** Streams admitted, including those still being set up. */
    admitted = 0;
    closing = false;
    constructor(db, mode, limits, logger) {
        this.db = db;
        this.mode = mode;
        this.limits = limits;
        this.logger = logger;
    }
    /** Streams dropped so far because their client did not read (a counter). */
    droppedStreams = 0;
    /** Streams open now. */
    get openStreams() {
        return this.admitted;
    }
    /** The shared feed, started by the first stream. */
    feed() {
        this.feedStart ??= EventFeed.start(this.db, {
            mode: this.mode,
            pollIntervalMs: this.limits.pollIntervalMs,
            ...(this.limits.gapTimeoutMs === undefined ? {} : { gapTimeoutMs: this.limits.gapTimeoutMs }),
            logger: this.logger.child({ loop: 'event-feed' }),
        }).catch((err) => {
            this.feedStart = undefined;
            throw err;
        });
        return this.feedStart;
    }
    /** Refuses a new stream past the cap, or while the server shuts down. */
    assertRoom() {
        if (this.closing)
            throw new BatonError('unavailable', 'the server is shutting down; reconnect to another instance');
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
    admit() {
        this.assertRoom();
        this.admitted++;
        let released = false;
        return () => {
            if (released)
                return;
            released = true;
            this.admitted--;
        };
    }
    /** Runs one admitted stream to its end, then releases it. */
    async serve(release, feed, request, headers) {
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
        }
        finally {
            this.streams.delete(stream);
            release();
        }
    }
    /** Ends every stream (before the HTTP server closes, which would otherwise wait for them). */
    closeStreams() {
        this.closing = true;
        for (const stream of this.streams)
            stream.close();
    }
    /** Stops the shared feed. */
    async close() {
        this.closeStreams();
        const feed = await this.feedStart?.catch(() => undefined);
        await feed?.close();
    }
}
//# sourceMappingURL=sse-hub.js.map