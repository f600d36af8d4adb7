import type { Logger } from 'pino';
import type { Db } from '../store/db.js';
import { type CommitObservers } from './observers.js';
export interface SweepCounts {
    expiredLeases: number;
    timedOutSteps: number;
    timedOutTasks: number;
    reconciled: number;
    lostWorkers?: number;
}
export interface SweepOptions {
    /** How long past its deadline a running step is left before it is timed out. */
    stepTimeoutGraceMs: number;
    /** Workers silent this long are marked lost; unset leaves them be. */
    workerSilenceMs?: number;
    /** Hear of what the sweeps commit (metrics count expired leases). @default none */
    observers?: CommitObservers;
}
/**
 * One pass of the background sweeps. Every action is guarded in SQL (lease id,
 * expiry, task status), so any number of processes may sweep at once.
 */
export declare function sweepOnce(db: Db, opts: SweepOptions): Promise<SweepCounts>;
/** Runs sweeps every `intervalMs`, single-flight; errors are logged and counted, never thrown. */
export declare function startSweeper(db: Db, opts: SweepOptions & {
    intervalMs: number;
    logger: Logger;
    onSweep?: (c: SweepCounts) => void;
}): () => Promise<void>;
