/**
 * The flow-control workloads (DESIGN §8):
 * - `concurrency`: one-step tasks whose handler takes a few milliseconds,
 *   drained by one worker runtime with more slots than the keys allow, once
 *   without a concurrency key and once over 20 keys of limit 2, in one run;
 *   the keyed throughput as a ratio to the plain one (claim overhead plus the
 *   limit itself: 40 slots of the worker's 64);
 * - `rate-claims`: the cost of a claim call while 100 rate-limited names
 *   (declared with a limit too generous to bind) have ready steps, against
 *   the same calls over plain ready steps.
 */
import { createRuntime, type Runtime } from '../runtime.js';
import type { TaskRequest } from '../core/submit.js';
import { analyzeTables } from '../store/maintenance.js';
import { countLiveTasks, countLiveTasksByStatus, countTasksNotComplete } from '../store/task-counts.js';
import { defineHandler } from '../worker/types.js';
import type { BatonEnv } from './baton-env.js';
import type { Metrics } from './baton-workloads.js';
import { createStartCounter, percentile, perSecond, round2, sleep, waitUntil } from './measure.js';
import { BENCH_HANDLER } from './shapes.js';

/** Sizes of these workloads; `flowBenchSizes(10)` is the tenfold smaller smoke run. */
export interface FlowBenchSizes {
  /** One-step tasks in each half of `concurrency` (plain, then keyed). @default 2000 */
  concurrencyTasks?: number;
  /** Handler time of the `concurrency` steps, in ms. @default 5 */
  concurrencyHandlerMs?: number;
  /** Rate-limited names in `rate-claims`. @default 100 */
  rateNames?: number;
  /** Ready steps per name in `rate-claims` (and as many plain steps in all). @default 20 */
  ratePerName?: number;
  /** Steps a claim call asks for in `rate-claims`. @default 10 */
  rateClaimBatch?: number;
}

export function flowBenchSizes(shrink = 1): Required<FlowBenchSizes> {
  return {
    concurrencyTasks: Math.max(100, 2000 / shrink),
    concurrencyHandlerMs: 5,
    rateNames: 100,
    ratePerName: Math.max(2, 20 / shrink),
    rateClaimBatch: 10,
  };
}

const SUBMIT_BATCH = 1_000;
/** Longest a drain may take before the workload is reported as failed. */
const TIMEOUT_MS = 15 * 60_000;
/** Keys and limit of the keyed half of `concurrency` (the figures). */
const KEYS = 20;
const KEY_LIMIT = 2;
/** The worker's slots in `concurrency`: more than the keys' 40, so the limit binds. */
const WORKER_SLOTS = 64;
const SLEEP_HANDLER = 'bench.sleep';

const step = { name: 'work', handler: SLEEP_HANDLER, params: {} as Record<string, number> };
const plainTemplate = (ms: number) => ({ namespace: 'bench', name: 'flow_plain', version: '1', steps: [{ ...step, params: { ms } }] });
const keyedTemplate = (ms: number) => ({
  namespace: 'bench',
  name: 'flow_keyed',
  version: '1',
  defaults: { concurrency: { key: '${context.key}', limit: KEY_LIMIT } },
  steps: [{ ...step, params: { ms } }],
});

async function submitAll(env: BatonEnv, requests: TaskRequest[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < requests.length; i += SUBMIT_BATCH) {
    for (const r of await env.client.engine.submitMany(requests.slice(i, i + SUBMIT_BATCH))) ids.push(r.id);
  }
  return ids;
}

/**
 * A worker runtime whose handler sleeps `params.ms`, with `WORKER_SLOTS` slots,
 * the way `env.startWorker` makes one (the client's config; on PGlite its one
 * connection). The caller stops it.
 */
async function startSleepWorker(env: BatonEnv, onStart: () => void): Promise<Runtime> {
  const config = env.client.config;
  return createRuntime({
    config: { ...config, worker: { ...config.worker, concurrency: WORKER_SLOTS } },
    logger: env.client.logger,
    handlers: [
      defineHandler(SLEEP_HANDLER, async (ctx) => {
        onStart();
        await new Promise((resolve) => setTimeout(resolve, Number((ctx.params as { ms?: number }).ms ?? 0)));
        return null;
      }),
    ],
    ...(env.backend === 'pglite' ? { db: env.db } : {}),
  });
}

/** Submits `requests` with no worker running, then starts one and times it until no task is open. */
async function drain(env: BatonEnv, requests: TaskRequest[]): Promise<{ ms: number; ids: string[] }> {
  const ids = await submitAll(env, requests);
  await analyzeTables(env.db);
  const counter = createStartCounter();
  const started = performance.now();
  const worker = await startSleepWorker(env, () => counter.add());
  try {
    await waitUntil(async () => (await countLiveTasks(env.db)) === 0, {
      timeoutMs: TIMEOUT_MS,
      pollMs: 10,
      gate: counter.reached(requests.length),
      describe: async () => `${counter.count} handler starts; open tasks ${JSON.stringify(await countLiveTasksByStatus(env.db))}`,
    });
    return { ms: performance.now() - started, ids };
  } finally {
    await worker.stop();
  }
}

/**
 * `tasks` one-step tasks without a key, drained; then `tasks` more over 20
 * keys of limit 2, drained by a fresh worker of the same size. The handler
 * sleeps `handlerMs`, so the keyed half is bound by its 40 slots as well as
 * by the claims' cost (a plain half at 64 slots can go 1.6 times as fast).
 */
export async function runConcurrency(env: BatonEnv, tasks: number, handlerMs: number): Promise<Metrics> {
  await env.client.engine.registerTemplate(plainTemplate(handlerMs));
  await env.client.engine.registerTemplate(keyedTemplate(handlerMs));
  const plain = await drain(
    env,
    Array.from({ length: tasks }, () => ({ namespace: 'bench', name: 'flow_plain' })),
  );
  const keyed = await drain(
    env,
    Array.from({ length: tasks }, (_, i) => ({ namespace: 'bench', name: 'flow_keyed', context: { key: `k${i % KEYS}` } })),
  );
  const plainPerS = perSecond(tasks, plain.ms);
  const keyedPerS = perSecond(tasks, keyed.ms);
  return {
    tasks,
    keys: KEYS,
    key_limit: KEY_LIMIT,
    worker_slots: WORKER_SLOTS,
    handler_ms: handlerMs,
    plain_steps_per_s: plainPerS,
    keyed_steps_per_s: keyedPerS,
    ratio: round2(keyedPerS / plainPerS),
    // The most either half could do at its slots with free claims.
    plain_bound_per_s: Math.round((WORKER_SLOTS * 1000) / handlerMs),
    keyed_bound_per_s: Math.round((KEYS * KEY_LIMIT * 1000) / handlerMs),
    not_complete: (await countTasksNotComplete(env.db, plain.ids)) + (await countTasksNotComplete(env.db, keyed.ids)),
  };
}

/**
 * Claims `batch` at a time until `expected` steps are claimed; the time of each
 * call that took something. A call that takes nothing is not timed: right
 * after a phase with none ready, the engine skips its look at rate-limited
 * steps for a quarter second (`NONE_PAUSE_MS` in src/core/flow-claims.ts).
 */
async function timeClaims(env: BatonEnv, workerId: string, batch: number, expected: number): Promise<{ callsMs: number[]; steps: number; ms: number; empty: number }> {
  const callsMs: number[] = [];
  let steps = 0;
  let empty = 0;
  const deadline = Date.now() + TIMEOUT_MS;
  const started = performance.now();
  while (steps < expected) {
    const t0 = performance.now();
    const got = await env.client.engine.claim({ workerId, handlers: [BENCH_HANDLER], labels: {}, limit: batch, leaseMs: 600_000 });
    if (got.length > 0) {
      callsMs.push(performance.now() - t0);
      steps += got.length;
      continue;
    }
    if (Date.now() > deadline) throw new Error(`benchmark timed out after ${TIMEOUT_MS} ms: ${steps} of ${expected} steps claimed`);
    empty++;
    await sleep(20);
  }
  return { callsMs, steps, ms: performance.now() - started - empty * 20, empty };
}

/**
 * `names` rate limits of a million a second (never binding), a one-step
 * template on each, and `perName` ready steps on each; and as many plain
 * ready steps. Claim calls of `batch` are timed over the plain steps first
 * (with no rate-limited step ready), then over the rate-limited ones, each
 * call taking up to `batch` steps round-robin across the names. The steps
 * stay claimed (no worker runs them): the figures are the claim statements'.
 */
export async function runRateClaims(env: BatonEnv, names: number, perName: number, batch: number): Promise<Metrics> {
  const engine = env.client.engine;
  for (let i = 0; i < names; i++) {
    await engine.setRateLimit(`bench_rl_${i}`, 1_000_000, '1s');
    await engine.registerTemplate({ namespace: 'bench', name: `rl_${i}`, version: '1', steps: [{ name: 'call', handler: BENCH_HANDLER, rate_limit: { name: `bench_rl_${i}` } }] });
  }
  const workerId = await engine.registerWorker({ name: 'bench-rate-claims', transport: 'direct', handlers: [BENCH_HANDLER], labels: {}, capacity: batch });
  const total = names * perName;

  await submitAll(
    env,
    Array.from({ length: total }, () => ({ namespace: 'bench', name: 'one' })),
  );
  await analyzeTables(env.db);
  const plain = await timeClaims(env, workerId, batch, total);

  // Interleaved, so every name has ready steps throughout.
  await submitAll(
    env,
    Array.from({ length: total }, (_, i) => ({ namespace: 'bench', name: `rl_${i % names}` })),
  );
  await analyzeTables(env.db);
  const limited = await timeClaims(env, workerId, batch, total);

  const mean = (xs: number[]) => (xs.length === 0 ? NaN : round2(xs.reduce((a, b) => a + b, 0) / xs.length));
  return {
    names,
    ready_per_name: perName,
    batch,
    plain_steps: plain.steps,
    limited_steps: limited.steps,
    plain_claim_p50_ms: percentile(plain.callsMs, 50),
    plain_claim_p99_ms: percentile(plain.callsMs, 99),
    plain_claim_mean_ms: mean(plain.callsMs),
    limited_claim_p50_ms: percentile(limited.callsMs, 50),
    limited_claim_p99_ms: percentile(limited.callsMs, 99),
    limited_claim_mean_ms: mean(limited.callsMs),
    ratio_p50: round2(percentile(limited.callsMs, 50) / percentile(plain.callsMs, 50)),
    plain_claimed_per_s: perSecond(plain.steps, plain.ms),
    limited_claimed_per_s: perSecond(limited.steps, limited.ms),
    empty_claims: plain.empty + limited.empty,
  };
}
