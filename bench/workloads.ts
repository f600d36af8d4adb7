import { randomBytes } from 'node:crypto';
import pino from 'pino';
import pg from 'pg';
import { defaultConfig, type BatonConfig } from '../src/config/schema.js';
import { createRuntime, type Runtime } from '../src/runtime.js';
import type { Db } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { openPg } from '../src/store/pg-adapter.js';
import { openPglite } from '../src/store/pglite-adapter.js';
import { defineHandler } from '../src/worker/types.js';

export type Backend = 'pglite' | 'pg';

export interface BenchResult {
  bench: string;
  backend: Backend;
  [key: string]: unknown;
}

const TEMPLATES = [
  `{namespace: bench, name: one, version: "1", steps: [{name: s, handler: bench.noop}]}`,
  `{namespace: bench, name: chain3, version: "1", mode: sequential, steps: [{name: a, handler: bench.noop}, {name: b, handler: bench.noop}, {name: c, handler: bench.noop}]}`,
  `{namespace: bench, name: chain4, version: "1", mode: sequential, steps: [{name: a, handler: bench.noop}, {name: b, handler: bench.noop}, {name: c, handler: bench.noop}, {name: d, handler: bench.noop}]}`,
  `{namespace: bench, name: diamond, version: "1", steps: [{name: a, handler: bench.noop}, {name: b, handler: bench.noop, depends_on: [a]}, {name: c, handler: bench.noop, depends_on: [a]}, {name: d, handler: bench.noop, depends_on: [b, c]}]}`,
];

const handlers = [defineHandler('bench.noop', () => null)];

interface Env {
  db: Db;
  cleanup(): Promise<void>;
}

async function openEnv(backend: Backend, url: string | undefined): Promise<Env> {
  if (backend === 'pglite') {
    const db = await openPglite({ schema: 'baton' });
    return { db, cleanup: () => db.close() };
  }
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const db = openPg({ url: url!, schema, poolSize: 12 });
  return {
    db,
    async cleanup() {
      await db.close();
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    },
  };
}

function benchConfig(): BatonConfig {
  const config = defaultConfig();
  config.worker.concurrency = 10;
  config.log.level = 'warn';
  return config;
}

async function withRuntime<T>(backend: Backend, url: string | undefined, withWorker: boolean, fn: (rt: Runtime, startWorker: () => Promise<Runtime>) => Promise<T>): Promise<T> {
  const env = await openEnv(backend, url);
  await migrate(env.db);
  const logger = pino({ level: 'warn' });
  const rt = await createRuntime({ config: benchConfig(), db: env.db, logger, ...(withWorker ? { handlers } : {}) });
  for (const t of TEMPLATES) await rt.engine.registerTemplate(t);
  const extra: Runtime[] = [];
  try {
    return await fn(rt, async () => {
      const worker = await createRuntime({ config: benchConfig(), db: env.db, logger, handlers, sweeper: false });
      extra.push(worker);
      return worker;
    });
  } finally {
    for (const w of extra) await w.stop();
    await rt.stop();
    await env.cleanup();
  }
}

async function countOpen(db: Db): Promise<number> {
  const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM tasks WHERE status IN ('pending', 'running')");
  return rows[0].n;
}

async function waitAllDone(db: Db): Promise<void> {
  while ((await countOpen(db)) > 0) await new Promise((r) => setTimeout(r, 50));
}

/** N tasks submitted in bulk first, then a worker started; throughput from worker start to all done. */
export async function throughput(backend: Backend, url: string | undefined, name: string, tasks: number, stepsPerTask: number): Promise<BenchResult> {
  return withRuntime(backend, url, false, async (rt, startWorker) => {
    const submitStart = performance.now();
    for (let i = 0; i < tasks; i += 5000) {
      const n = Math.min(5000, tasks - i);
      await rt.engine.submitMany(Array.from({ length: n }, () => ({ namespace: 'bench', name })));
    }
    const submitMs = performance.now() - submitStart;
    await rt.db.query('ANALYZE');
    const start = performance.now();
    await startWorker();
    await waitAllDone(rt.db);
    const ms = performance.now() - start;
    return {
      bench: `throughput_${name}`,
      backend,
      tasks,
      steps: tasks * stepsPerTask,
      seconds: +(ms / 1000).toFixed(2),
      tasks_per_s: Math.round((tasks / ms) * 1000),
      steps_per_s: Math.round(((tasks * stepsPerTask) / ms) * 1000),
      submit_tasks_per_s: Math.round((tasks / submitMs) * 1000),
    };
  });
}

/** One 4-step linear task at a time, from submit to the task's completion as the database reports it. */
export async function latency(backend: Backend, url: string | undefined, samples: number, warmup: number): Promise<BenchResult> {
  return withRuntime(backend, url, true, async (rt) => {
    const times: number[] = [];
    for (let i = 0; i < samples + warmup; i++) {
      const start = performance.now();
      const { id } = await rt.engine.submit({ namespace: 'bench', name: 'chain4' });
      for (;;) {
        const { rows } = await rt.db.query<{ status: string }>('SELECT status FROM tasks WHERE id = $1', [id]);
        if (rows[0].status === 'complete') break;
        await new Promise((r) => setTimeout(r, 1));
      }
      if (i >= warmup) times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const pct = (p: number) => +times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))].toFixed(1);
    return { bench: 'latency_chain4_submit_to_complete', backend, samples, p50_ms: pct(50), p99_ms: pct(99), max_ms: +times[times.length - 1].toFixed(1) };
  });
}
