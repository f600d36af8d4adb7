/**
 * `npm run bench:peers`: Baton, graphile-worker, pg-boss and DBOS Transact on the same
 * PostgreSQL in the same run. Every system × workload runs in a child
 * process against a database created for it and dropped after; rounds
 * rotate which system goes first. Prints a machine line, one JSON line per
 * system × workload × round, then Markdown tables of the medians.
 *
 *   --rounds N          rounds (default 3)
 *   --quick             every workload ten times smaller (smoke run)
 *   --only a,b          only these workloads (flat, chain, chain_flow, latency, dag, history,
 *                       embedded_flat, embedded_chain, memory, embedded_memory)
 *   --systems a,b       only these systems (baton, graphile-worker, pg-boss, dbos)
 *   --cpu-prof-dir DIR  run every child with --cpu-prof, profiles written to DIR
 *
 * The server is BATON_BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres);
 * the role must be allowed to CREATE DATABASE.
 */
import { fork, execSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { benchSizes } from '../../src/bench/index.js';
import type { ChildResult, ChildSpec } from './child.js';
import { packageVersion } from './common.js';
import { medianTable, rssTable, type ResultLine } from './report.js';
import { Systems, Workloads, type SystemName, type Workload } from './types.js';

const SUPPORTED: Record<SystemName, Workload[]> = {
  baton: ['flat', 'chain', 'latency', 'dag', 'history', 'embedded_flat', 'embedded_chain', 'memory', 'embedded_memory'],
  'graphile-worker': ['flat', 'chain', 'latency', 'dag'],
  'pg-boss': ['flat', 'chain', 'chain_flow', 'latency', 'dag'],
  dbos: ['flat', 'chain', 'latency'],
};

const CHILD_TIMEOUT_MS = 30 * 60_000;

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function listOption<T extends string>(name: string, allowed: readonly T[]): T[] | undefined {
  const raw = option(name);
  if (raw === undefined) return undefined;
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = items.filter((i) => !allowed.includes(i as T));
  if (bad.length > 0) throw new Error(`${name}: unknown ${bad.join(', ')}; expected some of ${allowed.join(', ')}`);
  return items as T[];
}

const print = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

function git(cmd: string): string {
  try {
    return execSync(`git ${cmd}`, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

async function machine(admin: pg.Client, rounds: number, quick: boolean): Promise<object> {
  const setting = async (name: string) => (await admin.query<{ v: string }>(`SELECT current_setting($1) AS v`, [name])).rows[0].v;
  return {
    bench: 'machine',
    date: new Date().toISOString(),
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memory_gb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres: (await admin.query<{ v: string }>('SELECT version() AS v')).rows[0].v,
    shared_buffers: await setting('shared_buffers'),
    fsync: await setting('fsync'),
    synchronous_commit: await setting('synchronous_commit'),
    baton: packageVersion('baton'),
    baton_commit: git('rev-parse --short HEAD'),
    baton_src_dirty: git('status --porcelain -- src').length > 0,
    graphile_worker: packageVersion('graphile-worker'),
    pg_boss: packageVersion('pg-boss'),
    dbos: packageVersion('@dbos-inc/dbos-sdk'),
    rounds,
    quick,
    load_avg_1m: os.loadavg()[0],
  };
}

function runChild(spec: ChildSpec, cpuProfDir: string | undefined): Promise<ChildResult> {
  const childPath = fileURLToPath(new URL('./child.js', import.meta.url));
  const execArgv = cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`, `--cpu-prof-name=${spec.system}-${spec.workload}-${Date.now()}.cpuprofile`] : [];
  return new Promise((resolve) => {
    const child = fork(childPath, [JSON.stringify(spec)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
    let settled = false;
    const finish = (r: ChildResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish({ ok: false, error: `timed out after ${CHILD_TIMEOUT_MS} ms`, peak_rss_mb: 0 });
    }, CHILD_TIMEOUT_MS);
    child.on('message', (m) => finish(m as ChildResult));
    child.on('exit', (code, signal) => finish({ ok: false, error: `child exited (${signal ?? code}) without a result`, peak_rss_mb: 0 }));
  });
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const rounds = Number(option('--rounds') ?? 3);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds: expected a positive integer');
  const only = listOption('--only', Workloads) ?? [...Workloads];
  const systems = listOption('--systems', Systems) ?? [...Systems];
  const cpuProfDir = option('--cpu-prof-dir');
  const url = process.env.BATON_BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const sizes = benchSizes(quick ? 10 : 1);

  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  print(await machine(admin, rounds, quick));

  // Workloads whose setup is too slow to repeat (Baton's history: a million
  // finished tasks) are prepared once in a template database that each round copies.
  const templates = new Map<string, string>();
  const templateKey = (system: SystemName, workload: Workload) => `${system}/${workload}`;
  for (const workload of only) {
    for (const system of systems.filter((s) => SUPPORTED[s].includes(workload))) {
      if (!(system === 'baton' && workload === 'history')) continue;
      const database = `bench_peers_${process.pid}_tpl_${workload}`;
      await admin.query(`CREATE DATABASE ${database}`);
      const result = await runChild({ system, workload, prepare: true, url: withDatabase(url, database), sizes }, undefined);
      print({ bench: 'prepare', system, workload, ...(result.ok ? result.metrics : { error: result.error }), peak_rss_mb: result.peak_rss_mb });
      if (result.ok) templates.set(templateKey(system, workload), database);
      else await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    }
  }

  const lines: ResultLine[] = [];
  let seq = 0;
  for (let round = 1; round <= rounds; round++) {
    for (const workload of Workloads.filter((w) => only.includes(w))) {
      const runners = systems.filter((s) => SUPPORTED[s].includes(workload));
      // Rotate the order each round so no system always goes first.
      const shift = (round - 1) % Math.max(1, runners.length);
      const order = [...runners.slice(shift), ...runners.slice(0, shift)];
      for (const system of order) {
        const database = `bench_peers_${process.pid}_${++seq}`;
        const template = templates.get(templateKey(system, workload));
        await admin.query(`CREATE DATABASE ${database}${template ? ` TEMPLATE ${template}` : ''}`);
        let result: ChildResult;
        try {
          result = await runChild({ system, workload, url: withDatabase(url, database), sizes }, cpuProfDir);
        } finally {
          await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        }
        const line: ResultLine = {
          bench: 'peers',
          round,
          system,
          workload,
          ...(result.ok ? result.metrics : { error: result.error }),
          peak_rss_mb: result.peak_rss_mb,
          load_avg_1m: +os.loadavg()[0].toFixed(2),
        };
        if (system === 'baton' && workload === 'history' && typeof line.steps_per_s === 'number') {
          const chain = lines.find((l) => l.round === round && l.system === 'baton' && l.workload === 'chain' && typeof l.steps_per_s === 'number');
          if (chain) line.ratio_to_chain = Math.round((line.steps_per_s / (chain.steps_per_s as number)) * 100) / 100;
        }
        lines.push(line);
        print(line);
      }
    }
  }
  for (const database of templates.values()) await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.end();
  process.stdout.write(`\nMedians over ${rounds} round(s)${quick ? ' (quick: workloads ÷10)' : ''}:\n\n${medianTable(lines)}\n\nPeak RSS (MiB), medians:\n\n${rssTable(lines)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:peers failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
