import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine.js';
import { openPg } from '../../src/store/pg-adapter.js';
import { loadMigrations } from '../../src/store/migrate.js';
import { checkInvariants } from '../support/invariants.js';
import { PG_URL, type TestDb } from '../support/db.js';
import { testLogger } from '../support/logger.js';
import { FIXTURES, LEDGER_COLUMNS, spawnNode, useProcessSchema } from '../support/processes.js';
import { diamondTemplate, SLOW_TEMPLATE as SLOW, until } from '../support/e2e-workflows.js';

const DIAMOND = diamondTemplate('{ max_attempts: 5, backoff: fixed, base_ms: 50 }');

async function count(testDb: TestDb, sql: string): Promise<number> {
  const { rows } = await testDb.db.query<{ n: number }>(sql);
  return rows[0].n;
}

describe.runIf(PG_URL)('several processes on real PostgreSQL', () => {
  const schema = useProcessSchema();

  async function setUp(): Promise<Engine> {
    const fresh = await schema.open({ ledger: LEDGER_COLUMNS, started: LEDGER_COLUMNS });
    return new Engine(fresh.db, testLogger);
  }

  const workerEnv = (extra: Record<string, string> = {}) => ({ DATABASE_URL: PG_URL!, SCHEMA: schema.current.schema, ...extra });

  it('three worker processes run 1,000 diamond tasks with every side effect exactly once', async () => {
    const engine = await setUp();
    await engine.registerTemplate(DIAMOND);
    const workers = [1, 2, 3].map(() => spawnNode(`${FIXTURES}ledger-worker.mjs`, [], workerEnv()));
    await Promise.all(workers.map((w) => w.waitFor('ready')));
    const requests = Array.from({ length: 1000 }, (_, i) => ({ namespace: 'e2e', name: 'diamond', context: { i } }));
    await engine.submitMany(requests.slice(0, 500));
    await engine.submitMany(requests.slice(500));
    await until(async () => (await count(schema.current, "SELECT count(*)::int AS n FROM tasks WHERE status <> 'complete'")) === 0, 120_000, 'all tasks complete');
    expect(await count(schema.current, "SELECT count(*)::int AS n FROM tasks WHERE status = 'complete'")).toBe(1000);
    expect(await count(schema.current, 'SELECT count(*)::int AS n FROM ledger')).toBe(4000);
    expect(await count(schema.current, 'SELECT count(*)::int AS n FROM (SELECT 1 FROM ledger GROUP BY task_id, step HAVING count(*) > 1) d')).toBe(0);
    expect(await count(schema.current, 'SELECT count(DISTINCT pid)::int AS n FROM ledger')).toBe(3);
    expect(await count(schema.current, "SELECT count(*)::int AS n FROM transitions WHERE to_state = 'complete' AND step_name IS NULL")).toBe(1000);
    // Upstream outputs reached the join in every task.
    const joins = await schema.current.db.query<{ output: { upstream: string[] } }>("SELECT output FROM steps WHERE name = 'd'");
    expect(joins.rows.every((r) => r.output.upstream.join() === 'a,b,c')).toBe(true);
    expect(await checkInvariants(schema.current.db, { reaperSlackMs: 5000, ledger: 'ledger' })).toEqual({});
  });

  it('retries on another worker a step whose worker was killed with SIGKILL mid-step', async () => {
    const engine = await setUp();
    await engine.registerTemplate(SLOW);
    const victim = spawnNode(`${FIXTURES}ledger-worker.mjs`, [], workerEnv({ LEASE_MS: '1500', SLOW_MS: '60000' }));
    await victim.waitFor('ready');
    const { id } = await engine.submit({ namespace: 'e2e', name: 'slow' });
    await until(async () => (await count(schema.current, 'SELECT count(*)::int AS n FROM started')) === 1, 20_000, 'the step to start');
    victim.proc.kill('SIGKILL');
    await victim.exited;
    const rescuer = spawnNode(`${FIXTURES}ledger-worker.mjs`, [], workerEnv({ LEASE_MS: '1500', SLOW_MS: '10' }));
    await rescuer.waitFor('ready');
    await until(async () => (await engine.getTask(id)).status === 'complete', 30_000, 'the task to complete');
    const task = await engine.getTask(id);
    expect(task.steps[0]).toMatchObject({ state: 'complete', attempts: 2, output: { pid: rescuer.proc.pid } });
    expect(await count(schema.current, 'SELECT count(*)::int AS n FROM ledger')).toBe(1);
    const events = await engine.events(id);
    expect(events.filter((e) => e.to === 'failed').map((e) => e.reason)).toEqual(['lease expired']);
  });

  it('resumes from its checkpoint a step whose worker process was SIGKILLed at item 50 of 100', async () => {
    const engine = await setUp();
    await engine.registerTemplate(`
namespace: e2e
name: checkpointed
version: "1"
steps:
  - { name: work, handler: e2e.checkpointing, retry: { max_attempts: 3, backoff: none } }
`);
    const victim = spawnNode(`${FIXTURES}ledger-worker.mjs`, [], workerEnv({ LEASE_MS: '1500' }));
    await victim.waitFor('ready');
    const { id } = await engine.submit({ namespace: 'e2e', name: 'checkpointed' });
    await until(async () => (await count(schema.current, 'SELECT count(*)::int AS n FROM started')) === 1, 20_000, 'the checkpoint at 50');
    victim.proc.kill('SIGKILL');
    await victim.exited;
    const rescuer = spawnNode(`${FIXTURES}ledger-worker.mjs`, [], workerEnv({ LEASE_MS: '1500' }));
    await rescuer.waitFor('ready');
    await until(async () => (await engine.getTask(id)).status === 'complete', 30_000, 'the task to complete');
    const task = await engine.getTask(id);
    expect(task.steps[0]).toMatchObject({ state: 'complete', attempts: 2, output: { resumed_at: 50, attempt: 2 } });
    expect(await count(schema.current, 'SELECT count(*)::int AS n FROM ledger')).toBe(1);
  });

  it('a worker process stopped with SIGTERM hands its unfinished step back at once', async () => {
    const engine = await setUp();
    await engine.registerTemplate(SLOW);
    const first = spawnNode(`${FIXTURES}ledger-worker.mjs`, [], workerEnv({ LEASE_MS: '60000', SLOW_MS: '60000', GRACE_MS: '300' }));
    await first.waitFor('ready');
    const { id } = await engine.submit({ namespace: 'e2e', name: 'slow' });
    await until(async () => (await count(schema.current, 'SELECT count(*)::int AS n FROM started')) === 1, 20_000, 'the step to start');
    first.proc.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const task = await engine.getTask(id);
    // Back in the queue long before the 60 s lease would have expired, the attempt not counted.
    expect(task.steps[0]).toMatchObject({ state: 'ready', attempts: 0 });
  });

  it('ten processes migrating an empty database at once all succeed, each migration applied once', async () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const env = { DATABASE_URL: PG_URL!, SCHEMA: schema };
    const runs = Array.from({ length: 10 }, (_, i) => i).map(() => spawnNode(`${FIXTURES}migrate-once.mjs`, [], env));
    const codes = await Promise.all(runs.map((r) => r.exited));
    const db = openPg({ url: PG_URL!, schema, poolSize: 1 });
    try {
      expect(codes).toEqual(runs.map(() => 0));
      const applied = runs.map((r) => JSON.parse(r.output().trim().split('\n').pop()!).applied as number[]);
      const versions = loadMigrations().map((m) => m.version);
      expect(applied.flat().sort((a, b) => a - b)).toEqual(versions);
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM migrations');
      expect(rows[0].n).toBe(versions.length);
    } finally {
      await db.query(`DROP SCHEMA ${schema} CASCADE`);
      await db.close();
    }
  });
});
