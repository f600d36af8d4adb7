import type { Logger } from 'pino';
import type { Db } from '../store/db.js';
import { LIVE_TASK_STATUSES } from '../domain/state-machine.js';
import { stepError } from '../domain/step-errors.js';
import { findExpiredLeases, findOverdueSteps } from '../store/leases.js';
import { deleteStaleWorkers, markLostWorkers } from '../store/workers.js';
import { countLiveSteps, findOverdueTasks, findUnfinalizedTasks, lockTask } from '../store/tasks.js';
import { failStep, finalizeTask, stopTask } from './outcomes.js';
import { NO_OBSERVERS, type CommitObservers } from './observers.js';
import { inTaskTransaction } from './task-unit.js';

const BATCH = 100;

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
export async function sweepOnce(db: Db, opts: SweepOptions): Promise<SweepCounts> {
  const counts: SweepCounts = { expiredLeases: 0, timedOutSteps: 0, timedOutTasks: 0, reconciled: 0 };
  const observers = opts.observers ?? NO_OBSERVERS;
  for (const lease of await findExpiredLeases(db, BATCH)) {
    const { value } = await inTaskTransaction(
      db,
      (unit) => failStep(unit, { ...lease, error: stepError('lease_expired', 'lease expired'), retryable: true, onlyIfExpired: true }),
      observers,
    );
    if (value === 'ok') counts.expiredLeases++;
  }
  for (const lease of await findOverdueSteps(db, opts.stepTimeoutGraceMs, BATCH)) {
    const { value } = await inTaskTransaction(db, (unit) => failStep(unit, { ...lease, error: stepError('timeout', 'step timed out'), retryable: true }), observers);
    if (value === 'ok') counts.timedOutSteps++;
  }
  for (const taskId of await findOverdueTasks(db, BATCH)) {
    const { value } = await inTaskTransaction(db, (unit) => stopTask(unit, taskId, { status: 'timed_out', reason: 'task timeout' }), observers);
    if (value) counts.timedOutTasks++;
  }
  for (const taskId of await findUnfinalizedTasks(db, BATCH)) {
    const { value } = await inTaskTransaction(
      db,
      async (unit) => {
        const task = await lockTask(unit.tx, taskId);
        // Every live status, waiting_for_retry too: the one findUnfinalizedTasks reads (a task a
        // previous release completed while this one had parked it there ends here).
        if (!task || !LIVE_TASK_STATUSES.includes(task.status)) return false;
        const { live, errors } = await countLiveSteps(unit.tx, taskId);
        if (live > 0) return false;
        return finalizeTask(unit, task, errors > 0 ? 'error' : 'complete', 'reconciled');
      },
      observers,
    );
    if (value) counts.reconciled++;
  }
  if (opts.workerSilenceMs) {
    counts.lostWorkers = await markLostWorkers(db, opts.workerSilenceMs);
    await deleteStaleWorkers(db, 24 * 3600 * 1000);
  }
  return counts;
}

/** Runs sweeps every `intervalMs`, single-flight; errors are logged and counted, never thrown. */
export function startSweeper(db: Db, opts: SweepOptions & { intervalMs: number; logger: Logger; onSweep?: (c: SweepCounts) => void }): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> | undefined;
  const tick = async () => {
    try {
      const counts = await sweepOnce(db, opts);
      opts.onSweep?.(counts);
      if (counts.expiredLeases + counts.timedOutSteps + counts.timedOutTasks + counts.reconciled + (counts.lostWorkers ?? 0) > 0) {
        opts.logger.info({ sweep: counts }, 'sweep acted');
      }
    } catch (err) {
      opts.logger.warn({ err }, 'sweep failed; will retry');
    }
  };
  const timer = setInterval(() => {
    if (stopped || running) return;
    running = tick().finally(() => (running = undefined));
  }, opts.intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
