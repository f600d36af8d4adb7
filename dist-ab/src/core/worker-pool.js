import { BatonError } from '../errors.js';
import { drainWorker, executionsNotHeld, findCancelledSteps, extendWorkerLeases, findWorker, leasesOfWorker, listWorkers, liveWorkerCapabilities, recentlyCancelledOf, setWorkerState, touchWorker, touchWorkerAtMostEvery, } from '../store/workers.js';
import { sleepUnlessAborted as sleep } from '../sleep.js';
export function toWorkerView(w) {
    return {
        id: w.id,
        name: w.name,
        transport: w.transport,
        handlers: w.handlers,
        labels: w.labels,
        capacity: w.capacity,
        state: w.state,
        in_flight: w.in_flight,
        last_heartbeat_at: w.last_heartbeat_at.toISOString(),
        last_error: w.last_error,
        created_at: w.created_at.toISOString(),
    };
}
/**
 * The server side of the worker protocol: registration, long-poll claims,
 * heartbeats that extend leases and report aborts, drain and removal.
 */
export class WorkerPool {
    engine;
    wakeup;
    leaseMs;
    pollIntervalMs;
    observer;
    /**
     * @param leaseMs lease length given to every claim and extended by every heartbeat.
     * @param pollIntervalMs longest sleep of a waiting claim between two looks at
     *   the queue: NOTIFY wakes it sooner; the look also catches steps whose
     *   backoff or `run_at` has come (they send no NOTIFY) and, by touching the
     *   worker, keeps a long-polling worker from being judged lost.
     */
    constructor(engine, wakeup, leaseMs, pollIntervalMs = 1000, observer = {}) {
        this.engine = engine;
        this.wakeup = wakeup;
        this.leaseMs = leaseMs;
        this.pollIntervalMs = pollIntervalMs;
        this.observer = observer;
    }
    async register(reg) {
        const id = await this.engine.registerWorker(reg);
        this.observer.registered?.(id, reg.transport);
        return { id, lease_ms: this.leaseMs };
    }
    /** The worker, its liveness recorded (a claim proves it alive as a heartbeat does: hatchet#4254). */
    async live(workerId) {
        const worker = await touchWorkerAtMostEvery(this.engine.db, workerId, 1000);
        if (!worker)
            throw new BatonError('not_found', `worker ${workerId} is not registered (or was removed); register again with POST /v1/workers`);
        return worker;
    }
    /**
     * Claims up to `max` executions for the worker, waiting up to `waitMs` for
     * work to appear. Wakes on NOTIFY, so a submission is picked up at once. A
     * draining worker waits out `waitMs` and gets nothing, so its client does not
     * spin. Executions claimed for a caller that has gone (`signal` aborted: the
     * client disconnected) or for a worker removed meanwhile are handed back at
     * once rather than left to expire.
     *
     * `claimId` is the client's id for this call, reused on its retries: a retry
     * whose first try's answer was lost gets back what that try took (a
     * draining worker too: those steps run on) rather than taking more.
     */
    async claim(workerId, max, waitMs, signal, claimId) {
        const started = Date.now();
        const executions = await this.claimOrWait(workerId, max, waitMs, signal, claimId);
        this.observer.claimed?.(workerId, executions.length, Date.now() - started);
        return executions;
    }
    async claimOrWait(workerId, max, waitMs, signal, claimId) {
        const deadline = Date.now() + waitMs;
        for (let pass = 0;; pass++) {
            const worker = await this.live(workerId);
            const seq = this.wakeup.seq;
            // The server cannot tell a retry from a first try: the first pass looks
            // for what an earlier try took; the later ones know it took nothing.
            const replayed = pass === 0 && claimId !== undefined ? await this.engine.replayClaim(workerId, claimId, this.leaseMs) : [];
            const executions = replayed.length > 0
                ? replayed
                : worker.state === 'draining'
                    ? []
                    : await this.engine.claim({
                        workerId,
                        handlers: worker.handlers,
                        labels: worker.labels,
                        limit: max,
                        leaseMs: this.leaseMs,
                        ...(claimId !== undefined ? { claimId, replay: false } : {}),
                    });
            if (executions.length > 0)
                return this.keepOrHandBack(workerId, executions, signal);
            const remaining = deadline - Date.now();
            if (remaining <= 0 || signal?.aborted)
                return [];
            const sliceMs = Math.min(remaining, this.pollIntervalMs);
            // A draining worker has nothing to wake for; it only re-checks its state (an operator may remove it).
            await (worker.state === 'draining' ? sleep(sliceMs, signal) : this.wakeup.wait(seq, sliceMs, signal));
        }
    }
    async keepOrHandBack(workerId, executions, signal) {
        // Read after the claim committed: a DELETE marks the worker stopped before
        // it collects its leases, so a claim racing it is seen here or there.
        const worker = await findWorker(this.engine.db, workerId);
        if (!signal?.aborted && worker?.state !== 'stopped')
            return executions;
        await this.engine.releaseLeases(executions.map((e) => ({ stepId: Number(e.execution_id), leaseId: e.lease_id })));
        this.observer.handedBack?.(workerId, executions.length);
        return [];
    }
    /**
     * Extends the worker's leases: those of `executions` (what the worker
     * believes it runs), or all of them when no list is given. The answer names
     * the executions it must abort: of the listed ones, those it no longer holds
     * (task cancelled, step timed out, lease expired and re-claimed); without a
     * list, its recently cancelled ones. `cancelled` says which of them were
     * cancelled, so the handler's abort reason is `cancelled`, not `lease_lost`.
     */
    async heartbeat(workerId, executions, lastError) {
        // On the reserved connections: claims and reads holding every ordinary one must not let leases expire.
        const db = this.engine.db.reserved();
        const worker = await touchWorker(db, workerId, lastError);
        if (!worker)
            throw new BatonError('not_found', `worker ${workerId} is not registered (or was removed); register again with POST /v1/workers`);
        const stepIds = executions?.map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
        await extendWorkerLeases(db, workerId, this.leaseMs, stepIds);
        const abort = stepIds ? await executionsNotHeld(db, workerId, stepIds) : await recentlyCancelledOf(db, workerId, this.leaseMs * 2);
        const cancelled = stepIds ? await findCancelledSteps(db, abort) : abort;
        // An id that cannot be an execution is not held either: the worker should drop it.
        const invalid = (executions ?? []).filter((e) => !(Number.isSafeInteger(Number(e)) && Number(e) > 0));
        this.observer.heartbeat?.(workerId, abort.length + invalid.length);
        return { lease_ms: this.leaseMs, abort: [...abort.map(String), ...invalid], cancelled: cancelled.map(String), state: worker.state };
    }
    /** Stops handing the worker new work; what it runs goes on and may be reported. */
    async drain(workerId) {
        const row = await drainWorker(this.engine.db, workerId);
        if (!row)
            throw new BatonError('not_found', `worker ${workerId} is not registered`);
        return this.view(workerId);
    }
    /**
     * Deregisters a worker; its leases go back to ready at once (not counted as
     * attempts). Removing a removed worker again is a no-op, so a client may retry it.
     */
    async remove(workerId) {
        const worker = await findWorker(this.engine.db, workerId);
        if (!worker)
            throw new BatonError('not_found', `worker ${workerId} is not registered`);
        await setWorkerState(this.engine.db, workerId, 'stopped');
        const leases = await leasesOfWorker(this.engine.db, workerId);
        const released = await this.engine.releaseLeases(leases.map((l) => ({ stepId: l.id, leaseId: l.lease_id })));
        this.observer.removed?.(workerId, released);
        return { released };
    }
    /** Live, draining and lost workers (not removed ones), oldest first, with in-flight counts. */
    async list() {
        return (await listWorkers(this.engine.db, false)).map(toWorkerView);
    }
    async view(workerId) {
        const found = (await listWorkers(this.engine.db, true)).find((w) => w.id === workerId);
        if (!found)
            throw new BatonError('not_found', `worker ${workerId} is not registered`);
        return toWorkerView(found);
    }
    /** Handlers and labels of live workers: what placement checks against. */
    capabilities() {
        return liveWorkerCapabilities(this.engine.db);
    }
}
//# sourceMappingURL=worker-pool.js.map