/**
 * Retention: deletes finished tasks older than the configured age, with their
 * steps, edges and transitions, in bounded batches. Every batch is one short
 * statement that skips locked rows, so the pruner never blocks claims or
 * completions, and several processes may prune at once.
 */
import type { Logger } from 'pino';
import type { Db } from '../store/db.js';
/** Tasks deleted per transaction: bounds lock time and WAL per statement. */
export declare const PRUNE_BATCH = 500;
export interface PruneOptions {
    /** Finished more than this long ago (database clock) is deleted. */
    olderThanMs: number;
    /** @default 500 */
    batchSize?: number;
    /** Checked between batches: stop early (shutdown). */
    shouldStop?: () => boolean;
}
/** Deletes finished tasks older than the cutoff, batch after batch, until none is left. Returns how many. */
export declare function pruneFinishedTasks(db: Db, opts: PruneOptions): Promise<number>;
export interface PrunerOptions {
    /** Keep finished tasks this long. */
    retentionMs: number;
    /** Time between runs; the first run comes after `min(intervalMs, 30 s)`. */
    intervalMs: number;
    logger: Logger;
    batchSize?: number;
    /** Called after every run with how many tasks it deleted (tests, metrics). */
    onPrune?: (deleted: number) => void;
}
/**
 * Runs the pruner in the background, single-flight (the next run is scheduled
 * when the previous one ends); errors are logged and counted, never thrown.
 * Returns a stop function that waits for a run in progress to end its batch.
 */
export declare function startPruner(db: Db, opts: PrunerOptions): () => Promise<void>;
