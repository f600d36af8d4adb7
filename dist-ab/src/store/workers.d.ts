import type { Queryable } from './db.js';
import type { WorkerRow } from './rows.js';
/** What registering a worker stores; the rest of the row has defaults. */
export type NewWorker = Pick<WorkerRow, 'id' | 'name' | 'transport' | 'handlers' | 'labels' | 'capacity'>;
export declare function insertWorker(db: Queryable, w: NewWorker): Promise<WorkerRow>;
export declare function findWorker(db: Queryable, id: string): Promise<WorkerRow | null>;
/** Records a heartbeat; a lost worker that speaks again is active again. Returns null for an unknown or stopped worker. */
export declare function touchWorker(db: Queryable, id: string, lastError?: string | null): Promise<WorkerRow | null>;
/**
 * Like `touchWorker` (without an error to record), but writes only when the
 * last heartbeat is older than `minIntervalMs` or the worker is lost: every
 * claim proves the worker alive, and a write per claim would cost a commit
 * (a WAL flush) per claim for no information.
 */
export declare function touchWorkerAtMostEvery(db: Queryable, id: string, minIntervalMs: number): Promise<WorkerRow | null>;
export declare function setWorkerState(db: Queryable, id: string, state: WorkerRow['state']): Promise<WorkerRow | null>;
export interface WorkerWithLoad extends WorkerRow {
    in_flight: number;
}
/** Workers with their in-flight count; stopped ones only when asked. */
export declare function listWorkers(db: Queryable, includeStopped: boolean): Promise<WorkerWithLoad[]>;
/** Workers silent for longer than `silenceMs` are lost; their leases expire on their own. */
export declare function markLostWorkers(db: Queryable, silenceMs: number): Promise<number>;
/** Forgets stopped and long-lost workers so the table does not grow with restarts. */
export declare function deleteStaleWorkers(db: Queryable, olderThanMs: number): Promise<number>;
/** Live (active or draining) workers' handlers and labels: the input of placement checks. */
export declare function liveWorkerCapabilities(db: Queryable): Promise<{
    handlers: string[];
    labels: Record<string, string>;
    state: string;
}[]>;
/** Leases held by one worker (for heartbeats and for giving them all back). */
export declare function leasesOfWorker(db: Queryable, workerId: string): Promise<{
    id: number;
    lease_id: string;
}[]>;
/**
 * Extends the leases a worker holds; returns the step ids extended. With
 * `stepIds`, only those: a lease the worker no longer knows of (a claim answer
 * lost on the wire) then expires and its step is retried, instead of being
 * kept alive forever by a worker that will never run it.
 */
export declare function extendWorkerLeases(db: Queryable, workerId: string, leaseMs: number, stepIds?: number[]): Promise<number[]>;
/** Stops handing a worker new work; a stopped (removed) worker stays stopped. */
export declare function drainWorker(db: Queryable, id: string): Promise<WorkerRow | null>;
/** Of the given executions, those this worker no longer holds (cancelled, timed out, re-claimed). */
export declare function executionsNotHeld(db: Queryable, workerId: string, stepIds: number[]): Promise<number[]>;
/** Of these steps, those cancelled (so a worker can tell a cancel from a lost lease). */
export declare function findCancelledSteps(db: Queryable, stepIds: number[]): Promise<number[]>;
/** Steps of this worker cancelled recently (a heartbeat without an execution list learns of them this way). */
export declare function recentlyCancelledOf(db: Queryable, workerId: string, withinMs: number): Promise<number[]>;
