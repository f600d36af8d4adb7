import { channelName } from '../store/db.js';
/**
 * Wakes idle claim loops when work becomes ready. A sequence number closes the
 * race between "claimed nothing" and "started waiting": a waiter passes the
 * sequence it saw before claiming and returns at once if it has moved since.
 */
export class Wakeup {
    mode;
    seqValue = 0;
    waiters = new Set();
    unsubscribe;
    constructor(mode) {
        this.mode = mode;
    }
    static async create(db, mode, topic = 'ready') {
        const wakeup = new Wakeup(mode);
        if (mode !== 'polling') {
            wakeup.unsubscribe = await db.listen(channelName(db.schema, topic), () => wakeup.notify());
        }
        return wakeup;
    }
    get seq() {
        return this.seqValue;
    }
    notify() {
        this.seqValue++;
        for (const wake of [...this.waiters])
            wake();
    }
    /** Resolves on a notification after `seenSeq`, after `timeoutMs`, or when `signal` aborts. */
    wait(seenSeq, timeoutMs, signal) {
        if (this.seqValue !== seenSeq || signal?.aborted)
            return Promise.resolve();
        return new Promise((resolve) => {
            const done = () => {
                clearTimeout(timer);
                this.waiters.delete(done);
                signal?.removeEventListener('abort', done);
                resolve();
            };
            const timer = setTimeout(done, Math.max(0, timeoutMs));
            this.waiters.add(done);
            signal?.addEventListener('abort', done, { once: true });
        });
    }
    async close() {
        for (const wake of [...this.waiters])
            wake();
        await this.unsubscribe?.();
    }
}
//# sourceMappingURL=wakeup.js.map