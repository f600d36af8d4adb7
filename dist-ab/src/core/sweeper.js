import { LIVE_TASK_STATUSES } from '../domain/state-machine.js';
import { stepError } from '../domain/step-errors.js';
import { findExpiredLeases, findOverdueSteps } from '../store/leases.js';
import { deleteStaleWorkers, markLostWorkers } from '../store/workers.js';
import { countLiveSteps, findOverdueTasks, findUnfinalizedTasks, lockTask } from '../store/tasks.js';
import { failStep, finalizeTask, stopTask } from './outcomes.js';
import { NO_OBSERVERS } from './observers.js';
import { inTaskTransaction } from './task-unit.js';
const BATCH = 100;
/**
 * One pass of the background sweeps. Every action is guarded in SQL (lease id,
 * expiry, task status), so any number of processes may sweep at once.
 */
export async function sweepOnce(db, opts) {
    const counts = { expiredLeases: 0, timedOutSteps: 0, timedOutTasks: 0, reconciled: 0 };
    const observers = opts.observers ?? NO_OBSERVERS;
    for (const lease of await findExpiredLeases(db, BATCH)) {
        const { value } = await inTaskTransaction(db, (unit) => failStep(unit, { ...lease, error: stepError('lease_expired', 'lease expired'), retryable: true, onlyIfExpired: true }), observers);
        if (value === 'ok')
            counts.expiredLeases++;
    }
    for (const lease of await findOverdueSteps(db, opts.stepTimeoutGraceMs, BATCH)) {
        const { value } = await inTaskTransaction(db, (unit) => failStep(unit, { ...lease, error: stepError('timeout', 'step timed out'), retryable: true }), observers);
        if (value === 'ok')
            counts.timedOutSteps++;
    }
    for (const taskId of await findOverdueTasks(db, BATCH)) {
        const { value } = await inTaskTransaction(db, (unit) => stopTask(unit, taskId, { status: 'timed_out', reason: 'task timeout' }), observers);
        if (value)
            counts.timedOutTasks++;
    }
    for (const taskId of await findUnfinalizedTasks(db, BATCH)) {
        const { value } = await inTaskTransaction(db, async (unit) => {
            const task = await lockTask(unit.tx, taskId);
            // Every live status, waiting_for_retry too: the one findUnfinalizedTasks reads (a task a
            // previous release completed while this one had parked it there ends here).
            if (!task || !LIVE_TASK_STATUSES.includes(task.status))
                return false;
            const { live, errors } = await countLiveSteps(unit.tx, taskId);
            if (live > 0)
                return false;
            return finalizeTask(unit, task, errors > 0 ? 'error' : 'complete', 'reconciled');
        }, observers);
        if (value)
            counts.reconciled++;
    }
    if (opts.workerSilenceMs) {
        counts.lostWorkers = await markLostWorkers(db, opts.workerSilenceMs);
        await deleteStaleWorkers(db, 24 * 3600 * 1000);
    }
    return counts;
}
/** Runs sweeps every `intervalMs`, single-flight; errors are logged and counted, never thrown. */
export function startSweeper(db, opts) {
    let stopped = false;
    let running;
    const tick = async () => {
        try {
            const counts = await sweepOnce(db, opts);
            opts.onSweep?.(counts);
            if (counts.expiredLeases + counts.timedOutSteps + counts.timedOutTasks + counts.reconciled + (counts.lostWorkers ?? 0) > 0) {
                opts.logger.info({ sweep: counts }, 'sweep acted');
            }
        }
        catch (err) {
            opts.logger.warn({ err }, 'sweep failed; will retry');
        }
    };
    const timer = setInterval(() => {
        if (stopped || running)
            return;
        running = tick().finally(() => (running = undefined));
    }, opts.intervalMs);
    timer.unref();
    return async () => {
        stopped = true;
        clearInterval(timer);
        await running;
    };
}
//# sourceMappingURL=sweeper.js.map