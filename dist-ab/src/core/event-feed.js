import { findTask } from '../store/tasks.js';
import { findTaskStateAt, listEventRefsAfter, listEventsSince, listTaskEventsBetween, maxEventId } from '../store/transitions.js';
import { toEventView } from './views.js';
import { Wakeup } from './wakeup.js';
/** On start, this many of the latest ids are checked for gaps like new ones. */
const START_WINDOW = 1000;
/**
 * The server's one reader of the events channel. It keeps a *horizon*: the
 * highest log id below which every row is committed (or gone for good), so a
 * stream that reads `id > last AND id <= horizon` in id order misses nothing
 * and repeats nothing. A NOTIFY (or the fallback poll) rescans the ids after
 * the horizon and wakes the subscribers whose task got events.
 */
export class EventFeed {
    db;
    wakeup;
    opts;
    horizonValue = 0;
    subscribers = new Set();
    /** First time each gap (keyed by its first missing id) was seen. */
    gaps = new Map();
    closed = false;
    loop;
    stopSignal = new AbortController();
    pollIntervalMs;
    gapTimeoutMs;
    batchSize;
    /** Scan failures so far (the loop logs them and goes on). */
    errors = 0;
    constructor(db, wakeup, opts) {
        this.db = db;
        this.wakeup = wakeup;
        this.opts = opts;
        this.pollIntervalMs = opts.pollIntervalMs ?? 1000;
        this.gapTimeoutMs = opts.gapTimeoutMs ?? (db.kind === 'pglite' ? 0 : 3000);
        this.batchSize = opts.batchSize ?? 1000;
    }
    /** Listens on the events channel, finds the starting horizon and starts the scan loop. */
    static async start(db, opts) {
        const wakeup = await Wakeup.create(db, opts.mode, 'events');
        const feed = new EventFeed(db, wakeup, opts);
        try {
            const max = await maxEventId(db);
            feed.horizonValue = feed.gapTimeoutMs > 0 ? Math.max(0, max - START_WINDOW) : max;
            await feed.scan();
        }
        catch (err) {
            await wakeup.close();
            throw err;
        }
        feed.loop = feed.run();
        return feed;
    }
    /** Every log id at or below this is final: committed, or never to appear. */
    get horizon() {
        return this.horizonValue;
    }
    /** Events after `afterId` up to the horizon, in id order: one task's, or every task's when `taskId` is null. */
    async read(taskId, afterId, limit) {
        const upTo = this.horizonValue;
        if (afterId >= upTo)
            return [];
        const rows = taskId === null ? await listEventsSince(this.db, afterId, upTo, limit) : await listTaskEventsBetween(this.db, taskId, afterId, upTo, limit);
        return rows.map(toEventView);
    }
    /** The task's status, or null when there is no such task. */
    async taskStatus(taskId) {
        return (await findTask(this.db, taskId))?.status ?? null;
    }
    /** The task's state as of log id `id`: the target of its latest task-level transition up to there. */
    taskStateAt(taskId, id) {
        return findTaskStateAt(this.db, taskId, id);
    }
    subscribe(subscriber) {
        this.subscribers.add(subscriber);
        return () => this.subscribers.delete(subscriber);
    }
    async close() {
        this.closed = true;
        this.stopSignal.abort();
        await this.wakeup.close();
        await this.loop;
    }
    async run() {
        while (!this.closed) {
            const seen = this.wakeup.seq;
            // A pending gap is re-checked when it may have timed out, not a whole poll later.
            const waitMs = this.gaps.size > 0 ? Math.min(this.pollIntervalMs, this.gapTimeoutMs) : this.pollIntervalMs;
            await this.wakeup.wait(seen, waitMs, this.stopSignal.signal);
            if (this.closed)
                break;
            try {
                await this.scan();
            }
            catch (err) {
                this.errors++;
                this.opts.logger.warn({ err }, 'event feed scan failed; retrying at the next notification or poll');
            }
        }
    }
    /** Advances the horizon over every contiguous (or timed-out) id and wakes whom it concerns. */
    async scan() {
        const before = this.horizonValue;
        const tasks = new Set();
        for (;;) {
            const refs = await listEventRefsAfter(this.db, this.horizonValue, this.batchSize);
            const blocked = this.advance(refs, tasks, Date.now());
            if (blocked || refs.length < this.batchSize)
                break;
        }
        for (const key of this.gaps.keys())
            if (key <= this.horizonValue)
                this.gaps.delete(key);
        if (this.horizonValue === before)
            return;
        for (const sub of [...this.subscribers]) {
            if (sub.taskId === null || tasks.has(sub.taskId))
                sub.wake();
        }
    }
    /** Moves the horizon along `refs`; true when it stopped at a gap that may still fill. */
    advance(refs, tasks, now) {
        let blocked = false;
        let previous = this.horizonValue;
        for (const ref of refs) {
            if (ref.id !== previous + 1) {
                // Every gap is noted when first seen, so gaps seen together time out together.
                const firstSeen = this.gaps.get(previous + 1) ?? now;
                this.gaps.set(previous + 1, firstSeen);
                if (now - firstSeen < this.gapTimeoutMs)
                    blocked = true;
            }
            previous = ref.id;
            if (blocked)
                continue;
            this.horizonValue = ref.id;
            tasks.add(ref.task_id);
        }
        return blocked;
    }
}
//# sourceMappingURL=event-feed.js.map