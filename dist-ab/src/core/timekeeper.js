import { deleteExpiredEvents, findDueTimers, findSettledChildWaits, findWorkerlessReady, wakeNow } from '../store/waits.js';
import { NO_OBSERVERS } from './observers.js';
import { inTaskTransaction } from './task-unit.js';
import { startWaiting, wakeStep } from './waiting.js';
const BATCH = 500;
/** Transactions in flight at once: enough to drain 10,000 timers due together quickly, few enough to leave the pool to others. */
const PARALLEL = 4;
const EVENT_CLEANUP_MS = 60_000;
/** How often to look for parent steps whose child's wake was skipped (rare: see `wakeParents`). */
const CHILD_REPAIR_MS = 5_000;
/** Least time between passes when ready wake-ups keep coming (a busy system sends thousands a second). */
const MIN_GAP_MS = 50;
async function eachInParallel(refs, act) {
    let done = 0;
    let next = 0;
    const lane = async () => {
        while (next < refs.length)
            if (await act(refs[next++]))
                done++;
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, refs.length) }, lane));
    return done;
}
/** One pass: start every ready worker-less step waiting, then fire every due timer (in batches until none is left). */
export async function runTimersOnce(db, templates, observers = NO_OBSERVERS, maxWorkflowDepth = 10) {
    const ctx = { db, templates, maxDepth: maxWorkflowDepth };
    const inUnit = (fn) => inTaskTransaction(db, fn, observers).then((r) => r.value);
    const counts = { started: 0, woken: 0 };
    for (;;) {
        const ready = await findWorkerlessReady(db, BATCH);
        const started = await eachInParallel(ready, (ref) => inUnit((unit) => startWaiting(unit, ref, ctx)));
        const due = await findDueTimers(db, BATCH);
        const woken = await eachInParallel(due, (ref) => inUnit((unit) => wakeStep(unit, ref)));
        counts.started += started;
        counts.woken += woken;
        // Full batches go round again at once; a pass that did nothing (another process holds those tasks) waits for the next tick.
        if ((ready.length < BATCH && due.length < BATCH) || started + woken === 0)
            return counts;
    }
}
/** Runs `runTimersOnce` every `intervalMs` (sooner on a ready wake-up), single-flight; errors are logged, never thrown. */
export function startTimekeeper(db, opts) {
    const stopper = new AbortController();
    let lastCleanup = Date.now();
    let lastRepair = Date.now();
    const loop = async () => {
        while (!stopper.signal.aborted) {
            const seen = opts.wakeup?.seq ?? 0;
            try {
                const counts = await runTimersOnce(db, opts.templates, opts.observers, opts.maxWorkflowDepth);
                if (counts.woken > 0)
                    opts.logger.debug({ timers: counts }, 'timers fired');
                if (Date.now() - lastCleanup > EVENT_CLEANUP_MS) {
                    lastCleanup = Date.now();
                    await deleteExpiredEvents(db, 10_000);
                }
                if (Date.now() - lastRepair > CHILD_REPAIR_MS) {
                    lastRepair = Date.now();
                    const missed = await findSettledChildWaits(db, BATCH);
                    if (missed.length > 0)
                        await wakeNow(db, missed.map((m) => m.id));
                }
            }
            catch (err) {
                if (!stopper.signal.aborted)
                    opts.logger.warn({ err }, 'timer pass failed; will retry');
            }
            if (opts.wakeup) {
                await new Promise((resolve) => setTimeout(resolve, Math.min(MIN_GAP_MS, opts.intervalMs)).unref());
                await opts.wakeup.wait(seen, opts.intervalMs - MIN_GAP_MS, stopper.signal);
            }
            else
                await new Promise((resolve) => setTimeout(resolve, opts.intervalMs).unref());
        }
    };
    const running = loop();
    return async () => {
        stopper.abort();
        await running;
    };
}
