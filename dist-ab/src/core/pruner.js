import { deleteFinishedTasks } from '../store/retention.js';
/** Tasks deleted per transaction: bounds lock time and WAL per statement. */
export const PRUNE_BATCH = 500;
/** Deletes finished tasks older than the cutoff, batch after batch, until none is left. Returns how many. */
export async function pruneFinishedTasks(db, opts) {
    const batch = opts.batchSize ?? PRUNE_BATCH;
    let total = 0;
    for (;;) {
        if (opts.shouldStop?.())
            return total;
        const deleted = await deleteFinishedTasks(db, opts.olderThanMs, batch);
        total += deleted;
        if (deleted < batch)
            return total;
    }
}
/**
 * Runs the pruner in the background, single-flight (the next run is scheduled
 * when the previous one ends); errors are logged and counted, never thrown.
 * Returns a stop function that waits for a run in progress to end its batch.
 */
export function startPruner(db, opts) {
    let stopped = false;
    let failures = 0;
    let running;
    let timer;
    const run = async () => {
        try {
            const deleted = await pruneFinishedTasks(db, {
                olderThanMs: opts.retentionMs,
                ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
                shouldStop: () => stopped,
            });
            failures = 0;
            opts.onPrune?.(deleted);
            if (deleted > 0)
                opts.logger.info({ deleted, retentionMs: opts.retentionMs }, 'pruned finished tasks');
        }
        catch (err) {
            failures++;
            opts.logger.warn({ err, failures }, 'pruning finished tasks failed; will retry');
        }
    };
    const schedule = (delayMs) => {
        if (stopped)
            return;
        timer = setTimeout(() => {
            running = run().finally(() => {
                running = undefined;
                schedule(opts.intervalMs);
            });
        }, delayMs);
        timer.unref();
    };
    schedule(Math.min(opts.intervalMs, 30_000));
    return async () => {
        stopped = true;
        clearTimeout(timer);
        await running;
    };
}
//# sourceMappingURL=pruner.js.map