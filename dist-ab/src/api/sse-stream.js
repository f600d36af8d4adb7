/**
 * One Server-Sent Events connection: replays the log after the client's last
 * id, then follows the event feed. Memory per client is bounded: after a write
 * the socket cannot take, nothing more is read until it drains; a client whose
 * unsent bytes pass the cap, or that does not drain in time, is dropped (it
 * can reconnect with Last-Event-ID and lose nothing).
 */
import { TERMINAL_TASK_STATUSES } from '../domain/state-machine.js';
import { setTimeout as sleep } from 'node:timers/promises';
const TERMINAL_TASK_STATES = new Set(TERMINAL_TASK_STATUSES);
/** The SSE wire frame of one log event (DESIGN §4): only the fields that are set. */
export function formatEvent(event) {
    const data = { task_id: event.task_id };
    if (event.step !== null)
        data.step = event.step;
    if (event.from !== null)
        data.from = event.from;
    if (event.to !== null)
        data.to = event.to;
    if (event.attempt !== null)
        data.attempt = event.attempt;
    data.at = event.at;
    if (event.reason !== null)
        data.reason = event.reason;
    if (event.data !== null)
        data.data = event.data;
    // JSON.stringify escapes line breaks, so the data is always one `data:` line.
    return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`;
}
/**
 * The `end` frame of a task's stream. Its id is the stream's position: the id
 * of the last log row of the task that was sent (or the client's Last-Event-ID
 * when nothing newer was). It repeats that row's id on purpose: a client that
 * resumes after `end` with it gets `end` again at once, and replays nothing;
 * had the task left its terminal state since (an operator retry), it gets the
 * rows after it, nothing missed.
 */
export function formatEnd(lastId, taskId, status) {
    return `id: ${lastId}\nevent: end\ndata: ${JSON.stringify({ task_id: taskId, status })}\n\n`;
}
export class SseStream {
    opts;
    lastId;
    taskState;
    closed = false;
    dirty = true;
    kick;
    heartbeat;
    /** Resolves when the connection is gone, however it went. */
    done;
    resolveDone;
    constructor(opts) {
        this.opts = opts;
        this.lastId = opts.afterId;
        this.taskState = opts.taskState;
        this.done = new Promise((resolve) => (this.resolveDone = resolve));
    }
    /** Sends the headers, then streams until the task ends, the client leaves or `close()` is called. */
    async run(headers) {
        const { res, feed } = this.opts;
        res.on('close', () => this.finish());
        res.socket?.setNoDelay(true);
        res.writeHead(200, {
            ...headers,
            'content-type': 'text/event-stream; charset=utf-8',
            'cache-control': 'no-cache',
            'x-accel-buffering': 'no',
        });
        // Reconnecting EventSource clients wait this long; the first bytes also flush the headers.
        this.write('retry: 1000\n\n');
        this.heartbeat = setInterval(() => this.write(': ping\n\n'), this.opts.heartbeatMs);
        const unsubscribe = feed.subscribe({ taskId: this.opts.taskId, wake: () => this.wake() });
        try {
            while (!this.closed) {
                if (!this.dirty)
                    await new Promise((resolve) => (this.kick = resolve));
                this.kick = undefined;
                if (this.closed)
                    break;
                this.dirty = false;
                if (!(await this.drain()))
                    continue;
                if (this.opts.taskId !== null && this.taskState !== null && TERMINAL_TASK_STATES.has(this.taskState)) {
                    this.write(formatEnd(this.lastId, this.opts.taskId, this.taskState));
                    res.end();
                    break;
                }
            }
        }
        finally {
            unsubscribe();
            this.finish();
        }
        await this.done;
    }
    /** Ends the stream (server shutdown). */
    close() {
        if (!this.opts.res.writableEnded)
            this.opts.res.end();
        this.finish();
    }
    wake() {
        this.dirty = true;
        this.kick?.();
    }
    finish() {
        if (this.closed)
            return;
        this.closed = true;
        clearInterval(this.heartbeat);
        this.kick?.();
        this.resolveDone();
    }
    /** Sends everything up to the feed's horizon. False when a read failed or the client went. */
    async drain() {
        const { feed, taskId, batchSize } = this.opts;
        for (;;) {
            let events;
            try {
                events = await feed.read(taskId, this.lastId, batchSize);
            }
            catch (err) {
                this.opts.log.warn({ err, taskId }, 'event stream read failed; retrying');
                await sleep(this.opts.retryMs);
                this.dirty = true;
                return false;
            }
            for (const event of events) {
                if (this.closed)
                    return false;
                const flushed = this.write(formatEvent(event));
                this.lastId = event.id;
                if (event.type === 'transition' && event.step === null && event.to !== null)
                    this.taskState = event.to;
                // Backpressure: read and write no more until the client has taken what is buffered.
                if (!flushed && !(await this.waitForDrain()))
                    return false;
            }
            if (this.closed)
                return false;
            if (events.length < batchSize)
                return true;
        }
    }
    /**
     * Writes a frame. When the socket is backed up (write returns false) and the
     * unsent bytes pass the cap, the client is dropped rather than buffered for.
     * Returns false when the caller should wait for 'drain'.
     */
    write(frame) {
        const { res } = this.opts;
        if (this.closed || res.writableEnded)
            return true;
        const flushed = res.write(frame);
        if (!flushed) {
            const buffered = Math.max(res.writableLength, res.socket?.writableLength ?? 0);
            if (buffered > this.opts.maxBufferedBytes)
                this.drop(`client is not reading: ${buffered} bytes unsent (cap ${this.opts.maxBufferedBytes})`);
        }
        return flushed;
    }
    /** Waits until the socket takes more; false when the client left or did not read in time (then it is dropped). */
    waitForDrain() {
        const { res, drainTimeoutMs } = this.opts;
        return new Promise((resolve) => {
            if (this.closed)
                return resolve(false);
            const settle = (ok) => {
                clearTimeout(timer);
                res.off('drain', onDrain);
                res.off('close', onClose);
                resolve(ok);
            };
            const onDrain = () => settle(true);
            const onClose = () => settle(false);
            const timer = setTimeout(() => {
                this.drop(`client did not read for ${drainTimeoutMs} ms`);
                settle(false);
            }, drainTimeoutMs);
            res.once('drain', onDrain);
            res.once('close', onClose);
        });
    }
    drop(why) {
        if (this.closed)
            return;
        this.opts.log.warn({ taskId: this.opts.taskId, lastEventId: this.lastId }, `dropping slow event stream: ${why}`);
        this.opts.res.destroy();
        this.finish();
        this.opts.onDrop?.();
    }
}
//# sourceMappingURL=sse-stream.js.map