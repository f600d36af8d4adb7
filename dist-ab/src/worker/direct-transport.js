import { ClaimIds } from './claim-ids.js';
const toLeaseRef = (l) => ({ stepId: Number(l.executionId), leaseId: l.leaseId });
/** A worker talking to PostgreSQL directly: claims with SKIP LOCKED, wakes on NOTIFY. */
export class DirectTransport {
    opts;
    workerId;
    wakeup;
    constructor(opts, workerId) {
        this.opts = opts;
        this.workerId = workerId;
        this.wakeup = opts.wakeup;
    }
    /** Registers the worker, so operators see it and placement can be explained. */
    static async create(opts) {
        const workerId = await opts.engine.registerWorker({
            name: opts.name,
            transport: 'direct',
            handlers: opts.handlers,
            labels: opts.labels,
            capacity: opts.capacity,
        });
        return new DirectTransport(opts, workerId);
    }
    seq = 0;
    /** The claim takes every ready step it may, up to `max`; wake-ups are counted from its start, so none is missed. */
    shortClaimMeansEmpty = true;
    /**
     * Shared by `claim` and `completeAndClaim`: a claim whose connection broke
     * after its commit is replayed by the next claim of either kind.
     */
    claimIds = new ClaimIds();
    claimRequest(limit, claimId, retry) {
        // Only a retry looks for an earlier try's steps: a new id saves the statement.
        return { workerId: this.workerId, handlers: this.opts.handlers, labels: this.opts.labels, limit, leaseMs: this.opts.leaseMs, claimId, replay: retry };
    }
    async claim(max) {
        this.seq = this.wakeup.seq;
        return this.claimIds.run((claimId, retry) => this.opts.engine.claim(this.claimRequest(max, claimId, retry)));
    }
    async completeAndClaim(items, max) {
        const { results, executions } = await this.claimIds.run((claimId, retry) => this.opts.engine.completeAndClaim(items.map((i) => ({ executionId: i.executionId, leaseId: i.leaseId, output: i.output })), this.claimRequest(max, claimId, retry)));
        return { results, claimed: executions };
    }
    async waitForWork(timeoutMs, signal) {
        // Steps in backoff or scheduled with run_at send no NOTIFY when they come
        // due: sleep until the earliest one, bounded by the poll interval.
        const pollMs = this.opts.mode === 'event' ? Math.max(timeoutMs, 30_000) : Math.min(timeoutMs, this.opts.pollIntervalMs);
        let waitMs = pollMs;
        const next = await this.opts.engine.nextVisibleAt(this.opts.handlers).catch(() => null);
        if (next)
            waitMs = Math.min(waitMs, Math.max(0, next.getTime() - Date.now()) + 5);
        await this.wakeup.wait(this.seq, waitMs, signal);
    }
    complete(items) {
        return this.opts.engine.completeMany(items.map((i) => ({ executionId: i.executionId, leaseId: i.leaseId, output: i.output })));
    }
    fail(items) {
        return this.opts.engine.failMany(items);
    }
    progress(lease, data) {
        return this.opts.engine.progress(lease.executionId, lease.leaseId, data);
    }
    checkpoint(lease, data) {
        return this.opts.engine.checkpoint(lease.executionId, lease.leaseId, data);
    }
    async heartbeat(leases) {
        await this.opts.engine.touchWorker(this.workerId);
        const lost = await this.opts.engine.extendLeases(leases.map(toLeaseRef), this.opts.leaseMs);
        // Cancels reach a direct worker by NOTIFY first (onTaskStopped); what a heartbeat finds is a lost lease.
        return { abort: lost.map(String), cancelled: [] };
    }
    async release(leases) {
        await this.opts.engine.releaseLeases(leases.map(toLeaseRef));
    }
    onTaskStopped(onAbort) {
        return this.opts.engine.onTaskCancelled(onAbort);
    }
    /** Deregisters; the wake-ups are the caller's to close. */
    async close() {
        await this.opts.engine.stopWorker(this.workerId).catch(() => { });
    }
}
//# sourceMappingURL=direct-transport.js.map