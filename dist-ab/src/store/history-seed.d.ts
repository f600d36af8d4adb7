/**
 * Fills a Baton schema with finished tasks quickly, for the benchmark's
 * `history` workload (`baton bench --workload history`): one real task is run
 * to completion first, and its rows in `tasks`, `steps`, `step_edges` and
 * `transitions` are then cloned with INSERT ... SELECT over generate_series.
 * Cloning a real task (rather than spelling out values here) keeps the rows
 * identical to what the engine writes, whatever columns later migrations add.
 */
import type { Db } from './db.js';
export interface SeedResult {
    tasks: number;
    steps: number;
    transitions: number;
    seconds: number;
}
/**
 * Clones finished task `protoTaskId` `count` times. Nothing else may insert
 * steps meanwhile (step ids are reserved as one range). Ends with VACUUM
 * ANALYZE, as autovacuum would have left a long-lived database.
 */
export declare function seedFinishedTasks(db: Db, protoTaskId: string, count: number, opts?: {
    chunk?: number;
    spreadMs?: number;
}): Promise<SeedResult>;
