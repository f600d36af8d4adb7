/**
 * pg-boss, configured as the issue and pg-boss's docs say for throughput:
 * workers with localConcurrency 10 fetching batches of 50 and fetching again
 * at once while batches come back full, LISTEN/NOTIFY on (instance option
 * and the queue's `notify`), a 0.5 s polling floor, a pool of 12. Chains are
 * run both hand-chained (each batch inserts its successors) and through
 * pg-boss's own DAG API, `flow()` with `dependsOn`; the dag workload uses
 * `flow()`.
 */
import { PgBoss } from 'pg-boss';
import { createStartCounter, createStartSignal, measureLatency, perSecond, round2, sleep, waitUntil, Shapes } from '../../src/bench/index.js';
import { batches, connect, count, dagInstances, packageVersion, stepsOf } from './common.js';
const SCHEMA = 'pgboss';
const TIMEOUT_MS = 15 * 60_000;
const WORK = {
    localConcurrency: 10,
    batchSize: 50,
    burstWhenBatchFull: true,
    pollingIntervalSeconds: 0.5,
    // pg-boss 12 polls at notifyPollingIntervalSeconds (default 30) instead of
    // pollingIntervalSeconds while NOTIFY is active; the 0.5 s floor
    // needs both. Jobs that flow() unblocks send no NOTIFY, so this floor is
    // what picks them up.
    notifyPollingIntervalSeconds: 0.5,
};
function createBoss(url) {
    const boss = new PgBoss({
        connectionString: url,
        schema: SCHEMA,
        max: 12,
        useListenNotify: true,
        // Dependents of a finished flow job are released by a background pass every
        // flowIntervalSeconds (default 5); 1 is the smallest pg-boss accepts.
        flowIntervalSeconds: 1,
    });
    boss.on('error', (err) => process.stderr.write(`pg-boss error: ${String(err)}\n`));
    return boss;
}
async function withBoss(url, queues, fn) {
    const boss = createBoss(url);
    await boss.start();
    for (const q of queues)
        await boss.createQueue(q, { notify: true });
    const watcher = await connect(url);
    try {
        return await fn({ boss, watcher });
    }
    finally {
        await boss.stop({ graceful: true, timeout: 10_000 });
        await watcher.end();
    }
}
/** pg-boss keeps completed jobs: done when `expected` jobs of the queue are completed. */
async function waitCompleted(watcher, queue, expected, gate) {
    await waitUntil(async () => (await count(watcher, `SELECT count(*) AS n FROM ${SCHEMA}.job WHERE name = $1 AND state = 'completed'`, [queue])) >= expected, {
        timeoutMs: TIMEOUT_MS,
        pollMs: 5,
        gate,
        describe: async () => JSON.stringify((await watcher.query(`SELECT state, count(*) AS n FROM ${SCHEMA}.job WHERE name = $1 GROUP BY state`, [queue])).rows),
    });
}
/**
 * Enqueues with `enqueue` before any worker runs, analyses, then times
 * `work()` until the database has `steps` completed jobs on `queue`.
 */
async function throughput(url, queue, jobs, steps, enqueue, handler) {
    return withBoss(url, [queue], async ({ boss, watcher }) => {
        const submitStarted = performance.now();
        await enqueue(boss);
        const submitMs = performance.now() - submitStarted;
        await watcher.query('ANALYZE');
        const counter = createStartCounter();
        const handle = handler(boss);
        const started = performance.now();
        await boss.work(queue, WORK, async (batch) => {
            counter.add(batch.length);
            await handle(batch);
        });
        await waitCompleted(watcher, queue, steps, counter.reached(steps));
        const ms = performance.now() - started;
        return {
            jobs,
            steps,
            seconds: round2(ms / 1000),
            jobs_per_s: perSecond(jobs, ms),
            steps_per_s: perSecond(steps, ms),
            submit_jobs_per_s: perSecond(jobs, submitMs),
        };
    });
}
const noop = () => async () => { };
async function flat(ctx) {
    const n = ctx.sizes.flat;
    return throughput(ctx.url, 'flat', n, n, async (boss) => {
        for (const batch of batches(Array.from({ length: n }, (_, i) => ({ data: { i } })), 5_000))
            await boss.insert('flat', batch);
    }, noop);
}
async function chain(ctx) {
    const n = ctx.sizes.chain;
    return throughput(ctx.url, 'chain', n, n * 3, async (boss) => {
        for (const batch of batches(Array.from({ length: n }, (_, c) => ({ data: { c, s: 1 } })), 5_000))
            await boss.insert('chain', batch);
    }, (boss) => async (jobs) => {
        // One insert for the successors of the whole batch: pg-boss's batch API used as intended.
        const next = jobs.filter((j) => j.data.s < 3).map((j) => ({ data: { c: j.data.c, s: j.data.s + 1 } }));
        if (next.length > 0)
            await boss.insert('chain', next);
    });
}
/** Every instance's steps as one flow: a step depends on its shape's dependencies within the same instance. */
function flowJobs(queue, instances) {
    return instances.flatMap(({ w, shape }) => Object.entries(Shapes[shape]).map(([step, deps]) => ({
        ref: `${w}:${step}`,
        name: queue,
        data: { w, shape, step },
        ...(deps.length > 0 ? { dependsOn: deps.map((d) => `${w}:${d}`) } : {}),
    })));
}
async function viaFlow(url, queue, instances) {
    return throughput(url, queue, instances.length, stepsOf(instances), async (boss) => {
        for (const batch of batches(instances, 200))
            await boss.flow(flowJobs(queue, batch));
    }, noop);
}
async function chainFlow(ctx) {
    return viaFlow(ctx.url, 'chain', Array.from({ length: ctx.sizes.chain }, (_, w) => ({ w, shape: 'chain3' })));
}
async function dag(ctx) {
    return viaFlow(ctx.url, 'dag', dagInstances(ctx.sizes.dagDiamond, ctx.sizes.dagMixed));
}
async function latency(ctx) {
    const { latencySamples: samples, latencyWarmup: warmup } = ctx.sizes;
    const signal = createStartSignal();
    return withBoss(ctx.url, ['lat'], async ({ boss, watcher }) => {
        await watcher.query('ANALYZE');
        await boss.work('lat', WORK, async () => signal.mark());
        await sleep(500);
        return measureLatency({
            samples,
            warmup,
            signal,
            enqueue: () => boss.send('lat', {}),
            done: (id) => waitUntil(async () => (await count(watcher, `SELECT count(*) AS n FROM ${SCHEMA}.job WHERE name = 'lat' AND id = $1 AND state = 'completed'`, [id])) === 1, {
                timeoutMs: 30_000,
                pollMs: 2,
            }),
        });
    });
}
export const pgBossSystem = {
    name: 'pg-boss',
    version: () => packageVersion('pg-boss'),
    workloads: { flat, chain, chain_flow: chainFlow, dag, latency },
};
//# sourceMappingURL=pgboss.js.map