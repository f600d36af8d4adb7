/**
 * The timer loop of every engine process: starts worker-less steps that became
 * ready (sleep, wait) waiting, fires the timers that are due (a sleep's end, a
 * wait's timeout), and deletes kept events past their time. It reads only
 * partial indexes of due rows, so it costs the same however many steps wait.
 * Every action is guarded in SQL by the step's state, so any number of
 * processes may run it at once.
 */
import type { Logger } from 'pino';
import type { Db } from '../store/db.js';
import { deleteExpiredEvents, findDueTimers, findSettledChildWaits, findWorkerlessReady, wakeNow, type StepRef } from '../store/waits.js';
import { NO_OBSERVERS, type CommitObservers } from './observers.js';
import { inTaskTransaction, type TaskUnit } from './task-unit.js';
import type { TemplateRegistry } from './template-registry.js';
import { startWaiting, wakeStep } from './waiting.js';
import type { Wakeup } from './wakeup.js';

const BATCH = 500;
/** Transactions in flight at once: enough to drain 10,000 timers due together quickly, few enough to leave the pool to others. */
const PARALLEL = 4;
const EVENT_CLEANUP_MS = 60_000;
/** How often to look for parent steps whose child's wake was skipped (rare: see `wakeParents`). */
const CHILD_REPAIR_MS = 5_000;
/** Least time between passes when ready wake-ups keep coming (a busy system sends thousands a second). */
const MIN_GAP_MS = 50;

export interface TimerCounts {
  started: number;
  woken: number;
}

/**
 * Runs `act` on every ref, PARALLEL at a time. The refs of one task go to one lane, in order: a fan-out's
 * workflow instances (or a child's siblings woken together) are adjacent in the due order, and lanes taking
 * them side by side skipped each other's task lock, a wasted transaction each, and left them for later passes
 * (1,000 children of 100 parents started at about 70 a second on PostgreSQL).
 */
async function eachInParallel(refs: StepRef[], act: (ref: StepRef) => Promise<boolean>): Promise<number> {
  const byTask = new Map<string, StepRef[]>();
  for (const ref of refs) {
    const group = byTask.get(ref.task_id);
    if (group) group.push(ref);
    else byTask.set(ref.task_id, [ref]);
  }
  const groups = [...byTask.values()];
  let done = 0;
  let next = 0;
  const lane = async () => {
    while (next < groups.length) for (const ref of groups[next++]) if (await act(ref)) done++;
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, groups.length) }, lane));
  return done;
}

/** One pass: start every ready worker-less step waiting, then fire every due timer (in batches until none is left). */
export async function runTimersOnce(db: Db, templates: TemplateRegistry, observers: CommitObservers = NO_OBSERVERS, maxWorkflowDepth = 10): Promise<TimerCounts> {
  const ctx = { db, templates, maxDepth: maxWorkflowDepth };
  const inUnit = (fn: (unit: TaskUnit) => Promise<boolean>) => inTaskTransaction(db, fn, observers).then((r) => r.value);
  const counts: TimerCounts = { started: 0, woken: 0 };
  for (;;) {
    const ready = await findWorkerlessReady(db, BATCH);
    const started = await eachInParallel(ready, (ref) => inUnit((unit) => startWaiting(unit, ref, ctx)));
    const due = await findDueTimers(db, BATCH);
    const woken = await eachInParallel(due, (ref) => inUnit((unit) => wakeStep(unit, ref)));
    counts.started += started;
    counts.woken += woken;
    // Full batches go round again at once; a pass that did nothing (another process holds those tasks) waits for the next tick.
    if ((ready.length < BATCH && due.length < BATCH) || started + woken === 0) return counts;
  }
}

export interface TimekeeperOptions {
  intervalMs: number;
  /** Deepest nesting of child workflows (`orchestrator.max_workflow_depth`). @default 10 */
  maxWorkflowDepth?: number;
  templates: TemplateRegistry;
  logger: Logger;
  observers?: CommitObservers;
  /** Wakes the loop early when steps become ready (a worker-less step then starts waiting at once). */
  wakeup?: Wakeup;
}

/** Runs `runTimersOnce` every `intervalMs` (sooner on a ready wake-up), single-flight; errors are logged, never thrown. */
export function startTimekeeper(db: Db, opts: TimekeeperOptions): () => Promise<void> {
  const stopper = new AbortController();
  let lastCleanup = Date.now();
  let lastRepair = Date.now();
  const loop = async () => {
    while (!stopper.signal.aborted) {
      const seen = opts.wakeup?.seq ?? 0;
      try {
        const counts = await runTimersOnce(db, opts.templates, opts.observers, opts.maxWorkflowDepth);
        if (counts.woken > 0) opts.logger.debug({ timers: counts }, 'timers fired');
        if (Date.now() - lastCleanup > EVENT_CLEANUP_MS) {
          lastCleanup = Date.now();
          await deleteExpiredEvents(db, 10_000);
        }
        if (Date.now() - lastRepair > CHILD_REPAIR_MS) {
          lastRepair = Date.now();
          const missed = await findSettledChildWaits(db, BATCH);
          if (missed.length > 0)
            await wakeNow(
              db,
              missed.map((m) => m.id),
            );
        }
      } catch (err) {
        if (!stopper.signal.aborted) opts.logger.warn({ err }, 'timer pass failed; will retry');
      }
      if (opts.wakeup) {
        await new Promise<void>((resolve) => setTimeout(resolve, Math.min(MIN_GAP_MS, opts.intervalMs)).unref());
        await opts.wakeup.wait(seen, opts.intervalMs - MIN_GAP_MS, stopper.signal);
      } else await new Promise<void>((resolve) => setTimeout(resolve, opts.intervalMs).unref());
    }
  };
  const running = loop();
  return async () => {
    stopper.abort();
    await running;
  };
}
