/**
 * Sleep and wait steps, signals and external events (issue #14) across real
 * `baton server` and `baton worker` processes on PostgreSQL: a server SIGKILLed
 * while a step waits, thousands of sleeps that hold no worker slot and all
 * wake after every process was killed, 1,000 events each reaching its own
 * task once, and concurrent different signals with exactly one winner.
 * Handlers are in test/fixtures/wait-handlers.mjs; assertions are on rows.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine.js';
import { PG_URL, type TestDb } from '../support/db.js';
import { checkInvariants } from '../support/invariants.js';
import { testLogger } from '../support/logger.js';
import { FIXTURES, spawnNode, useProcessSchema, type Child } from '../support/processes.js';
import { until } from '../support/wait.js';

const BATON = fileURLToPath(new URL('../../bin/baton.js', import.meta.url));

/**
 * Sleeping tasks in the sleep test. The 10,000 do not fit this file's budget on a 2-core
 * machine: starting a sleep is a transaction, and three processes start about 200-600 a second here.
 */
const SLEEPERS = Number(process.env.WAITS_SLEEPERS ?? 2000);
/**
 * From submission to the sleeps' shared wake time: long enough for every sleep to start, a quick task
 * to run and every process to be killed before the first one ends (the test checks that it was).
 */
const SLEEP_MS = Number(process.env.WAITS_SLEEP_MS ?? Math.max(8000, SLEEPERS * 9));

const APPROVAL = `
namespace: w
name: approval
version: "1"
steps:
  - name: approve
    kind: wait
    wait: { signal: approval, timeout: 1h }
  - name: act
    handler: wait.echo
    depends_on: [approve]
    params: { approved: "\${steps.approve.approved}", by: "\${steps.approve.by}" }
`;

const SLEEPY = `
namespace: w
name: sleepy
version: "1"
steps:
  - { name: nap, kind: sleep, sleep: { until: "\${context.wake_at}" } }
  - { name: after, handler: wait.echo, depends_on: [nap], params: { i: "\${context.i}" } }
`;

const QUICK = `
namespace: w
name: quick
version: "1"
steps:
  - { name: only, handler: wait.echo }
`;

const PAYMENT = `
namespace: w
name: payment
version: "1"
steps:
  - name: paid
    kind: wait
    wait: { event: order.paid, match: "\${context.order}" }
`;

/** A `baton server` or `baton worker` process and, for a server, its base URL. */
interface Proc {
  child: Child;
  url: string;
}

describe.runIf(PG_URL)('sleep, signals and events across processes on real PostgreSQL', () => {
  const schema = useProcessSchema();

  async function setUp(...templates: string[]): Promise<{ engine: Engine; db: TestDb }> {
    const db = await schema.open({});
    const engine = new Engine(db.db, testLogger);
    for (const t of templates) await engine.registerTemplate(t);
    return { engine, db };
  }

  const env = (db: TestDb, extra: Record<string, string> = {}) => ({
    BATON_DATABASE_URL: PG_URL!,
    BATON_SCHEMA: db.schema,
    BATON_LOG_LEVEL: 'warn',
    BATON_LOG_PRETTY: 'false',
    BATON_TIMER_INTERVAL_MS: '100',
    BATON_SWEEP_INTERVAL_MS: '200',
    BATON_POLL_INTERVAL_MS: '200',
    BATON_POOL_SIZE: '8',
    ...extra,
  });

  /** A `baton server` (API, sweeps and timers, no worker) on a free port. */
  async function startServer(db: TestDb): Promise<Proc> {
    const child = spawnNode(BATON, ['server', '--port', '0'], env(db));
    await child.waitFor(/listening on http:\/\/\S+/);
    const url = /listening on (http:\/\/\S+)/.exec(child.output())![1];
    return { child, url };
  }

  /** A `baton worker` on the database (it runs the timers too, as every process does). */
  async function startWorker(db: TestDb, concurrency: number): Promise<Proc> {
    const child = spawnNode(BATON, ['worker', '--handlers', `${FIXTURES}wait-handlers.mjs`, '--concurrency', String(concurrency)], env(db));
    await child.waitFor('worker ready');
    return { child, url: '' };
  }

  async function kill(...procs: Proc[]): Promise<void> {
    for (const p of procs) p.child.proc.kill('SIGKILL');
    await Promise.all(procs.map((p) => p.child.exited));
  }

  async function post(url: string, body: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  }

  const rows = async <T>(db: TestDb, sql: string, params: unknown[] = []) => (await db.db.query<T & Record<string, unknown>>(sql, params)).rows;
  const count = async (db: TestDb, sql: string, params: unknown[] = []) => (await rows<{ n: number }>(db, sql, params))[0].n;

  it('a server SIGKILLed while a step waits for a signal: a new server takes the signal and the task completes', async () => {
    const { engine, db } = await setUp(APPROVAL);
    const first = await startServer(db);
    const worker = await startWorker(db, 2);
    const submitted = await post(`${first.url}/v1/tasks`, { namespace: 'w', name: 'approval', context: {} });
    expect(submitted.status).toBe(202);
    const id = submitted.body.id as string;
    await until(async () => (await engine.getTask(id)).steps[0].state === 'waiting', 10_000, 'the step to wait');
    await kill(first, worker);

    const second = await startServer(db);
    const waiting = await engine.getTask(id);
    expect([waiting.status, waiting.steps[0].state, waiting.steps[0].waiting?.for, waiting.steps[0].waiting?.name]).toEqual(['running', 'waiting', 'signal', 'approval']);
    const sent = await post(`${second.url}/v1/tasks/${id}/signals/approval`, { payload: { approved: true, by: 'ops' }, idempotency_key: 'after-crash' });
    expect(sent).toEqual({ status: 202, body: { task_id: id, signal: 'approval', step: 'approve', status: 'delivered' } });
    const rescuer = await startWorker(db, 2);
    await until(async () => (await engine.getTask(id)).status === 'complete', 20_000, 'the task to complete');
    const done = await engine.getTask(id);
    expect(done.steps.map((s) => [s.name, s.state, s.attempts])).toEqual([
      ['approve', 'complete', 1],
      ['act', 'complete', 1],
    ]);
    expect(done.steps[0].output).toEqual({ approved: true, by: 'ops' });
    expect(done.steps[1].output).toEqual({ approved: true, by: 'ops', pid: rescuer.child.proc.pid });
    expect(await rows(db, 'SELECT name, step_name, idempotency_key, delivered_at IS NOT NULL AS delivered FROM signals')).toEqual([
      { name: 'approval', step_name: 'approve', idempotency_key: 'after-crash', delivered: true },
    ]);
    // Repeating it to the first server's successor is still a duplicate.
    expect((await post(`${second.url}/v1/tasks/${id}/signals/approval`, { payload: { approved: true, by: 'ops' }, idempotency_key: 'after-crash' })).body.status).toBe('duplicate');
    expect(await checkInvariants(db.db, { reaperSlackMs: 5000 })).toEqual({});
  });

  it(
    `${SLEEPERS} sleeping tasks hold no worker slot, and all wake after every process was SIGKILLed and restarted`,
    async () => {
      const { engine, db } = await setUp(SLEEPY, QUICK);
      const servers = [await startServer(db), await startServer(db)];
      const worker = await startWorker(db, 2);
      const t0 = performance.now();
      // One wake time for all: they come due together, as after an outage.
      const wakeAt = new Date(Date.now() + SLEEP_MS).toISOString();
      const ids: string[] = [];
      for (let i = 0; i < SLEEPERS; i += 1000) {
        const batch = Array.from({ length: Math.min(1000, SLEEPERS - i) }, (_, j) => ({ namespace: 'w', name: 'sleepy', context: { i: i + j, wake_at: wakeAt } }));
        ids.push(...(await engine.submitMany(batch)).map((t) => t.id));
      }
      const napsWaiting = () => count(db, "SELECT count(*)::int AS n FROM steps WHERE name = 'nap' AND state = 'waiting'");
      await until(async () => (await napsWaiting()) === SLEEPERS, SLEEP_MS, 'every sleep to start', 100);
      const startedMs = performance.now() - t0;

      // While they all sleep: no sleep step is running or leased, the worker has nothing in flight,
      // and a quick task submitted now is claimed and completed by the worker (concurrency 2).
      expect(await count(db, "SELECT count(*)::int AS n FROM steps WHERE name = 'nap' AND (state = 'running' OR worker_id IS NOT NULL OR lease_id IS NOT NULL)")).toBe(0);
      const listed = await fetch(`${servers[0].url}/v1/workers`).then((r) => r.json() as Promise<{ workers: { in_flight: number; capacity: number }[] }>);
      expect(listed.workers.map((w) => [w.capacity, w.in_flight])).toEqual([[2, 0]]);
      const quick = await post(`${servers[1].url}/v1/tasks`, { namespace: 'w', name: 'quick' });
      await until(async () => (await engine.getTask(quick.body.id)).status === 'complete', 10_000, 'the quick task to complete while the others sleep');
      const quickMs = performance.now() - t0;
      // It completed while every sleep was still waiting: none of them held it up.
      expect(await napsWaiting()).toBe(SLEEPERS);
      expect(await count(db, "SELECT count(*)::int AS n FROM steps WHERE name = 'after' AND state <> 'pending'")).toBe(0);

      await kill(...servers, worker);
      const [{ killed_at }] = await rows<{ killed_at: Date }>(db, 'SELECT clock_timestamp() AS killed_at');
      // Every sleep outlived every process.
      expect(await napsWaiting()).toBe(SLEEPERS);
      expect(await count(db, "SELECT count(*)::int AS n FROM steps WHERE name = 'nap' AND wake_at <= $1", [killed_at])).toBe(0);
      expect(await count(db, "SELECT count(DISTINCT wake_at)::int AS n FROM steps WHERE name = 'nap'")).toBe(1);
      // Down until every sleep is due, so the restarted processes wake all of them.
      await until(
        async () => (await count(db, "SELECT count(*)::int AS n FROM steps WHERE name = 'nap' AND wake_at > clock_timestamp()")) === 0,
        SLEEP_MS,
        'every sleep to be due',
      );
      const [{ restarted_at }] = await rows<{ restarted_at: Date }>(db, 'SELECT clock_timestamp() AS restarted_at');
      const restarted = [await startServer(db), await startServer(db), await startWorker(db, 20)];
      await until(async () => (await count(db, "SELECT count(*)::int AS n FROM tasks WHERE status <> 'complete'")) === 0, 60_000, 'every task to complete after the restart', 200);
      const allMs = performance.now() - t0;
      expect(await count(db, "SELECT count(*)::int AS n FROM tasks WHERE status = 'complete'")).toBe(SLEEPERS + 1);
      // Each sleep woke once, after the restart, with its own time as output; each handler step ran once.
      const woke = await rows<{ n: number; late: number; early: number }>(
        db,
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE at >= $1)::int AS late, count(*) FILTER (WHERE at < wake)::int AS early
       FROM (SELECT x.at, s.wake_at AS wake FROM transitions x JOIN steps s ON s.task_id = x.task_id AND s.name = x.step_name
             WHERE x.step_name = 'nap' AND x.from_state = 'waiting' AND x.to_state = 'complete') w`,
        [restarted_at],
      );
      expect(woke).toEqual([{ n: SLEEPERS, late: SLEEPERS, early: 0 }]);
      expect(
        await count(
          db,
          "SELECT count(*)::int AS n FROM steps WHERE name = 'nap' AND (attempts <> 1 OR abs(extract(epoch FROM (output->>'slept_until')::timestamptz - wake_at)) >= 0.001)",
        ),
      ).toBe(0);
      expect(await count(db, "SELECT count(*)::int AS n FROM steps WHERE name = 'after' AND state = 'complete' AND attempts = 1 AND (output->>'i')::int >= 0")).toBe(SLEEPERS);
      expect(await count(db, "SELECT count(DISTINCT (output->>'i')::int)::int AS n FROM steps WHERE name = 'after'")).toBe(SLEEPERS);
      expect(await count(db, "SELECT count(*)::int AS n FROM steps WHERE name = 'after' AND (output->>'pid')::int = $1", [restarted[2].child.proc.pid])).toBe(SLEEPERS);
      expect(ids).toHaveLength(SLEEPERS);
      expect(await checkInvariants(db.db, { reaperSlackMs: 5000, acknowledged: ids })).toEqual({});
      if (process.env.WAITS_DEBUG) console.log(JSON.stringify({ sleepers: SLEEPERS, sleepMs: SLEEP_MS, startedMs, quickMs, allMs }));
    },
    60_000 + 2 * SLEEP_MS,
  );

  it('1,000 tasks wait for their own order; 1,000 events sent in parallel to 2 servers each reach exactly their task, once', async () => {
    const { engine, db } = await setUp(PAYMENT);
    const servers = [await startServer(db), await startServer(db)];
    const orders = Array.from({ length: 1000 }, (_, i) => `order-${i}`);
    const submitted = await engine.submitMany(orders.map((order) => ({ namespace: 'w', name: 'payment', context: { order } })));
    const taskOf = new Map(submitted.map((t, i) => [orders[i], t.id]));
    await until(async () => (await count(db, "SELECT count(*)::int AS n FROM steps WHERE state = 'waiting'")) === 1000, 30_000, 'every task to wait', 100);

    const answers: { status: number; body: any }[] = [];
    for (let i = 0; i < orders.length; i += 20) {
      const batch = orders
        .slice(i, i + 20)
        .map((order, j) => post(`${servers[j % 2].url}/v1/events`, { name: 'order.paid', key: order, payload: { order, amount: i + j }, idempotency_key: `paid:${order}` }));
      answers.push(...(await Promise.all(batch)));
    }
    expect(answers.filter((a) => a.status !== 202)).toEqual([]);
    expect(answers.filter((a) => a.body.delivered !== 1 || a.body.kept || a.body.duplicate)).toEqual([]);
    await until(async () => (await count(db, "SELECT count(*)::int AS n FROM tasks WHERE status = 'complete'")) === 1000, 20_000, 'every task to complete');

    const steps = await rows<{ task_id: string; order: string; output: { order: string; amount: number } }>(
      db,
      "SELECT s.task_id, t.context->>'order' AS order, s.output FROM steps s JOIN tasks t ON t.id = s.task_id WHERE s.name = 'paid'",
    );
    expect(steps).toHaveLength(1000);
    expect(steps.filter((s) => s.output.order !== s.order || taskOf.get(s.order) !== s.task_id)).toEqual([]);
    expect(new Set(steps.map((s) => s.output.amount)).size).toBe(1000);
    const events = await rows<{ key: string; delivered: number }>(db, 'SELECT key, delivered FROM external_events');
    expect(events).toHaveLength(1000);
    expect(events.filter((e) => e.delivered !== 1)).toEqual([]);
    expect(new Set(events.map((e) => e.key))).toEqual(new Set(orders));
    // Each wait completed exactly once.
    expect(await count(db, "SELECT count(*)::int AS n FROM transitions WHERE step_name = 'paid' AND from_state = 'waiting' AND to_state = 'complete'")).toBe(1000);
    expect(await checkInvariants(db.db, { reaperSlackMs: 5000, acknowledged: [...taskOf.values()] })).toEqual({});
  });

  it('concurrent different signals to one task through 2 servers: exactly one 202, the rest 409, the step gets the winner', async () => {
    const { engine, db } = await setUp(APPROVAL);
    const servers = [await startServer(db), await startServer(db)];
    const tasks = await engine.submitMany(Array.from({ length: 20 }, () => ({ namespace: 'w', name: 'approval', context: {} })));
    const ids = tasks.map((t) => t.id);
    await until(async () => (await count(db, "SELECT count(*)::int AS n FROM steps WHERE name = 'approve' AND state = 'waiting'")) === ids.length, 10_000, 'every step to wait');
    for (const id of ids) {
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, n) =>
          post(`${servers[n % 2].url}/v1/tasks/${id}/signals/approval`, { payload: { approved: n % 2 === 0, by: `sender-${n}` }, idempotency_key: `k${n}` }),
        ),
      );
      const winners = answers.filter((a) => a.status === 202);
      expect(winners, JSON.stringify(answers)).toHaveLength(1);
      expect(winners[0].body).toEqual({ task_id: id, signal: 'approval', step: 'approve', status: 'delivered' });
      expect(answers.filter((a) => a.status === 409 && a.body.error.code === 'conflict')).toHaveLength(7);
      const winner = answers.indexOf(winners[0]);
      const task = await engine.getTask(id);
      expect([task.steps[0].state, task.steps[0].output]).toEqual(['complete', { approved: winner % 2 === 0, by: `sender-${winner}` }]);
      expect(await rows(db, 'SELECT payload, idempotency_key FROM signals WHERE task_id = $1', [id])).toEqual([
        { payload: { approved: winner % 2 === 0, by: `sender-${winner}` }, idempotency_key: `k${winner}` },
      ]);
    }
    expect(await count(db, "SELECT count(*)::int AS n FROM transitions WHERE kind = 'signal'")).toBe(ids.length);
    expect(await count(db, "SELECT count(*)::int AS n FROM transitions WHERE step_name = 'approve' AND to_state = 'complete'")).toBe(ids.length);
    // The act steps wait for a worker; cancelling ends the tasks so the checks see them finished.
    for (const id of ids) await engine.cancel(id);
    expect(await checkInvariants(db.db, { reaperSlackMs: 5000, acknowledged: ids })).toEqual({});
  });
});
