/**
 * `npm run bench:scaling`: the scaling lines of issue #18 on PostgreSQL, each
 * with the ratio that matters. Prints a machine line, one JSON line per
 * measurement, then a Markdown table.
 *
 * - `processes`: 20,000 one-step tasks drained by 2 worker processes against
 *   1, on one database (each process: concurrency 10, pool 12);
 * - `http`: `bench/http-workers.ts` run as is (TypeScript and Python workers
 *   over HTTP against the direct worker);
 * - Baton's scaling workloads (src/bench/scale-workloads.ts): `claims-backlog`,
 *   `isolation`, `isolation-labels`, `handlers-1000`, `fanout`.
 *
 *   --quick        every line ten times smaller (backlogs of 100,000)
 *   --backlog N    the ready backlog of claims-backlog and isolation (default 1,000,000)
 *   --only a,b     only these lines (processes, http, claims-backlog, isolation,
 *                  isolation-labels, handlers-1000, fanout)
 *
 * The server is BATON_BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres);
 * every line works in a throwaway schema of its own.
 */
import { fork, spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { defaultConfig } from '../../src/config/schema.js';
import { openBatonEnv, perSecond, round2, runBatonWorkload, scaleBenchSizes, benchSizes, sleep, type BatonWorkload } from '../../src/bench/index.js';
import { analyzeTables } from '../../src/store/maintenance.js';
import { countLiveTasks } from '../../src/store/task-counts.js';

const Lines = ['processes', 'http', 'claims-backlog', 'isolation', 'isolation-labels', 'handlers-1000', 'fanout'] as const;
type Line = (typeof Lines)[number];

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const quick = process.argv.includes('--quick');
const shrink = quick ? 10 : 1;
const only = (option('--only')?.split(',').filter(Boolean) ?? [...Lines]) as Line[];
const unknown = only.filter((l) => !(Lines as readonly string[]).includes(l));
if (unknown.length > 0) {
  process.stderr.write(`--only: unknown line ${unknown.join(', ')}; expected some of ${Lines.join(', ')}\n`);
  process.exit(2);
}
const backlogOption = option('--backlog');
const url = process.env.BATON_BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

function config() {
  const c = defaultConfig();
  c.database.url = url;
  c.database.poolSize = 12;
  c.worker.concurrency = 10;
  c.log.level = 'warn';
  return c;
}

const results: Record<string, unknown>[] = [];
const print = (o: Record<string, unknown>) => {
  results.push(o);
  process.stdout.write(`${JSON.stringify(o)}\n`);
};

interface WorkerProcess {
  go(): void;
  stop(): Promise<number>;
}

function forkWorker(schema: string): Promise<WorkerProcess> {
  const child = fork(fileURLToPath(new URL('./worker-child.js', import.meta.url)), [url, schema], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker process exited (${code}) before it was ready`)));
    child.once('message', () =>
      resolve({
        go: () => child.send('go'),
        stop: () =>
          new Promise<number>((done) => {
            child.once('message', (m) => done((m as { starts: number }).starts));
            child.send('stop');
          }),
      }),
    );
  });
}

/** `tasks` one-step tasks submitted, then drained by `processes` worker processes started together. */
async function drainWithProcesses(processes: number, tasks: number): Promise<Record<string, number>> {
  const env = await openBatonEnv({ kind: 'pg', url }, config());
  try {
    for (let i = 0; i < tasks; i += 5_000) await env.client.engine.submitMany(Array.from({ length: Math.min(5_000, tasks - i) }, () => ({ namespace: 'bench', name: 'one' })));
    await analyzeTables(env.db);
    const workers = await Promise.all(Array.from({ length: processes }, () => forkWorker(env.client.config.database.schema)));
    const started = performance.now();
    for (const w of workers) w.go();
    // No in-process count to gate on here: the database is asked every 20 ms.
    while ((await countLiveTasks(env.db)) > 0) await sleep(20);
    const ms = performance.now() - started;
    const starts = await Promise.all(workers.map((w) => w.stop()));
    return { tasks, processes, seconds: round2(ms / 1000), jobs_per_s: perSecond(tasks, ms), handler_starts: starts.reduce((a, b) => a + b, 0) };
  } finally {
    await env.close();
  }
}

async function processesLine(): Promise<void> {
  const tasks = 20_000 / shrink;
  const one = await drainWithProcesses(1, tasks);
  const two = await drainWithProcesses(2, tasks);
  print({
    bench: 'scaling',
    line: 'processes',
    tasks,
    one_process_jobs_per_s: one.jobs_per_s,
    two_processes_jobs_per_s: two.jobs_per_s,
    ratio: round2(two.jobs_per_s / one.jobs_per_s),
    handler_starts: [one.handler_starts, two.handler_starts],
  });
}

/** Runs bench/http-workers.ts on the same server and keeps its lines. */
async function httpLine(): Promise<void> {
  const script = fileURLToPath(new URL('../http-workers.js', import.meta.url));
  const child = spawn(process.execPath, [script, '--backend', 'pg', ...(quick ? ['--quick'] : [])], {
    env: { ...process.env, BATON_BENCH_DATABASE_URL: url },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`http-workers exited (${code})`);
  for (const raw of out.split('\n').filter((l) => l.startsWith('{'))) {
    const line = JSON.parse(raw) as Record<string, unknown>;
    // Its own figures only (not its machine line, nor the server's log lines).
    if (typeof line.bench === 'string' && line.bench.startsWith('http_')) print({ ...line, bench: 'scaling', line: `http:${String(line.bench)}` });
  }
}

async function batonLine(workload: BatonWorkload): Promise<void> {
  const sizes = { ...benchSizes(shrink), ...scaleBenchSizes(shrink) };
  if (backlogOption) sizes.claimBacklog = sizes.isolationBacklog = Number(backlogOption);
  const { bench: _b, workload: w, ...metrics } = await runBatonWorkload(workload, { config: config(), sizes });
  print({ bench: 'scaling', line: w, ...metrics });
}

const fmt = (v: unknown) => (typeof v === 'number' ? (Number.isInteger(v) ? v.toLocaleString('en-US') : String(v)) : '–');

/** The closing Markdown table: one row per line, its figures and its ratio. */
function table(): string {
  const rows = ['| line | alone / baseline | with growth | ratio |', '| --- | ---: | ---: | ---: |'];
  const find = (line: string) => results.find((r) => r.line === line);
  const p = find('processes');
  if (p)
    rows.push(`| 2 worker processes vs 1 (${fmt(p.tasks)} one-step tasks), jobs/s | ${fmt(p.one_process_jobs_per_s)} | ${fmt(p.two_processes_jobs_per_s)} | ${fmt(p.ratio)}× |`);
  const http = results.filter((r) => r.line === 'http:http_noop_throughput');
  const direct = http.find((r) => r.worker === 'direct');
  for (const r of http.filter((h) => h.worker !== 'direct')) {
    rows.push(
      `| ${r.worker === 'ts_http' ? 'TypeScript' : 'Python'} HTTP worker vs direct (no-op steps), steps/s | ${fmt(direct?.steps_per_s)} | ${fmt(r.steps_per_s)} | ${fmt(r.ratio_to_direct)}× |`,
    );
  }
  const c = find('claims-backlog');
  if (c)
    rows.push(
      `| claims: first ${fmt(c.run)} of ${fmt(c.backlog)} ready vs ${fmt(c.run)} ready, jobs/s | ${fmt(c.alone_jobs_per_s)} | ${fmt(c.backlog_jobs_per_s)} | ${fmt(c.ratio)}× |`,
    );
  for (const name of ['isolation', 'isolation-labels']) {
    const r = find(name);
    if (r)
      rows.push(
        `| isolation: ${fmt(r.run)} tasks with ${fmt(r.backlog)} ${name === 'isolation' ? 'ready steps of another handler' : 'ready steps whose labels no worker matches'} vs alone, jobs/s | ${fmt(r.alone_jobs_per_s)} | ${fmt(r.backlog_jobs_per_s)} | ${fmt(r.ratio)}× |`,
      );
  }
  const h = find('handlers-1000');
  if (h) {
    rows.push(
      `| ${fmt(h.handlers)} handlers: one-handler worker's pickup p50 with ${fmt(h.other_ready_steps)} steps of the others ready vs alone, ms | ${fmt(h.alone_p50_ms)} | ${fmt(h.crowded_p50_ms)} | ${fmt(h.ratio_p50)}× |`,
    );
    rows.push(`| the same, p99, ms | ${fmt(h.alone_p99_ms)} | ${fmt(h.crowded_p99_ms)} | ${fmt(h.ratio_p99)}× |`);
  }
  for (const e of results.filter((r) => r.bench === 'scaling' && typeof r.error === 'string')) rows.push(`| ${String(e.line)}: failed | ${String(e.error)} | | |`);
  const f = find('fanout');
  if (f && f.error === undefined)
    rows.push(`| fan-out of ${fmt(f.items)} items (one instance each) to its join: s, steps/s | – | ${fmt(f.seconds)} s, ${fmt(f.steps_per_s)} steps/s | – |`);
  return rows.join('\n');
}

async function main(): Promise<void> {
  print({ bench: 'machine', date: new Date().toISOString(), cores: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, quick, load_avg_1m: os.loadavg()[0] });
  for (const line of Lines.filter((l) => only.includes(l))) {
    try {
      if (line === 'processes') await processesLine();
      else if (line === 'http') await httpLine();
      else await batonLine(line);
    } catch (err) {
      print({ bench: 'scaling', line, error: err instanceof Error ? err.message : String(err) });
    }
  }
  process.stdout.write(`\n${table()}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:scaling failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
