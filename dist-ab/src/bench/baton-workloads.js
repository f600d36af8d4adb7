import { seedFinishedTasks } from '../store/history-seed.js';
import { analyzeTables } from '../store/maintenance.js';
import { countLiveTasks, countLiveTasksByStatus, countTasksNotComplete, countTasksWithStatus, findTaskStatus } from '../store/task-counts.js';
import { createStartCounter, createStartSignal, maxRssMb, measureLatency, perSecond, round2, sleep, waitUntil } from './measure.js';
import { stepCount } from './shapes.js';
/** The sizes divided by `shrink` (latency keeps at least 20 samples). */
export function benchSizes(shrink = 1) {
    return {
        flat: 20_000 / shrink,
        chain: 2_000 / shrink,
        latencySamples: Math.max(20, 200 / shrink),
        latencyWarmup: 10,
        dagDiamond: 1_000 / shrink,
        dagMixed: 1_000 / shrink,
        history: 1_000_000 / shrink,
        memory: 100_000 / shrink,
        templateChain: 2_000 / shrink,
        templateLarge: 10_000 / shrink,
    };
}
const SUBMIT_BATCH = 5_000;
/** Longest a workload may take before it is reported as failed. */
const TIMEOUT_MS = 15 * 60_000;
async function submitAll(env, requests, batch = SUBMIT_BATCH) {
    const started = performance.now();
    const ids = [];
    for (let i = 0; i < requests.length; i += batch) {
        for (const r of await env.client.engine.submitMany(requests.slice(i, i + batch)))
            ids.push(r.id);
    }
    return { ids, ms: performance.now() - started };
}
function requestsOf(mix) {
    // Interleaved, so every batch holds every shape.
    const out = [];
    const left = mix.map(([, n]) => n);
    while (left.some((n) => n > 0)) {
        mix.forEach(([name], i) => {
            if (left[i]-- > 0)
                out.push({ namespace: 'bench', name });
        });
    }
    return out;
}
/** Starts a worker and waits until the database has no open task; `steps` handler starts gate the polling. */
async function drain(env, steps) {
    const counter = createStartCounter();
    const started = performance.now();
    const worker = await env.startWorker(() => counter.add());
    await waitUntil(async () => (await countLiveTasks(env.db)) === 0, {
        timeoutMs: TIMEOUT_MS,
        pollMs: 5,
        gate: counter.reached(steps),
        describe: async () => `${counter.count} handler starts; open tasks ${JSON.stringify(await countLiveTasksByStatus(env.db))}`,
    });
    return { ms: performance.now() - started, worker };
}
/**
 * Submits `mix` in bulk, analyses, then starts a worker and times it until
 * the database has no open task: the flat, chain and dag workloads.
 */
export async function runThroughput(env, mix) {
    const requests = requestsOf(mix);
    const steps = mix.reduce((sum, [name, n]) => sum + n * stepCount(name), 0);
    const { ids, ms: submitMs } = await submitAll(env, requests);
    await analyzeTables(env.db);
    const { ms } = await drain(env, steps);
    return {
        tasks: requests.length,
        steps,
        seconds: round2(ms / 1000),
        tasks_per_s: perSecond(requests.length, ms),
        steps_per_s: perSecond(steps, ms),
        submit_tasks_per_s: perSecond(requests.length, submitMs),
        not_complete: await countTasksNotComplete(env.db, ids),
    };
}
/** With an idle worker, one one-step task at a time: time from just before the submit call to the handler's start. */
export async function runLatency(env, samples, warmup) {
    const signal = createStartSignal();
    await analyzeTables(env.db);
    await env.startWorker(() => signal.mark());
    await sleep(500);
    return measureLatency({
        samples,
        warmup,
        signal,
        enqueue: async () => (await env.client.engine.submit({ namespace: 'bench', name: 'one' })).id,
        done: (id) => waitUntil(async () => (await findTaskStatus(env.db, id)) === 'complete', {
            timeoutMs: 30_000,
            pollMs: 2,
        }),
    });
}
/**
 * Makes sure at least `history` finished tasks are stored: one real 3-step
 * task is run, then cloned. A schema that already holds them (a copy of a
 * seeded database) is left as it is.
 */
export async function ensureHistory(env, history) {
    const complete = await countTasksWithStatus(env.db, 'complete');
    if (complete >= history)
        return { history_tasks: complete, seed_seconds: 0 };
    const [{ id: proto }] = await env.client.engine.submitMany([{ namespace: 'bench', name: 'chain3' }]);
    const { worker } = await drain(env, 3);
    await worker.stop();
    const seed = await seedFinishedTasks(env.db, proto, history);
    return { history_tasks: seed.tasks, history_steps: seed.steps, history_transitions: seed.transitions, seed_seconds: seed.seconds };
}
/** The chain workload after `history` finished tasks are stored: the engine's cost of a long-lived database. */
export async function runHistory(env, history, chains) {
    const seeded = await ensureHistory(env, history);
    const chain = await runThroughput(env, [['chain3', chains]]);
    return { ...chain, ...seeded };
}
/**
 * 100,000 one-step tasks submitted in API-sized batches of 1,000, then
 * drained by a worker runtime (sweeps on) in the same process: the process's
 * peak RSS while they are queued, and while they run.
 */
export async function runMemory(env, tasks, rss) {
    const idle = rss.peakMb();
    rss.reset();
    const { ids, ms: submitMs } = await submitAll(env, requestsOf([['one', tasks]]), 1_000);
    const queuedPeak = rss.peakMb();
    await analyzeTables(env.db);
    rss.reset();
    const { ms } = await drain(env, tasks);
    const drainPeak = rss.peakMb();
    return {
        tasks,
        idle_rss_mb: idle,
        queued_peak_rss_mb: queuedPeak,
        drain_peak_rss_mb: drainPeak,
        // The kernel's count of the process's peak so far, which sampling can miss (see maxRssMb).
        max_rss_mb: maxRssMb(),
        submit_tasks_per_s: perSecond(tasks, submitMs),
        drain_tasks_per_s: perSecond(tasks, ms),
        not_complete: await countTasksNotComplete(env.db, ids),
    };
}
//# sourceMappingURL=baton-workloads.js.map