/**
 * graphile-worker, configured as the issue and graphile's performance docs
 * say for throughput: concurrency 10, a local queue of 500, completions and
 * failures batched with a 0 ms delay, a pool of 12, a silent logger.
 * Chains and DAGs are hand-chained: each job enqueues its successors from its
 * handler, with a counter row per join step (graphile has no DAG API).
 */
import { Logger, makeWorkerUtils, run, runMigrations } from 'graphile-worker';
import { createStartCounter, createStartSignal, measureLatency, perSecond, round2, sleep, waitUntil, Shapes } from '../../src/bench/index.js';
import { batches, connect, count, dagInstances, dependents, packageVersion, stepsOf } from './common.js';
const SCHEMA = 'graphile_worker';
const TIMEOUT_MS = 15 * 60_000;
const quiet = new Logger(() => () => { });
function runnerOptions(url, taskList) {
    return {
        connectionString: url,
        schema: SCHEMA,
        concurrency: 10,
        maxPoolSize: 12,
        noHandleSignals: true,
        logger: quiet,
        taskList,
        preset: { worker: { localQueue: { size: 500 }, completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
    };
}
/** `watcher` is the harness's own connection, for ANALYZE and the done-check. */
async function withGraphile(url, fn) {
    await runMigrations({ connectionString: url, schema: SCHEMA, logger: quiet });
    const utils = await makeWorkerUtils({ connectionString: url, schema: SCHEMA, logger: quiet });
    const watcher = await connect(url);
    const runners = [];
    try {
        const start = async (taskList) => {
            const runner = await run(runnerOptions(url, taskList));
            runners.push(runner);
            return runner;
        };
        return await fn(utils, start, watcher);
    }
    finally {
        for (const r of runners)
            await r.stop();
        await utils.release();
        await watcher.end();
    }
}
/** Jobs are deleted when they complete: the queue is done when the table is empty. */
async function waitEmpty(client, timeoutMs = TIMEOUT_MS, pollMs = 5, gate) {
    await waitUntil(async () => (await count(client, `SELECT count(*) AS n FROM ${SCHEMA}._private_jobs`)) === 0, {
        timeoutMs,
        pollMs,
        ...(gate ? { gate } : {}),
        describe: async () => JSON.stringify((await client.query(`SELECT count(*) AS left, count(*) FILTER (WHERE last_error IS NOT NULL) AS failing FROM ${SCHEMA}._private_jobs`)).rows[0]),
    });
}
/** The same tasks, each counting its starts first. */
function counted(taskList, counter) {
    return Object.fromEntries(Object.entries(taskList).map(([name, task]) => [
        name,
        ((payload, helpers) => {
            counter.add();
            return task(payload, helpers);
        }),
    ]));
}
async function throughput(url, jobs, taskList, steps) {
    return withGraphile(url, async (utils, start, watcher) => {
        const submitStarted = performance.now();
        for (const batch of batches(jobs, 5_000))
            await utils.addJobs(batch);
        const submitMs = performance.now() - submitStarted;
        await watcher.query('ANALYZE');
        const counter = createStartCounter();
        const started = performance.now();
        await start(counted(taskList, counter));
        await waitEmpty(watcher, TIMEOUT_MS, 5, counter.reached(steps));
        const ms = performance.now() - started;
        return {
            jobs: jobs.length,
            steps,
            seconds: round2(ms / 1000),
            jobs_per_s: perSecond(jobs.length, ms),
            steps_per_s: perSecond(steps, ms),
            submit_jobs_per_s: perSecond(jobs.length, submitMs),
        };
    });
}
async function flat(ctx) {
    const n = ctx.sizes.flat;
    const jobs = Array.from({ length: n }, (_, i) => ({ identifier: 'flat', payload: { i } }));
    return throughput(ctx.url, jobs, { flat: async () => { } }, n);
}
async function chain(ctx) {
    const n = ctx.sizes.chain;
    const jobs = Array.from({ length: n }, (_, c) => ({ identifier: 'chain', payload: { c, s: 1 } }));
    const taskList = {
        chain: async (payload, helpers) => {
            const { c, s } = payload;
            if (s < 3)
                await helpers.addJob('chain', { c, s: s + 1 });
        },
    };
    return throughput(ctx.url, jobs, taskList, n * 3);
}
/**
 * One statement per finished step: decrement the join counters of its
 * dependents and enqueue (with graphile's own add_job) every dependent whose
 * last dependency this was.
 */
const RELEASE_SQL = `
  WITH dec AS (
    UPDATE public.bench_join SET remaining = remaining - 1
    WHERE w = $1 AND step = ANY($2::text[]) RETURNING step, remaining
  ), ready AS (
    SELECT step FROM dec WHERE remaining = 0
    UNION ALL SELECT unnest($3::text[])
  )
  SELECT ${SCHEMA}.add_job('dag', json_build_object('w', $1::int, 'shape', $4::text, 'step', ready.step)) FROM ready`;
async function dag(ctx) {
    const instances = dagInstances(ctx.sizes.dagDiamond, ctx.sizes.dagMixed);
    const client = await connect(ctx.url);
    await client.query('CREATE TABLE public.bench_join (w int NOT NULL, step text NOT NULL, remaining int NOT NULL, PRIMARY KEY (w, step))');
    for (const batch of batches(instances, 5_000)) {
        const rows = batch.flatMap((i) => Object.entries(Shapes[i.shape])
            .filter(([, deps]) => deps.length > 1)
            .map(([step, deps]) => [i.w, step, deps.length]));
        await client.query('INSERT INTO public.bench_join SELECT * FROM unnest($1::int[], $2::text[], $3::int[])', [
            rows.map((r) => r[0]),
            rows.map((r) => r[1]),
            rows.map((r) => r[2]),
        ]);
    }
    await client.end();
    const jobs = instances.map((i) => ({ identifier: 'dag', payload: { w: i.w, shape: i.shape, step: 'a' } }));
    const taskList = {
        dag: async (payload, helpers) => {
            const { w, shape, step } = payload;
            const next = dependents[shape][step];
            if (next.length === 0)
                return;
            const shapeDeps = Shapes[shape];
            const joins = next.filter((s) => shapeDeps[s].length > 1);
            const direct = next.filter((s) => shapeDeps[s].length === 1);
            await helpers.query(RELEASE_SQL, [w, joins, direct, shape]);
        },
    };
    return throughput(ctx.url, jobs, taskList, stepsOf(instances));
}
async function latency(ctx) {
    const { latencySamples: samples, latencyWarmup: warmup } = ctx.sizes;
    const signal = createStartSignal();
    return withGraphile(ctx.url, async (utils, start, watcher) => {
        await watcher.query('ANALYZE');
        await start({ lat: async () => signal.mark() });
        await sleep(500);
        return measureLatency({ samples, warmup, signal, enqueue: () => utils.addJob('lat', {}), done: () => waitEmpty(watcher, 30_000, 2) });
    });
}
export const graphileSystem = {
    name: 'graphile-worker',
    version: () => packageVersion('graphile-worker'),
    workloads: { flat, chain, dag, latency },
};
//# sourceMappingURL=graphile.js.map