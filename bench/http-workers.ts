/**
 * `npm run bench:http`: what the HTTP worker protocol costs against the direct
 * PostgreSQL worker, on one machine. One Baton server (API + sweeps) in this
 * process; workers are separate processes (HTTP) or a runtime in this process
 * (direct). Prints JSON lines:
 *
 * - `http_noop_throughput`: steps/s of one-step no-op tasks, submitted first, then
 *   drained by one worker (concurrency 10): direct, TypeScript over HTTP, Python over HTTP.
 * - `http_sleep10_serial`: a handler that sleeps 10 ms, one step at a time
 *   (concurrency 1): ms per step, and the HTTP path's extra ms per step over direct.
 * - `http_sleep10_concurrent`: the same handler at concurrency 10: steps/s and the
 *   overhead against direct in percent (the seeds' target for a binding: under 10%).
 *
 *   --quick            every workload ten times smaller
 *   --workers a,b      only these of ts_http, python_http (direct always runs)
 *   --backend pg|pglite  default pg when BATON_BENCH_DATABASE_URL or BATON_TEST_DATABASE_URL is set
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import pino from 'pino';
import { defaultConfig, type BatonConfig } from '../src/config/schema.js';
import { createRuntime, type Runtime } from '../src/runtime.js';
import type { Db } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { openPg } from '../src/store/pg-adapter.js';
import { openPglite } from '../src/store/pglite-adapter.js';
import { defineHandler } from '../src/worker/types.js';

type WorkerKind = 'direct' | 'ts_http' | 'python_http';
const workersArg = process.argv.includes('--workers') ? process.argv[process.argv.indexOf('--workers') + 1].split(',') : undefined;
// direct always runs: the other figures are relative to it.
const KINDS = (['direct', 'ts_http', 'python_http'] as WorkerKind[]).filter((k) => k === 'direct' || !workersArg || workersArg.includes(k));

const quick = process.argv.includes('--quick');
const url = process.env.BATON_BENCH_DATABASE_URL ?? process.env.BATON_TEST_DATABASE_URL;
const backendArg = process.argv[process.argv.indexOf('--backend') + 1];
const backend: 'pg' | 'pglite' = process.argv.includes('--backend') ? (backendArg as 'pg' | 'pglite') : url ? 'pg' : 'pglite';
const scale = quick ? 10 : 1;
const print = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);
const logger = pino({ level: 'warn' });

const TEMPLATES = [
  '{namespace: bench, name: noop, version: "1", steps: [{name: s, handler: bench.noop}]}',
  '{namespace: bench, name: sleep10, version: "1", steps: [{name: s, handler: bench.sleep10}]}',
];
const directHandlers = [defineHandler('bench.noop', () => null), defineHandler('bench.sleep10', () => new Promise((resolve) => setTimeout(() => resolve(null), 10)))];

function config(concurrency: number): BatonConfig {
  const c = defaultConfig();
  c.worker.concurrency = concurrency;
  c.log.level = 'warn';
  return c;
}

async function openDb(): Promise<{ db: Db; cleanup: () => Promise<void> }> {
  if (backend === 'pglite') {
    const db = await openPglite({ schema: 'baton' });
    return { db, cleanup: () => db.close() };
  }
  const schema = `bench_http_${randomBytes(4).toString('hex')}`;
  const db = openPg({ url: url!, schema, poolSize: 20 });
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

/** A worker process (or runtime) that can be stopped. */
interface RunningWorker {
  stop(): Promise<void>;
}

function spawnWorker(kind: 'ts_http' | 'python_http', serverUrl: string, concurrency: number): Promise<RunningWorker> {
  const [cmd, script] =
    kind === 'ts_http'
      ? [process.execPath, fileURLToPath(new URL('./http-worker-child.js', import.meta.url))]
      : ['python3', fileURLToPath(new URL('../../bench/http-python-worker.py', import.meta.url))];
  const child: ChildProcess = spawn(cmd, [script], { env: { ...process.env, BATON_URL: serverUrl, CONCURRENCY: String(concurrency) }, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('ready')) resolve({ stop: async () => (child.kill('SIGTERM'), await exited) });
    });
    child.once('exit', (code) => reject(new Error(`${kind} worker exited (${code}) before it was ready: ${out}`)));
  });
}

async function startWorker(kind: WorkerKind, rt: Runtime, serverUrl: string, concurrency: number): Promise<RunningWorker> {
  if (kind !== 'direct') return spawnWorker(kind, serverUrl, concurrency);
  const worker = await createRuntime({ config: config(concurrency), db: rt.db, logger, handlers: directHandlers, sweeper: false });
  return { stop: () => worker.stop() };
}

async function openTasks(db: Db): Promise<number> {
  const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM tasks WHERE status IN ('pending', 'running')");
  return rows[0].n;
}

/** Submits `tasks`, starts one worker, and times it from its start until every task is done. */
async function drain(rt: Runtime, serverUrl: string, kind: WorkerKind, name: string, tasks: number, concurrency: number): Promise<number> {
  for (let i = 0; i < tasks; i += 5000) {
    await rt.engine.submitMany(Array.from({ length: Math.min(5000, tasks - i) }, () => ({ namespace: 'bench', name })));
  }
  const started = performance.now();
  const worker = await startWorker(kind, rt, serverUrl, concurrency);
  const startupMs = performance.now() - started;
  while ((await openTasks(rt.db)) > 0) await new Promise((r) => setTimeout(r, 20));
  const ms = performance.now() - started - startupMs;
  await worker.stop();
  return ms;
}

async function main(): Promise<void> {
  print({ bench: 'machine', cores: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, backend, date: new Date().toISOString() });
  const { db, cleanup } = await openDb();
  await migrate(db);
  const serverConfig = config(10);
  serverConfig.server.port = 0;
  const rt = await createRuntime({ config: serverConfig, db, logger, http: true });
  for (const t of TEMPLATES) await rt.engine.registerTemplate(t);
  const serverUrl = await rt.listen();
  try {
    const noopTasks = 10_000 / scale;
    const noop: Partial<Record<WorkerKind, number>> = {};
    for (const kind of KINDS) {
      const ms = await drain(rt, serverUrl, kind, 'noop', noopTasks, 10);
      noop[kind] = (noopTasks / ms) * 1000;
      print({
        bench: 'http_noop_throughput',
        backend,
        worker: kind,
        concurrency: 10,
        steps: noopTasks,
        seconds: +(ms / 1000).toFixed(2),
        steps_per_s: Math.round(noop[kind]),
        ...(kind === 'direct' ? {} : { ratio_to_direct: +(noop[kind] / noop.direct!).toFixed(2) }),
      });
    }

    const serialSteps = 500 / scale;
    const serialMs: Partial<Record<WorkerKind, number>> = {};
    for (const kind of KINDS) {
      serialMs[kind] = (await drain(rt, serverUrl, kind, 'sleep10', serialSteps, 1)) / serialSteps;
      print({
        bench: 'http_sleep10_serial',
        backend,
        worker: kind,
        concurrency: 1,
        steps: serialSteps,
        ms_per_step: +serialMs[kind].toFixed(2),
        ...(kind === 'direct' ? {} : { extra_ms_per_step_vs_direct: +(serialMs[kind] - serialMs.direct!).toFixed(2) }),
      });
    }

    const concurrentSteps = 5000 / scale;
    let direct = 0;
    for (const kind of KINDS) {
      const rate = (concurrentSteps / (await drain(rt, serverUrl, kind, 'sleep10', concurrentSteps, 10))) * 1000;
      if (kind === 'direct') direct = rate;
      print({
        bench: 'http_sleep10_concurrent',
        backend,
        worker: kind,
        concurrency: 10,
        steps: concurrentSteps,
        steps_per_s: Math.round(rate),
        ideal_steps_per_s: 1000,
        ...(kind === 'direct' ? {} : { overhead_vs_direct_pct: +(((direct - rate) / direct) * 100).toFixed(1) }),
      });
    }
  } finally {
    const stopping = rt.stop();
    rt.app?.server.closeAllConnections();
    await stopping;
    await cleanup();
  }
}

await main();
process.exit(0);
