/**
 * Cheap aggregate reads for health, admission control and metrics. Each reads
 * only a partial index (`steps_ready_idx`: the ready backlog, not the history)
 * or the small workers table, so probes and scrapes cost the same however
 * many finished tasks are kept.
 */
import type { Queryable } from './db.js';
export interface ReadyBacklog {
    /** Ready steps visible now (claimable, backoff over, `run_at` reached). */
    count: number;
    /** Milliseconds the oldest of them has waited, on the database clock; 0 when none. */
    oldestAgeMs: number;
}
/** A round trip to the database (`SELECT 1`): the readiness probe's first check. */
export declare function pingDatabase(db: Queryable): Promise<void>;
/** The ready backlog and its oldest step's age, in one statement over the partial ready index. */
export declare function readReadyBacklog(db: Queryable): Promise<ReadyBacklog>;
/** Visible ready steps by handler (the `baton_ready_backlog` gauge). */
export declare function readReadyBacklogByHandler(db: Queryable): Promise<{
    handler: string;
    count: number;
}[]>;
/** Workers by state (`active`, `draining`, `lost`, `stopped`), from the workers table. */
export declare function countWorkersByState(db: Queryable): Promise<Record<string, number>>;
/** Waiting steps by what they wait for (`sleep`, `signal`, `event`), for the `baton_waiting_steps` gauge; reads the partial index of waiting steps. */
export declare function countWaitingSteps(db: Queryable): Promise<{
    for: string;
    count: number;
}[]>;
/** Per named rate limit: units started within its current window (all keys), and ready steps waiting on it (the rate-limit gauges). */
export declare function readRateLimitUse(db: Queryable): Promise<{
    name: string;
    used: number;
    delayed: number;
}[]>;
