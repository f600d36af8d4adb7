import type { WorkerRow } from '../store/rows.js';
import { type WorkerWithLoad, type NewWorker } from '../store/workers.js';
import type { Execution } from './claim.js';
import type { Engine } from './engine.js';
import type { WorkerView } from './views.js';
import type { Wakeup } from './wakeup.js';
/** What a worker registers with: everything stored but its id, which the pool assigns. */
export type WorkerRegistration = Omit<NewWorker, 'id'>;
export declare function toWorkerView(w: WorkerWithLoad): WorkerView;
/**
 * Hooks for metrics and tracing of the worker protocol (all optional, called
 * synchronously after the fact; they must not throw).
 */
export interface WorkerPoolObserver {
    /** A claim answered: how many executions, after how long a wait. */
    claimed?(workerId: string, count: number, waitedMs: number): void;
    /** Executions handed back because their claimer went away or was removed meanwhile. */
    handedBack?(workerId: string, count: number): void;
    /** A heartbeat answered, with the executions it told the worker to abort. */
    heartbeat?(workerId: string, aborted: number): void;
    registered?(workerId: string, transport: WorkerRegistration['transport']): void;
    removed?(workerId: string, released: number): void;
}
/**
 * The server side of the worker protocol: registration, long-poll claims,
 * heartbeats that extend leases and report aborts, drain and removal.
 */
export declare class WorkerPool {
    private readonly engine;
    private readonly wakeup;
    readonly leaseMs: number;
    private readonly pollIntervalMs;
    private readonly observer;
    /**
     * @param leaseMs lease length given to every claim and extended by every heartbeat.
     * @param pollIntervalMs longest sleep of a waiting claim between two looks at
     *   the queue: NOTIFY wakes it sooner; the look also catches steps whose
     *   backoff or `run_at` has come (they send no NOTIFY) and, by touching the
     *   worker, keeps a long-polling worker from being judged lost.
     */
    constructor(engine: Engine, wakeup: Wakeup, leaseMs: number, pollIntervalMs?: number, observer?: WorkerPoolObserver);
    register(reg: WorkerRegistration): Promise<{
        id: string;
        lease_ms: number;
    }>;
    /** The worker, its liveness recorded (a claim proves it alive as a heartbeat does: hatchet#4254). */
    private live;
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
    claim(workerId: string, max: number, waitMs: number, signal?: AbortSignal, claimId?: string): Promise<Execution[]>;
    private claimOrWait;
    private keepOrHandBack;
    /**
     * Extends the worker's leases: those of `executions` (what the worker
     * believes it runs), or all of them when no list is given. The answer names
     * the executions it must abort: of the listed ones, those it no longer holds
     * (task cancelled, step timed out, lease expired and re-claimed); without a
     * list, its recently cancelled ones. `cancelled` says which of them were
     * cancelled, so the handler's abort reason is `cancelled`, not `lease_lost`.
     */
    heartbeat(workerId: string, executions?: string[], lastError?: string | null): Promise<{
        lease_ms: number;
        abort: string[];
        cancelled: string[];
        state: WorkerRow['state'];
    }>;
    /** Stops handing the worker new work; what it runs goes on and may be reported. */
    drain(workerId: string): Promise<WorkerView>;
    /**
     * Deregisters a worker; its leases go back to ready at once (not counted as
     * attempts). Removing a removed worker again is a no-op, so a client may retry it.
     */
    remove(workerId: string): Promise<{
        released: number;
    }>;
    /** Live, draining and lost workers (not removed ones), oldest first, with in-flight counts. */
    list(): Promise<WorkerView[]>;
    view(workerId: string): Promise<WorkerView>;
    /** Handlers and labels of live workers: what placement checks against. */
    capabilities(): Promise<{
        handlers: string[];
        labels: Record<string, string>;
        state: string;
    }[]>;
}
