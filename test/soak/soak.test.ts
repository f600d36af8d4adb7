/**
 * The soak run (`npm run soak -- --minutes N`; not part of `npm test`): tasks
 * flow for N minutes on a throwaway PostgreSQL cluster while a worker is
 * SIGKILLed every minute, the LISTEN sessions are terminated every 2 minutes
 * and PostgreSQL is restarted every 5 minutes. Then it checks the invariants
 * and prints one JSON report line.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import pg from 'pg';
import { Engine } from '../../src/core/engine.js';
import { startSweeper } from '../../src/core/sweeper.js';
import { migrate } from '../../src/store/migrate.js';
import { openPg } from '../../src/store/pg-adapter.js';
import { terminateBackends } from '../support/chaos.js';
import { checkInvariants } from '../support/invariants.js';
import { testLogger } from '../support/logger.js';
import { startPgCluster } from '../support/pg-cluster.js';
import { FIXTURES, killAll, spawnNode, type Child } from '../support/processes.js';

const minutes = Number(process.env.SOAK_MINUTES ?? 1);

/** A live process's resident set in MB (Linux /proc), or null once it is gone. */
function rssMb(pid: number | undefined): number | null {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? null : Math.round(Number(kb) / 1024);
  } catch {
    return null;
  }
}

async function sample(url: string, schema: string, workers: Child[]) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const conns = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name LIKE 'baton:%'");
    const dead = await client.query<{ n: number }>('SELECT coalesce(sum(n_dead_tup), 0)::int AS n FROM pg_stat_user_tables WHERE schemaname = $1', [schema]);
    return {
      connections: conns.rows[0].n,
      dead_tuples: dead.rows[0].n,
      // The submitter and sweeper (this process, up the whole run), and each worker process alive now.
      rss_mb: Math.round(process.memoryUsage().rss / 1e6),
      worker_rss_mb: workers.map((w) => rssMb(w.proc.pid)).filter((mb) => mb !== null),
    };
  } finally {
    await client.end();
  }
}

it(
  `soaks for ${minutes} minute(s) under faults with no invariant broken`,
  async () => {
    const cluster = await startPgCluster();
    const schema = 'soak';
    const db = openPg({ url: cluster.url, schema, poolSize: 6 });
    const workers: Child[] = [];
    const counts = { submitted: 0, submitFailures: 0, workerKills: 0, listenKills: 0, restarts: 0 };
    try {
      await migrate(db);
      await db.query('CREATE TABLE ledger (task_id uuid, step text, attempt int, pid int)');
      await db.query('CREATE TABLE started (task_id uuid, step text, attempt int, pid int)');
      const engine = new Engine(db, testLogger);
      await engine.registerTemplate(`
namespace: soak
name: diamond
version: "1"
defaults: { retry: { max_attempts: 20, backoff: exponential, base_ms: 50, max_ms: 2000 } }
steps:
  - { name: a, handler: e2e.step }
  - { name: b, handler: e2e.step, depends_on: [a] }
  - { name: c, handler: e2e.step, depends_on: [a] }
  - { name: d, handler: e2e.step, depends_on: [b, c] }`);
      const stopSweeper = startSweeper(db, { intervalMs: 500, stepTimeoutGraceMs: 1000, logger: testLogger });
      const env = { DATABASE_URL: cluster.url, SCHEMA: schema, LEASE_MS: '3000' };
      const spawnWorker = async () => {
        const w = spawnNode(`${FIXTURES}ledger-worker.mjs`, [], env);
        workers.push(w);
        await w.waitFor('ready', 60_000).catch(() => {});
      };
      await spawnWorker();
      await spawnWorker();
      const start = await sample(cluster.url, schema, workers);
      const acked: string[] = [];
      const endAt = Date.now() + minutes * 60_000;
      let nextKill = Date.now() + 60_000;
      let nextListen = Date.now() + 120_000;
      let nextRestart = Date.now() + 300_000;
      while (Date.now() < endAt) {
        try {
          const batch = await engine.submitMany(Array.from({ length: 5 }, () => ({ namespace: 'soak', name: 'diamond' })));
          acked.push(...batch.map((b) => b.id));
          counts.submitted += batch.length;
        } catch {
          counts.submitFailures++;
        }
        const now = Date.now();
        if (now >= nextKill) {
          nextKill += 60_000;
          workers.shift()?.proc.kill('SIGKILL');
          counts.workerKills++;
          await spawnWorker();
        }
        if (now >= nextListen) {
          nextListen += 120_000;
          counts.listenKills += await terminateBackends(cluster.url, schema, 'listen').catch(() => 0);
        }
        if (now >= nextRestart) {
          nextRestart += 300_000;
          await cluster.stop();
          await new Promise((r) => setTimeout(r, 3000));
          await cluster.start();
          counts.restarts++;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      const drainDeadline = Date.now() + 180_000;
      for (;;) {
        const open = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM tasks WHERE status IN ('pending', 'running')").then(
          (r) => r.rows[0].n,
          () => -1,
        );
        if (open === 0 || Date.now() > drainDeadline) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      const violations = await checkInvariants(db, { reaperSlackMs: 5000, acknowledged: acked });
      const done = await db.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM tasks GROUP BY status');
      const end = await sample(cluster.url, schema, workers);
      await stopSweeper();
      process.stdout.write(
        `${JSON.stringify({ soak_minutes: minutes, ...counts, tasks: Object.fromEntries(done.rows.map((r) => [r.status, r.n])), violations: Object.keys(violations).length, violation_details: violations, start, end })}\n`,
      );
      expect(violations).toEqual({});
      expect(done.rows.filter((r) => r.status !== 'complete')).toEqual([]);
    } finally {
      killAll();
      await db.close().catch(() => {});
      await cluster.destroy();
    }
  },
  (minutes + 5) * 60_000,
);
