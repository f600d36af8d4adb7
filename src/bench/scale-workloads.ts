/**
 * The scaling lines (issue #18): what a worker's throughput or pickup costs
 * as the work around it grows. Each workload measures the same thing twice in
 * one run, alone and with the growth, and prints the ratio:
 * - `claims-backlog`: one-step tasks drained with 20,000 ready, against the
 *   first 20,000 of 1,000,000 ready (jobs/s, ratio);
 * - `isolation`: a handler's one-step tasks alone, against the same with
 *   1,000,000 ready steps of another handler that no worker runs (ratio;
 *   target ≥ 0.9);
 * - `isolation-labels`: the same with the backlog made of steps of the same
 *   handler whose labels no live worker matches;
 * - `handlers-1000`: a worker with one handler; its pickup latency (as the
 *   latency workload times it) alone, against the same with 10 steps of each
 *   of 999 other handlers ready (9,990 steps);
 * - `fanout`: one task whose fan-out step makes 100,000 instances (one item
 *   each), then a join: time to finish, steps/s.
 * The backlogs are seeded set-wise (`seedReadyTasks`: one submitted task
 * cloned), not submitted one by one. Each timed arm of the throughput lines
 * starts from a settled database (`settleTables`: VACUUM ANALYZE, CHECKPOINT),
 * so the backlog's arm does not also time the aftermath of loading it.
 */
import type { Runtime } from '../runtime.js';
import type { TaskRequest } from '../core/submit.js';
import { seedReadyTasks } from '../store/history-seed.js';
import { LIVE_TASK_STATUSES } from '../domain/state-machine.js';
import { analyzeTables, settleTables } from '../store/maintenance.js';
import { countLiveTasks, countLiveTasksCreatedSince, countTasksNotComplete, countTasksWithStatus, findTaskStatus } from '../store/task-counts.js';
import { databaseNow } from '../store/wait-stats.js';
import { createRuntime } from '../runtime.js';
import { defineHandler, type HandlerRegistration } from '../worker/types.js';
import type { BatonEnv } from './baton-env.js';
import type { Metrics } from './baton-workloads.js';
import { createStartCounter, createStartSignal, measureLatency, perSecond, round2, sleep, waitUntil } from './measure.js';
import { BENCH_HANDLER } from './shapes.js';

/** Sizes of these workloads; `scaleBenchSizes(10)` is the tenfold smaller smoke run. */
export interface ScaleBenchSizes {
  /** Ready one-step tasks queued in the second half of `claims-backlog`. @default 1000000 */
  claimBacklog?: number;
  /** One-step tasks timed in each half of `claims-backlog` (all that is queued in the first). @default 20000 */
  claimRun?: number;
  /** Ready steps no worker runs in `isolation` and `isolation-labels`. @default 1000000 */
  isolationBacklog?: number;
  /** One-step tasks of the measured handler in each half of `isolation` and `isolation-labels`. @default 20000 */
  isolationRun?: number;
  /** Handlers in `handlers-1000`, the worker's one included. @default 1000 */
  handlers?: number;
  /** Ready steps of each other handler in `handlers-1000`. @default 10 */
  stepsPerHandler?: number;
  /** Latency samples in each half of `handlers-1000`. @default 100 */
  handlerSamples?: number;
  /** Items of the `fanout` task, one instance each. @default 100000 */
  fanoutItems?: number;
}

export function scaleBenchSizes(shrink = 1): Required<ScaleBenchSizes> {
  return {
    claimBacklog: 1_000_000 / shrink,
    claimRun: 20_000 / shrink,
    isolationBacklog: 1_000_000 / shrink,
    isolationRun: 20_000 / shrink,
    handlers: 1_000 / shrink,
    stepsPerHandler: 10,
    handlerSamples: Math.max(20, 100 / shrink),
    fanoutItems: 100_000 / shrink,
  };
}

const SUBMIT_BATCH = 5_000;
const TIMEOUT_MS = 15 * 60_000;
const OTHER_HANDLER = 'bench.other';
const ITEMS_HANDLER = 'bench.items';
/** Labels no benchmark worker has. */
const NOWHERE = { zone: 'nowhere' };
const LIVE = new Set<string>(LIVE_TASK_STATUSES);

const oneStep = (name: string, step: object) => ({ namespace: 'bench', name, version: '1', steps: [{ name: 's', ...step }] });

async function submitAll(env: BatonEnv, name: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  const request: TaskRequest = { namespace: 'bench', name };
  for (let i = 0; i < n; i += SUBMIT_BATCH) {
    for (const r of await env.client.engine.submitMany(Array.from({ length: Math.min(SUBMIT_BATCH, n - i) }, () => request))) ids.push(r.id);
  }
  return ids;
}

/**
 * A worker runtime the way `env.startWorker` makes one (the client's config;
 * on PGlite its one connection), with `handlers`. The caller stops it.
 */
function startWorker(env: BatonEnv, handlers: HandlerRegistration[]): Promise<Runtime> {
  return createRuntime({ config: env.client.config, logger: env.client.logger, handlers, ...(env.backend === 'pglite' ? { db: env.db } : {}) });
}

const noop = (onStart: () => void) =>
  defineHandler(BENCH_HANDLER, () => {
    onStart();
    return null;
  });

/** One task of template `name` (registered first when `template` is given) submitted, and cloned to `count` ready tasks in all. */
async function seedBacklog(env: BatonEnv, name: string, count: number, template?: object): Promise<number> {
  if (template) await env.client.engine.registerTemplate(template);
  const [{ id }] = await env.client.engine.submitMany([{ namespace: 'bench', name }]);
  const started = performance.now();
  if (count > 1) await seedReadyTasks(env.db, id, count - 1);
  return round2((performance.now() - started) / 1000);
}

/**
 * Starts a `bench.noop` worker and times it until `done()` (asked once the
 * handler has started `starts` times), then stops it.
 */
async function timeWorker(env: BatonEnv, starts: number, done: () => Promise<boolean>): Promise<number> {
  const counter = createStartCounter();
  const started = performance.now();
  const worker = await startWorker(env, [noop(() => counter.add())]);
  try {
    await waitUntil(done, { timeoutMs: TIMEOUT_MS, pollMs: 5, gate: counter.reached(starts), describe: async () => `${counter.count} handler starts` });
    return performance.now() - started;
  } finally {
    await worker.stop();
  }
}

/**
 * Submits `n` one-step `bench.noop` tasks and times a fresh worker until none
 * of them is live. It waits on the tasks created since it began, not on their
 * ids: a million queued beside them would make each poll look up 20,000 ids
 * (about 170 ms of the database's time, several times at the end of the run).
 */
async function drainOne(env: BatonEnv, n: number): Promise<{ ms: number; ids: string[] }> {
  const since = await databaseNow(env.db);
  const ids = await submitAll(env, 'one', n);
  // Both arms of a comparison start settled: the second follows the bulk load of a backlog.
  await settleTables(env.db);
  const ms = await timeWorker(env, n, async () => (await countLiveTasksCreatedSince(env.db, since)) === 0);
  return { ms, ids };
}

/**
 * `run` one-step tasks queued alone and drained; then `backlog` ready
 * one-step tasks queued (cloned) and a fresh worker timed until it has
 * completed `run` of them (the oldest first, as it claims).
 */
export async function runClaimsBacklog(env: BatonEnv, backlog: number, run: number): Promise<Metrics> {
  const alone = await drainOne(env, run);
  const completeBefore = await countTasksWithStatus(env.db, 'complete');
  const seedSeconds = await seedBacklog(env, 'one', backlog);
  const queued = await countLiveTasks(env.db);
  await settleTables(env.db);
  const ms = await timeWorker(env, run, async () => (await countTasksWithStatus(env.db, 'complete')) - completeBefore >= run);
  const aloneRate = perSecond(run, alone.ms);
  const backlogRate = perSecond(run, ms);
  return {
    run,
    backlog,
    queued,
    alone_jobs_per_s: aloneRate,
    backlog_jobs_per_s: backlogRate,
    ratio: round2(backlogRate / aloneRate),
    seed_seconds: seedSeconds,
    not_complete: await countTasksNotComplete(env.db, alone.ids),
  };
}

/**
 * `run` one-step `bench.noop` tasks drained alone; then `backlog` ready
 * steps nobody runs are queued (another handler's, or with `labels` the
 * same handler's under labels no worker has), `run` tasks more submitted,
 * and a fresh worker timed until those are complete.
 */
export async function runIsolation(env: BatonEnv, backlog: number, run: number, kind: 'handler' | 'labels'): Promise<Metrics> {
  const alone = await drainOne(env, run);
  const template = kind === 'handler' ? oneStep('other', { handler: OTHER_HANDLER }) : oneStep('placed', { handler: BENCH_HANDLER, labels: NOWHERE });
  const seedSeconds = await seedBacklog(env, template.name, backlog, template);
  const behind = await drainOne(env, run);
  const aloneRate = perSecond(run, alone.ms);
  const backlogRate = perSecond(run, behind.ms);
  return {
    run,
    backlog,
    backlog_kind: kind === 'handler' ? `steps of ${OTHER_HANDLER}, no worker` : `steps of ${BENCH_HANDLER} labelled ${JSON.stringify(NOWHERE)}, no worker matches`,
    alone_jobs_per_s: aloneRate,
    backlog_jobs_per_s: backlogRate,
    ratio: round2(backlogRate / aloneRate),
    // The backlog is still all there: no worker could run it.
    backlog_still_queued: await countLiveTasks(env.db),
    seed_seconds: seedSeconds,
    not_complete: (await countTasksNotComplete(env.db, alone.ids)) + (await countTasksNotComplete(env.db, behind.ids)),
  };
}

/**
 * A worker with only `bench.noop`: its pickup latency (one one-step task at a
 * time) alone, then with `stepsPerHandler` ready steps of each of
 * `handlers - 1` other handlers (tasks of one template whose steps all have
 * handlers of their own, none of which any worker runs).
 */
export async function runManyHandlers(env: BatonEnv, handlers: number, stepsPerHandler: number, samples: number, warmup: number): Promise<Metrics> {
  const signal = createStartSignal();
  await analyzeTables(env.db);
  const worker = await startWorker(env, [noop(() => signal.mark())]);
  try {
    await sleep(500);
    const measure = () =>
      measureLatency({
        samples,
        warmup,
        signal,
        enqueue: async () => (await env.client.engine.submit({ namespace: 'bench', name: 'one' })).id,
        done: (id) => waitUntil(async () => (await findTaskStatus(env.db, id)) === 'complete', { timeoutMs: 30_000, pollMs: 2 }),
      });
    const alone = await measure();
    const others = Array.from({ length: handlers - 1 }, (_, i) => ({ name: `s${i + 1}`, handler: `bench.h${i + 1}` }));
    await env.client.engine.registerTemplate({ namespace: 'bench', name: 'wide', version: '1', steps: others });
    await submitAll(env, 'wide', stepsPerHandler);
    await analyzeTables(env.db);
    const crowded = await measure();
    return {
      handlers,
      other_ready_steps: others.length * stepsPerHandler,
      samples,
      alone_p50_ms: alone.p50_ms,
      alone_p99_ms: alone.p99_ms,
      crowded_p50_ms: crowded.p50_ms,
      crowded_p99_ms: crowded.p99_ms,
      ratio_p50: round2(crowded.p50_ms / alone.p50_ms),
      ratio_p99: round2(crowded.p99_ms / alone.p99_ms),
    };
  } finally {
    await worker.stop();
  }
}

/**
 * One task: a fan-out step whose handler returns `items` numbers, one
 * instance of `item` per number, then `join`. Timed from the worker's start
 * to the task's completion.
 */
export async function runFanout(env: BatonEnv, items: number): Promise<Metrics> {
  await env.client.engine.registerTemplate({
    namespace: 'bench',
    name: 'fanout',
    version: '1',
    steps: [
      { name: 'split', handler: ITEMS_HANDLER, kind: 'fan_out', fan_out: { each: 'item', batch_size: 1 }, params: { n: items } },
      { name: 'item', handler: BENCH_HANDLER, depends_on: ['split'] },
      { name: 'join', handler: BENCH_HANDLER, depends_on: ['item'] },
    ],
  });
  const { id } = await env.client.engine.submit({ namespace: 'bench', name: 'fanout' });
  const counter = createStartCounter();
  const steps = items + 2;
  const started = performance.now();
  const worker = await startWorker(env, [
    noop(() => counter.add()),
    defineHandler(ITEMS_HANDLER, (ctx) => {
      counter.add();
      return { items: Array.from({ length: Number((ctx.params as { n?: number }).n ?? 0) }, (_, i) => i) };
    }),
  ]);
  try {
    await waitUntil(async () => !LIVE.has((await findTaskStatus(env.db, id)) ?? ''), {
      timeoutMs: TIMEOUT_MS,
      pollMs: 10,
      gate: counter.reached(steps),
      describe: async () => `${counter.count} handler starts; task ${await findTaskStatus(env.db, id)}`,
    });
    const ms = performance.now() - started;
    return {
      items,
      steps,
      handler_starts: counter.count,
      seconds: round2(ms / 1000),
      steps_per_s: perSecond(steps, ms),
      status: await findTaskStatus(env.db, id),
    };
  } finally {
    await worker.stop();
  }
}
