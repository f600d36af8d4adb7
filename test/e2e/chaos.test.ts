import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine.js';
import { PG_URL, type TestDb } from '../support/db.js';
import { countBackends, terminateBackends } from '../support/chaos.js';
import { checkInvariants } from '../support/invariants.js';
import { testLogger } from '../support/logger.js';
import { FIXTURES, LEDGER_COLUMNS, spawnNode, useProcessSchema } from '../support/processes.js';
import { diamondTemplate, until } from '../support/e2e-workflows.js';

const DIAMOND = diamondTemplate('{ max_attempts: 10, backoff: fixed, base_ms: 20 }');

describe.runIf(PG_URL)('faults on real PostgreSQL', () => {
  const schema = useProcessSchema();

  async function setUp(): Promise<{ engine: Engine; db: TestDb }> {
    const fresh = await schema.open({ ledger: LEDGER_COLUMNS, started: LEDGER_COLUMNS });
    const engine = new Engine(fresh.db, testLogger);
    await engine.registerTemplate(DIAMOND);
    return { engine, db: fresh };
  }

  const open = async (db: TestDb) => (await db.db.query<{ n: number }>("SELECT count(*)::int AS n FROM tasks WHERE status NOT IN ('complete')")).rows[0].n;

  it('completes 1,000 diamonds while every Baton backend is terminated every 2 s', async () => {
    const { engine, db } = await setUp();
    const workers = [1, 2].map(() => spawnNode(`${FIXTURES}ledger-worker.mjs`, [], { DATABASE_URL: PG_URL!, SCHEMA: db.schema, LEASE_MS: '3000' }));
    await Promise.all(workers.map((w) => w.waitFor('ready')));
    const acked = (await engine.submitMany(Array.from({ length: 1000 }, (_, i) => ({ namespace: 'e2e', name: 'diamond', context: { i } })))).map((r) => r.id);
    let terminated = 0;
    let lastRound: Promise<unknown> = Promise.resolve();
    const chaos = setInterval(() => {
      lastRound = terminateBackends(PG_URL!, db.schema, 'all').then(
        (n) => (terminated += n),
        () => {},
      );
    }, 2000);
    try {
      await until(
        async () => {
          const n = await open(db).catch(() => -1);
          if (process.env.CHAOS_DEBUG) console.log('open', n, 'terminated', terminated, new Date().toISOString());
          return n === 0;
        },
        120_000,
        'all tasks to complete under backend terminations',
      );
    } finally {
      clearInterval(chaos);
      // The checks run only once the chaos has stopped: no termination still in flight.
      await lastRound;
    }
    expect(terminated).toBeGreaterThan(0);
    expect(await checkInvariants(db.db, { reaperSlackMs: 5000, acknowledged: acked })).toEqual({});
    const { rows } = await db.db.query<{ n: number }>('SELECT count(DISTINCT (task_id, step))::int AS n FROM ledger');
    expect(rows[0].n).toBe(4000);
  }, 150_000);

  it('re-LISTENs within 5 s after its LISTEN backend is terminated, and work keeps flowing', async () => {
    const { engine, db } = await setUp();
    const worker = spawnNode(`${FIXTURES}ledger-worker.mjs`, [], { DATABASE_URL: PG_URL!, SCHEMA: db.schema });
    await worker.waitFor('ready');
    const listenName = `baton:${db.schema}:listen`;
    await until(async () => (await countBackends(PG_URL!, listenName)) === 1, 5000, 'the worker to LISTEN');
    expect(await terminateBackends(PG_URL!, db.schema, 'listen')).toBe(1);
    const { id } = await engine.submit({ namespace: 'e2e', name: 'diamond' });
    // Meanwhile the polling fallback keeps pickup going.
    await until(async () => (await engine.getTask(id)).status === 'complete', 10_000, 'the task to complete while re-listening');
    await until(async () => (await countBackends(PG_URL!, listenName)) === 1, 5000, 'the LISTEN connection to come back');
  });

  it('kills a worker at random points 50 times; every step runs again and the invariants hold', async () => {
    const { engine, db } = await setUp();
    const acked = (await engine.submitMany(Array.from({ length: 100 }, (_, i) => ({ namespace: 'e2e', name: 'diamond', context: { i } })))).map((r) => r.id);
    const env = { DATABASE_URL: PG_URL!, SCHEMA: db.schema, LEASE_MS: '1000', CONCURRENCY: '4' };
    // Two lanes of 25 kills: 50 in all, in half the time.
    const lane = async () => {
      for (let i = 0; i < 25; i++) {
        const victim = spawnNode(`${FIXTURES}ledger-worker.mjs`, [], env);
        await victim.waitFor('ready');
        await new Promise((r) => setTimeout(r, Math.random() * 150));
        victim.proc.kill('SIGKILL');
        await victim.exited;
      }
    };
    await Promise.all([lane(), lane()]);
    const survivor = spawnNode(`${FIXTURES}ledger-worker.mjs`, [], env);
    await survivor.waitFor('ready');
    await until(async () => (await open(db)) === 0, 60_000, 'all tasks to complete after the kills');
    expect(await checkInvariants(db.db, { reaperSlackMs: 3000, acknowledged: acked })).toEqual({});
    const counted = await db.db.query<{ n: number }>('SELECT count(*)::int AS n FROM steps WHERE attempts < 1');
    expect(counted.rows[0].n).toBe(0);
  }, 180_000);
});
