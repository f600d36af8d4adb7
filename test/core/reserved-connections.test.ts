/**
 * A pool exhausted by long work still lets heartbeats and completions through
 * (issue #8, graphile/worker#564): the pg adapter keeps connections of its
 * pool size for `db.reserved()`, and the engine reports and extends leases
 * through them. Long queries are `pg_sleep` issued through the same Db; the
 * proof is the order in which things resolve, never a timing threshold.
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestServer } from '../support/server.js';
import { Engine } from '../../src/core/engine.js';
import { Wakeup } from '../../src/core/wakeup.js';
import { WorkerPool } from '../../src/core/worker-pool.js';
import type { Db } from '../../src/store/db.js';
import { openPg, type PgOptions } from '../../src/store/pg-adapter.js';
import { openPglite } from '../../src/store/pglite-adapter.js';
import { createTestDb, PG_URL, type TestDb } from '../support/db.js';
import { testConfig } from '../support/harness.js';
import { testLogger } from '../support/logger.js';
import { until } from '../support/wait.js';

const SLEEP_S = 3;

const ONE_STEP = `{namespace: r, name: one, version: "1", steps: [{name: s, handler: r.h}]}`;

describe.runIf(PG_URL)('reserved connections on PostgreSQL', () => {
  let testDb: TestDb | undefined;
  const opened: Db[] = [];
  const waits: Promise<unknown>[] = [];

  afterEach(async () => {
    await Promise.allSettled(waits.splice(0));
    for (const db of opened.splice(0)) await db.close();
    await testDb?.close();
    testDb = undefined;
  });

  /** A migrated schema, and a second handle on it with the pool under test. */
  async function open(options: Pick<PgOptions, 'poolSize' | 'reservedConnections' | 'connectionTimeoutMs'>) {
    testDb = await createTestDb('pg');
    const db = openPg({ url: PG_URL!, schema: testDb.schema, ...options });
    opened.push(db);
    const engine = new Engine(db, testLogger);
    await engine.registerTemplate(ONE_STEP);
    const { id: taskId } = await engine.submit({ namespace: 'r', name: 'one' });
    return { db, engine, taskId };
  }

  /** Sessions of this schema running `pg_sleep`, seen from outside the pool under test. */
  async function sleeping(): Promise<number> {
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND state = 'active' AND query LIKE 'SELECT pg_sleep%'",
        [`baton:${testDb!.schema}`],
      );
      return rows[0].n;
    } finally {
      await admin.end();
    }
  }

  /** Fills every ordinary connection with a `pg_sleep` issued through `db` itself; each pushes 'sleep' when it ends. */
  async function occupy(db: Db, connections: number, order: string[]): Promise<void> {
    for (let i = 0; i < connections; i++) waits.push(db.query(`SELECT pg_sleep(${SLEEP_S})`).then(() => order.push('sleep')));
    await until(async () => (await sleeping()) === connections, 5000, 'every ordinary connection to be asleep');
  }

  it('commits a lease extension, a heartbeat and a completion while long queries hold every ordinary connection', async () => {
    // 3 connections: 2 ordinary, 1 reserved (the default for a pool of 2 to 7).
    const { db, engine, taskId } = await open({ poolSize: 3 });
    expect(db.reserved()).not.toBe(db);
    const pool = new WorkerPool(engine, await Wakeup.create(db, 'polling'), 60_000);
    const { id: workerId } = await pool.register({ name: 'w', handlers: ['r.h'], labels: {}, capacity: 1, transport: 'http' });
    const [execution] = await engine.claim({ workerId, handlers: ['r.h'], labels: {}, limit: 1, leaseMs: 5000 });
    const lease = { stepId: Number(execution.execution_id), leaseId: execution.lease_id };

    const order: string[] = [];
    await occupy(db, 2, order);
    // An ordinary query now waits for one of the sleeps to end.
    waits.push(db.query('SELECT 1').then(() => order.push('ordinary')));
    await until(() => db.poolStats()!.waiting === 1, 2000, 'the ordinary query to wait for a connection');
    expect(db.poolStats()).toEqual({ total: 2, idle: 0, waiting: 1, max: 3, reserved: { total: 0, idle: 0, waiting: 0, max: 1 } });

    expect(await engine.extendLeases([lease], 60_000)).toEqual([]);
    order.push('extend');
    expect((await pool.heartbeat(workerId, [execution.execution_id])).abort).toEqual([]);
    order.push('heartbeat');
    expect(await engine.complete(execution.execution_id, execution.lease_id, { done: true })).toBe('ok');
    order.push('complete');
    // Committed, with the task finalized in the same transaction: read back on the reserve, since the rest is busy.
    const { rows } = await db
      .reserved()
      .query<{ state: string; output: unknown; status: string }>('SELECT s.state, s.output, t.status FROM steps s JOIN tasks t ON t.id = s.task_id WHERE s.id = $1', [
        lease.stepId,
      ]);
    expect(rows).toEqual([{ state: 'complete', output: { done: true }, status: 'complete' }]);
    order.push('read back');
    expect(order).toEqual(['extend', 'heartbeat', 'complete', 'read back']);
    const during = db.poolStats()!;
    expect(during.reserved).toEqual({ total: 1, idle: 1, waiting: 0, max: 1 });
    expect(during.total).toBe(3);

    await Promise.all(waits);
    // The sleeps ended after all of that, and the ordinary query only after a sleep gave its connection back.
    expect(order.slice(0, 4)).toEqual(['extend', 'heartbeat', 'complete', 'read back']);
    expect(order.indexOf('ordinary')).toBeGreaterThan(order.indexOf('sleep'));
    expect((await engine.getTask(taskId)).status).toBe('complete');
    // The pool never opened more than its size.
    expect(db.poolStats()!.total).toBeLessThanOrEqual(3);
  }, 20_000);

  it('without a reserve, the same completion waits until a long query gives its connection back', async () => {
    const { db, engine, taskId } = await open({ poolSize: 2, reservedConnections: 0 });
    expect(db.reserved()).toBe(db);
    const [execution] = await engine.claim({ workerId: 'w', handlers: ['r.h'], labels: {}, limit: 1, leaseMs: 60_000 });

    const order: string[] = [];
    await occupy(db, 2, order);
    const completed = engine.complete(execution.execution_id, execution.lease_id, { done: true }).then((r) => {
      order.push('complete');
      return r;
    });
    await until(() => db.poolStats()!.waiting === 1, 2000, 'the completion to wait for a connection');
    expect(await completed).toBe('ok');
    await Promise.all(waits);
    expect(order.indexOf('complete')).toBeGreaterThan(order.indexOf('sleep'));
    expect(order[0]).toBe('sleep');
    expect((await engine.getTask(taskId)).status).toBe('complete');
  }, 20_000);

  it('over HTTP: heartbeats and completions answer 200 while a read that cannot get a connection in time answers 503', async () => {
    // 2 connections: 1 ordinary, 1 reserved; a query gives up after 300 ms without a connection.
    const { db, engine } = await open({ poolSize: 2, connectionTimeoutMs: 300 });
    const app = await buildTestServer({ engine, config: testConfig(), logger: testLogger });
    try {
      const registered = await app.inject({ method: 'POST', url: '/v1/workers', payload: { name: 'w', handlers: ['r.h'] } });
      const workerId = registered.json().id as string;
      const claimed = await app.inject({ method: 'POST', url: `/v1/workers/${workerId}/claim`, payload: { max: 1, wait_ms: 0 } });
      const [execution] = claimed.json().executions as { execution_id: string; lease_id: string }[];

      const order: string[] = [];
      await occupy(db, 1, order);
      const list = await app.inject({ method: 'GET', url: '/v1/tasks' });
      expect(list.statusCode).toBe(503);
      expect(list.headers['retry-after']).toBe('5');
      expect(list.json().error.code).toBe('unavailable');

      const heartbeat = await app.inject({ method: 'POST', url: `/v1/workers/${workerId}/heartbeat`, payload: { executions: [execution.execution_id] } });
      expect(heartbeat.statusCode, heartbeat.body).toBe(200);
      expect(heartbeat.json().abort).toEqual([]);
      const complete = await app.inject({
        method: 'POST',
        url: `/v1/executions/${execution.execution_id}/complete`,
        payload: { lease_id: execution.lease_id, output: { via: 'http' } },
      });
      expect(complete.statusCode, complete.body).toBe(200);
      expect(complete.json()).toEqual({ status: 'ok' });
      order.push('reported');
      await Promise.all(waits);
      expect(order).toEqual(['reported', 'sleep']);
      const { rows } = await db.query<{ state: string }>('SELECT state FROM steps WHERE id = $1', [Number(execution.execution_id)]);
      expect(rows).toEqual([{ state: 'complete' }]);
    } finally {
      await app.close();
    }
  }, 20_000);
});

describe('reserved connections, where there is nothing to reserve', () => {
  it('returns the handle itself on a pool of one', async () => {
    const db = openPg({ url: 'postgresql://postgres@127.0.0.1:1/none', schema: 'baton', poolSize: 1 });
    try {
      expect(db.reserved()).toBe(db);
      expect(db.poolStats()).toEqual({ total: 0, idle: 0, waiting: 0, max: 1, reserved: { total: 0, idle: 0, waiting: 0, max: 0 } });
    } finally {
      await db.close();
    }
  });

  it('returns the handle itself on PGlite (one connection)', async () => {
    const db = await openPglite({ schema: 'baton' });
    try {
      expect(db.reserved()).toBe(db);
      expect(db.poolStats()).toBeNull();
    } finally {
      await db.close();
    }
  });

  it('refuses a reserve that leaves no ordinary connection', () => {
    expect(() => openPg({ url: 'postgresql://postgres@127.0.0.1:1/none', schema: 'baton', poolSize: 2, reservedConnections: 2 })).toThrow(/reservedConnections/);
  });
});
