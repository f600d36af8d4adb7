/**
 * DBOS Transact, the durable-workflow peer: workflows whose steps are
 * `DBOS.runStep` calls, enqueued on a database-backed queue. Configured as the
 * issue and DBOS's docs say for throughput:
 * - the executor's system-database pool is 12; the queue runs 10 workflows at
 *   a time in the process (`workerConcurrency: 10`);
 * - the queue polls every 5 ms (`minPollingIntervalMs: 5`): DBOS queues poll,
 *   and the default 1 s caps a worker at 10 workflows/s whatever else is set;
 * - the producer is a `DBOSClient` (its own pool, as graphile's WorkerUtils
 *   and Baton's client are) that enqueues in bulk with `enqueueInTransaction`,
 *   5,000 workflows per transaction.
 * Flat is a one-step workflow, chain a three-step workflow: the workflow is
 * DBOS's unit, as a task is Baton's. Completion is read from DBOS's own
 * table, `dbos.workflow_status`.
 */
import { DBOS, DBOSClient, type DLogger } from '@dbos-inc/dbos-sdk';
import type pg from 'pg';
import { createStartCounter, createStartSignal, measureLatency, perSecond, round2, sleep, waitUntil, type StartCounter, type StartSignal } from '../../src/bench/index.js';
import { batches, connect, count, packageVersion } from './common.js';
import type { BenchSystem, Metrics, WorkloadContext } from './types.js';

const SCHEMA = 'dbos';
const APP = 'baton-bench';
const QUEUE = 'bench';
const TIMEOUT_MS = 15 * 60_000;
const POLLING_MS = 5;

/** Errors only, to stderr; DBOS logs every queue registration and launch at info. */
const quiet: DLogger = {
  info: () => {},
  debug: () => {},
  warn: () => {},
  error: (err) => process.stderr.write(`dbos error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`),
};

/** Steps are no-ops, as every system's handlers are; `counter` counts step starts, `signal` marks a workflow's first step. */
function registerWorkflows(counter: StartCounter, signal?: StartSignal) {
  const step = () =>
    DBOS.runStep(
      async () => {
        signal?.mark();
        counter.add();
        return null;
      },
      { name: 'step' },
    );
  return {
    one: DBOS.registerWorkflow(
      async (_i: number) => {
        await step();
      },
      { name: 'one' },
    ),
    chain3: DBOS.registerWorkflow(
      async (_i: number) => {
        await step();
        await step();
        await step();
      },
      { name: 'chain3' },
    ),
  };
}

interface Setup {
  client: DBOSClient;
  watcher: pg.Client;
  /** Configures and launches the executor: registered workflows start being dequeued. */
  launch: (counter: StartCounter, signal?: StartSignal) => Promise<void>;
}

async function withDbos<T>(url: string, fn: (s: Setup) => Promise<T>): Promise<T> {
  // Schema and queue row first, so that the producer can enqueue before any executor runs.
  await DBOS.migrate(url, { schemaName: SCHEMA });
  const client = await DBOSClient.create({ systemDatabaseUrl: url, applicationName: APP, logger: quiet });
  const queue = await client.registerQueue(QUEUE, { workerConcurrency: 10, minPollingIntervalMs: POLLING_MS, applicationName: APP });
  if ((await queue.getMinPollingIntervalMs()) !== POLLING_MS) throw new Error(`dbos: the queue's polling interval did not persist as ${POLLING_MS} ms`);
  const watcher = await connect(url);
  let launched = false;
  try {
    return await fn({
      client,
      watcher,
      launch: async (counter, signal) => {
        registerWorkflows(counter, signal);
        DBOS.setConfig({ name: APP, systemDatabaseUrl: url, systemDatabasePoolSize: 12, logger: quiet });
        launched = true;
        await DBOS.launch();
      },
    });
  } finally {
    if (launched) await DBOS.shutdown();
    await client.destroy();
    await watcher.end();
  }
}

/** Finished workflows stay in workflow_status: done when `expected` of `name` have status SUCCESS. */
async function waitSucceeded(watcher: pg.Client, name: string, expected: number, gate: () => boolean): Promise<void> {
  await waitUntil(async () => (await count(watcher, `SELECT count(*) AS n FROM ${SCHEMA}.workflow_status WHERE name = $1 AND status = 'SUCCESS'`, [name])) >= expected, {
    timeoutMs: TIMEOUT_MS,
    pollMs: 5,
    gate,
    describe: async () => JSON.stringify((await watcher.query(`SELECT status, count(*) AS n FROM ${SCHEMA}.workflow_status WHERE name = $1 GROUP BY status`, [name])).rows),
  });
}

/** Enqueues `n` workflows of `name` in transactions of 5,000 through the producer's bulk path. */
async function enqueueAll(url: string, client: DBOSClient, name: string, n: number): Promise<void> {
  const tx = await connect(url);
  try {
    for (const batch of batches(
      Array.from({ length: n }, (_, i) => i),
      5_000,
    )) {
      await tx.query('BEGIN');
      for (const i of batch) await client.enqueueInTransaction(tx, { queueName: QUEUE, workflowName: name }, i);
      await tx.query('COMMIT');
    }
  } finally {
    await tx.end();
  }
}

async function throughput(url: string, name: 'one' | 'chain3', n: number, stepsPerWorkflow: number): Promise<Metrics> {
  return withDbos(url, async ({ client, watcher, launch }) => {
    const submitStarted = performance.now();
    await enqueueAll(url, client, name, n);
    const submitMs = performance.now() - submitStarted;
    await watcher.query('ANALYZE');
    const steps = n * stepsPerWorkflow;
    const counter = createStartCounter();
    const started = performance.now();
    await launch(counter);
    await waitSucceeded(watcher, name, n, counter.reached(steps));
    const ms = performance.now() - started;
    return {
      jobs: n,
      steps,
      seconds: round2(ms / 1000),
      jobs_per_s: perSecond(n, ms),
      steps_per_s: perSecond(steps, ms),
      submit_jobs_per_s: perSecond(n, submitMs),
    };
  });
}

const flat = (ctx: WorkloadContext) => throughput(ctx.url, 'one', ctx.sizes.flat, 1);
const chain = (ctx: WorkloadContext) => throughput(ctx.url, 'chain3', ctx.sizes.chain, 3);

async function latency(ctx: WorkloadContext): Promise<Metrics> {
  const { latencySamples: samples, latencyWarmup: warmup } = ctx.sizes;
  const signal = createStartSignal();
  return withDbos(ctx.url, async ({ client, watcher, launch }) => {
    await watcher.query('ANALYZE');
    await launch(createStartCounter(), signal);
    await sleep(500);
    return measureLatency({
      samples,
      warmup,
      signal,
      enqueue: async () => (await client.enqueue({ queueName: QUEUE, workflowName: 'one' }, 0)).workflowID,
      done: (id) =>
        waitUntil(async () => (await count(watcher, `SELECT count(*) AS n FROM ${SCHEMA}.workflow_status WHERE workflow_uuid = $1 AND status = 'SUCCESS'`, [id])) === 1, {
          timeoutMs: 30_000,
          pollMs: 2,
        }),
    });
  });
}

export const dbosSystem: BenchSystem = {
  name: 'dbos',
  version: () => packageVersion('@dbos-inc/dbos-sdk'),
  workloads: { flat, chain, latency },
};
