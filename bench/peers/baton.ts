/**
 * Baton in the peer benchmark: its own workloads (src/bench), run with the
 * defaults users get except the two settings the issue fixes for every
 * system: concurrency 10 per worker process and a pool of 12.
 */
import { defaultConfig } from '../../src/config/schema.js';
import { ensureHistory, openBatonEnv, runBatonWorkload, type BatonWorkload, type BenchSizes } from '../../src/bench/index.js';
import { packageVersion } from './common.js';
import type { BenchSystem, Metrics, WorkloadContext } from './types.js';

function config() {
  const c = defaultConfig();
  c.worker.concurrency = 10;
  c.database.poolSize = 12;
  c.log.level = 'warn';
  return c;
}

function configFor(url: string) {
  const c = config();
  c.database.url = url;
  return c;
}

/**
 * Stores `sizes.history` finished tasks in the `baton` schema of `url` (kept
 * afterwards) without running the chain, so that a seeded database can be
 * copied for each round (CREATE DATABASE ... TEMPLATE) instead of seeded again.
 */
async function seedHistory(url: string, sizes: BenchSizes): Promise<Metrics> {
  const env = await openBatonEnv({ kind: 'pg', url, schema: 'baton' }, configFor(url));
  try {
    return await ensureHistory(env, sizes.history);
  } finally {
    await env.close();
  }
}

function workload(name: BatonWorkload) {
  return async (ctx: WorkloadContext): Promise<Metrics> => {
    // The harness gives each workload a fresh database: Baton uses its default schema there.
    const { bench: _bench, workload: _w, peak_rss_mb: _rss, ...metrics } = await runBatonWorkload(name, { config: configFor(ctx.url), sizes: ctx.sizes, schema: 'baton' });
    if (typeof metrics.tasks_per_s === 'number' && (name === 'flat' || name === 'embedded_flat')) metrics.jobs_per_s = metrics.tasks_per_s;
    if (typeof metrics.submit_tasks_per_s === 'number' && name === 'flat') metrics.submit_jobs_per_s = metrics.submit_tasks_per_s;
    return metrics;
  };
}

const names: BatonWorkload[] = ['flat', 'chain', 'latency', 'dag', 'history', 'memory', 'embedded_flat', 'embedded_chain', 'embedded_memory'];

export const batonSystem: BenchSystem = {
  name: 'baton',
  version: () => packageVersion('baton'),
  workloads: Object.fromEntries(names.map((n) => [n, workload(n)])),
  prepare: {
    // A million finished tasks take minutes to write: seeded once per run into a template database.
    history: (ctx) => seedHistory(ctx.url, ctx.sizes),
  },
};
