import { analyzeTables } from '../store/maintenance.js';
import { countLiveTasks, countLiveTasksByStatus, countTasksNotComplete, findTaskStatus } from '../store/task-counts.js';
import { countWaitingSteps, databaseNow, findSignalDelays, findSleepWakes } from '../store/wait-stats.js';
import { createStartSignal, measureLatency, percentile, perSecond, round2, sleep, waitUntil } from './measure.js';
import { BENCH_HANDLER } from './shapes.js';
export function waitBenchSizes(shrink = 1) {
    return { timers: 10_000 / shrink, sleepers: 10_000 / shrink, signals: Math.max(20, 500 / shrink), signalChains: Math.max(20, 200 / shrink) };
}
const SUBMIT_BATCH = 5_000;
/** Longest any wait of these workloads may take before it is reported as failed. */
const TIMEOUT_MS = 15 * 60_000;
/** Signals sent before timing starts (JIT, plan caches), like the latency workload's warm-up. */
const SIGNAL_WARMUP = 10;
const SLEEP_UNTIL = {
    namespace: 'bench',
    name: 'sleep_until',
    version: '1',
    steps: [{ name: 'nap', kind: 'sleep', sleep: { until: '${context.until}' } }],
};
const WAIT_SIGNAL = {
    namespace: 'bench',
    name: 'wait_signal',
    version: '1',
    steps: [{ name: 'approve', kind: 'wait', wait: { signal: 'go' } }],
};
const WAIT_THEN_RUN = {
    namespace: 'bench',
    name: 'wait_then_run',
    version: '1',
    steps: [
        { name: 'approve', kind: 'wait', wait: { signal: 'go' } },
        { name: 'after', handler: BENCH_HANDLER, depends_on: ['approve'] },
    ],
};
/**
 * Registers `templates` and starts a worker runtime that has already read them.
 * On PGlite (one connection) a timekeeper that meets a template its process has
 * not read yet deadlocks: `startWaiting` reads it through the pool from inside
 * its own transaction, which holds the one connection. The worker is started
 * before anything is submitted, so it reads them here first.
 */
async function startWorkerWith(env, templates, onStart) {
    const ids = [];
    for (const template of templates)
        ids.push((await env.client.engine.registerTemplate(template)).row.id);
    const worker = await env.startWorker(onStart);
    for (const id of ids)
        await worker.engine.templates.byIdOrThrow(id);
}
async function submitAll(env, requests) {
    const started = performance.now();
    const ids = [];
    for (let i = 0; i < requests.length; i += SUBMIT_BATCH) {
        for (const r of await env.client.engine.submitMany(requests.slice(i, i + SUBMIT_BATCH)))
            ids.push(r.id);
    }
    return { ids, ms: performance.now() - started };
}
function tasksOf(name, n) {
    return Array.from({ length: n }, () => ({ namespace: 'bench', name }));
}
function sleepers(n, until) {
    return Array.from({ length: n }, () => ({ namespace: 'bench', name: 'sleep_until', context: { until: until.toISOString() } }));
}
/** Waits until `n` steps are waiting (the timekeeper started them); returns how long that took. */
async function allWaiting(env, n) {
    const started = performance.now();
    await waitUntil(async () => (await countWaitingSteps(env.db)) >= n, {
        timeoutMs: TIMEOUT_MS,
        pollMs: 100,
        describe: async () => `${await countWaitingSteps(env.db)} of ${n} steps waiting`,
    });
    return performance.now() - started;
}
/**
 * Headroom before the common wake time: long enough to submit `n` tasks and
 * start every sleep waiting first (they must all be waiting when it comes,
 * or some would end at once instead of by their timer). The timekeeper starts
 * them one transaction each, about 2 ms a step on PostgreSQL and 4 ms on
 * PGlite on two cores; the line reports the slack that was left, and how many
 * started late (left out of the lags).
 */
function headroomMs(backend, n) {
    return 5_000 + n * (backend === 'pg' ? 3 : 6);
}
/**
 * `tasks` one-step sleep tasks, all `until` one time T a few seconds ahead
 * (on the database clock); a worker runtime's timekeeper starts them waiting
 * and wakes them. Each wake-up's lag is its `waiting -> complete` row's `at`
 * minus its `wake_at` (= T): the timer loop's interval, its batches, and the
 * transactions that complete the steps and settle their tasks.
 */
export async function runTimers(env, tasks) {
    await startWorkerWith(env, [SLEEP_UNTIL]);
    const wakeAt = new Date((await databaseNow(env.db)).getTime() + headroomMs(env.backend, tasks));
    const { ids, ms: submitMs } = await submitAll(env, sleepers(tasks, wakeAt));
    const waitingMs = submitMs + (await allWaiting(env, tasks));
    const slackMs = wakeAt.getTime() - (await databaseNow(env.db)).getTime();
    await waitUntil(async () => (await countLiveTasks(env.db)) === 0, {
        timeoutMs: TIMEOUT_MS + slackMs,
        pollMs: 100,
        describe: async () => `open tasks ${JSON.stringify(await countLiveTasksByStatus(env.db))}`,
    });
    const wakes = await findSleepWakes(env.db);
    // A step that started waiting after T ended at once, not by its timer: counted, left out of the lags.
    const timed = wakes.filter((w) => w.started_ms < 0).map((w) => w.lag_ms);
    return {
        tasks,
        timer_interval_ms: env.client.config.orchestrator.timerIntervalMs,
        p50_ms: percentile(timed, 50),
        p99_ms: percentile(timed, 99),
        min_ms: timed.length > 0 ? round2(Math.min(...timed)) : null,
        all_woke_ms: timed.length > 0 ? round2(Math.max(...timed)) : null,
        wakes_per_s: timed.length > 1 ? perSecond(timed.length, Math.max(...timed) - Math.min(...timed)) : null,
        submit_tasks_per_s: perSecond(tasks, submitMs),
        all_waiting_s: round2(waitingMs / 1000),
        slack_before_wake_ms: Math.round(slackMs),
        started_late: wakes.length - timed.length,
        not_complete: await countTasksNotComplete(env.db, ids),
    };
}
/** One one-step task at a time from just before the submit call to its handler's start: the latency workload's loop. */
function pickupLatency(env, signal, samples, warmup) {
    return measureLatency({
        samples,
        warmup,
        signal,
        enqueue: async () => (await env.client.engine.submit({ namespace: 'bench', name: 'one' })).id,
        done: (id) => waitUntil(async () => (await findTaskStatus(env.db, id)) === 'complete', { timeoutMs: 30_000, pollMs: 2 }),
    });
}
/**
 * Claim latency for other work while steps sleep: the latency workload's
 * measurement with an idle worker and no sleeping task, then again with
 * `sleeping` tasks asleep (for an hour) beside it, and their ratios.
 */
export async function runSleepClaims(env, sleeping, samples, warmup) {
    const signal = createStartSignal();
    await analyzeTables(env.db);
    await startWorkerWith(env, [SLEEP_UNTIL], () => signal.mark());
    await sleep(500);
    const idle = await pickupLatency(env, signal, samples, warmup);
    const until = new Date((await databaseNow(env.db)).getTime() + 3_600_000);
    const { ms: submitMs } = await submitAll(env, sleepers(sleeping, until));
    const waitingMs = submitMs + (await allWaiting(env, sleeping));
    await analyzeTables(env.db);
    await sleep(500);
    const busy = await pickupLatency(env, signal, samples, warmup);
    return {
        samples,
        sleeping,
        idle_p50_ms: idle.p50_ms,
        idle_p99_ms: idle.p99_ms,
        idle_mean_ms: idle.mean_ms,
        sleeping_p50_ms: busy.p50_ms,
        sleeping_p99_ms: busy.p99_ms,
        sleeping_mean_ms: busy.mean_ms,
        ratio_p50: round2(busy.p50_ms / idle.p50_ms),
        ratio_p99: round2(busy.p99_ms / idle.p99_ms),
        ratio_mean: round2(busy.mean_ms / idle.mean_ms),
        sleepers_waiting_s: round2(waitingMs / 1000),
        still_waiting: await countWaitingSteps(env.db),
    };
}
/**
 * `signals` tasks whose one step waits for signal `go`, and `chains` tasks
 * whose wait step a handler step follows, all waiting before timing starts.
 * One signal at a time (`engine.signal`, library mode): the call's time (it
 * returns once the step's completion is committed), the database's time from
 * the signal's event row to the step's `waiting -> complete` row, and for the
 * chains, from the call to the handler's start (process clock) and from the
 * signal's row to the task's `complete` row (database clock).
 */
export async function runSignals(env, signals, chains) {
    const started = createStartSignal();
    await startWorkerWith(env, [WAIT_SIGNAL, WAIT_THEN_RUN], () => started.mark());
    const warmup = Math.min(SIGNAL_WARMUP, signals);
    const { ids: waits } = await submitAll(env, tasksOf('wait_signal', warmup + signals));
    const { ids: runs } = await submitAll(env, tasksOf('wait_then_run', chains));
    await allWaiting(env, waits.length + runs.length);
    await analyzeTables(env.db);
    await sleep(500);
    const callMs = [];
    const sendStarted = performance.now();
    for (const [i, taskId] of waits.entries()) {
        const t0 = performance.now();
        const result = await env.client.engine.signal({ taskId, name: 'go', payload: { i } });
        if (result.status !== 'delivered')
            throw new Error(`signal to task ${taskId} was ${result.status}, not delivered`);
        if (i >= warmup)
            callMs.push(performance.now() - t0);
    }
    const sendMs = performance.now() - sendStarted;
    const handlerMs = [];
    for (const taskId of runs) {
        const next = started.next();
        const t0 = performance.now();
        await env.client.engine.signal({ taskId, name: 'go', payload: { approved: true } });
        handlerMs.push((await next) - t0);
        await waitUntil(async () => (await findTaskStatus(env.db, taskId)) === 'complete', { timeoutMs: 30_000, pollMs: 2 });
        // Back to idle before the next one, like the latency workload.
        await sleep(20);
    }
    const stepDb = (await findSignalDelays(env.db, waits.slice(warmup))).map((d) => d.step_ms);
    const taskDb = (await findSignalDelays(env.db, runs)).map((d) => d.task_ms).filter((ms) => ms !== null);
    return {
        signals,
        p50_ms: percentile(callMs, 50),
        p99_ms: percentile(callMs, 99),
        max_ms: round2(Math.max(...callMs)),
        db_p50_ms: percentile(stepDb, 50),
        db_p99_ms: percentile(stepDb, 99),
        signals_per_s: perSecond(waits.length, sendMs),
        chains,
        handler_start_p50_ms: percentile(handlerMs, 50),
        handler_start_p99_ms: percentile(handlerMs, 99),
        task_complete_p50_ms: percentile(taskDb, 50),
        task_complete_p99_ms: percentile(taskDb, 99),
        not_complete: await countTasksNotComplete(env.db, [...waits, ...runs]),
    };
}
//# sourceMappingURL=wait-workloads.js.map