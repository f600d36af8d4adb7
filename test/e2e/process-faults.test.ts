/**
 * Process crashes and database faults (issue #8) against real `baton worker`
 * processes on PostgreSQL: SIGTERM with a full worker, a handler that starves
 * its own heartbeats, SIGKILL between a side effect and its completion, and
 * pickup latency while the LISTEN connection keeps being terminated. Handlers
 * are in test/fixtures/fault-handlers.mjs; assertions are on rows.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine.js';
import { countBackends, terminateBackends } from '../support/chaos.js';
import { PG_URL, type TestDb } from '../support/db.js';
import { checkInvariants } from '../support/invariants.js';
import { testLogger } from '../support/logger.js';
import { FIXTURES, LEDGER_COLUMNS, spawnNode, useProcessSchema, type Child } from '../support/processes.js';
import { until } from '../support/wait.js';

const BATON = fileURLToPath(new URL('../../bin/baton.js', import.meta.url));

/** One step on `handler`; a first attempt that dies is retried at once. */
const oneStep = (name: string, handler: string, params: string) => `
namespace: faults
name: ${name}
version: "1"
steps:
  - { name: work, handler: ${handler}, params: ${params}, retry: { max_attempts: 3, backoff: none } }
`;

describe.runIf(PG_URL)('process faults on real PostgreSQL', () => {
  const schema = useProcessSchema();

  async function setUp(template: string): Promise<{ engine: Engine; db: TestDb }> {
    const db = await schema.open({ started: LEDGER_COLUMNS, effects: '(key text, task_id uuid, step text, attempt int, pid int)' });
    const engine = new Engine(db.db, testLogger);
    await engine.registerTemplate(template);
    return { engine, db };
  }

  /** A `baton worker` process on the test's schema, configured through BATON_* variables as in a deployment. */
  async function startWorker(db: TestDb, env: Record<string, string>, args: string[] = []): Promise<Child> {
    const worker = spawnNode(BATON, ['worker', '--handlers', `${FIXTURES}fault-handlers.mjs`, ...args], {
      BATON_DATABASE_URL: PG_URL!,
      BATON_SCHEMA: db.schema,
      BATON_LOG_LEVEL: 'warn',
      BATON_LOG_PRETTY: 'false',
      BATON_SWEEP_INTERVAL_MS: '200',
      BATON_POLL_INTERVAL_MS: '200',
      ...env,
    });
    await worker.waitFor('worker ready');
    return worker;
  }

  const rows = async <T>(db: TestDb, sql: string, params: unknown[] = []) => (await db.db.query<T & Record<string, unknown>>(sql, params)).rows;
  const count = async (db: TestDb, sql: string, params: unknown[] = []) => (await rows<{ n: number }>(db, sql, params))[0].n;

  it('SIGTERM with 20 steps in flight: claims nothing more, hands the unfinished back uncounted, exits within grace + 1 s', async () => {
    const { engine, db } = await setUp(oneStep('slow', 'fault.slow', '{ ms: "${context.ms}" }'));
    const graceMs = 1000;
    const worker = await startWorker(db, { BATON_SHUTDOWN_GRACE_MS: String(graceMs), BATON_LEASE_MS: '60000' }, ['--concurrency', '20']);
    // 20 fill the worker: 5 finish within the grace period (freeing slots), 15 outlast it.
    // Five more wait in the queue and must stay unclaimed by it once it is signalled.
    const submitted = await engine.submitMany(
      [...Array.from({ length: 5 }, () => 700), ...Array.from({ length: 20 }, () => 60_000)].map((ms) => ({ namespace: 'faults', name: 'slow', context: { ms } })),
    );
    await until(async () => (await count(db, 'SELECT count(*)::int AS n FROM started')) === 20, 20_000, '20 steps to be running');
    const [{ signalled_at }] = await rows<{ signalled_at: Date }>(db, 'SELECT clock_timestamp() AS signalled_at');
    const killedAt = performance.now();
    worker.proc.kill('SIGTERM');
    const code = await worker.exited;
    const exitMs = performance.now() - killedAt;

    expect(code).toBe(0);
    expect(exitMs).toBeLessThan(graceMs + 1000);
    const [{ id: workerId }] = await rows<{ id: string }>(db, 'SELECT id FROM workers');
    const claims = await rows<{ worker_id: string; late: boolean }>(db, "SELECT worker_id, at > $1 AS late FROM transitions WHERE from_state = 'ready' AND to_state = 'running'", [
      signalled_at,
    ]);
    expect(claims.length).toBeGreaterThanOrEqual(20);
    expect(claims.filter((c) => c.late || c.worker_id !== workerId)).toEqual([]);
    // The quick five finished in the grace period and their completions were committed before exit.
    const quick = new Set(submitted.slice(0, 5).map((s) => s.id));
    const steps = await rows<{ task_id: string; state: string; attempts: number; worker_id: string | null }>(db, 'SELECT task_id, state, attempts, worker_id FROM steps');
    expect(steps.filter((s) => quick.has(s.task_id)).map((s) => [s.state, s.attempts])).toEqual(Array.from({ length: 5 }, () => ['complete', 1]));
    // Every other step is back in the queue at once (long before the 60 s lease), its attempt not counted.
    expect(steps.filter((s) => !quick.has(s.task_id)).filter((s) => s.state !== 'ready' || s.attempts !== 0 || s.worker_id !== null)).toEqual([]);
    const released = await rows(db, "SELECT reason, attempt, count(*)::int AS n FROM transitions WHERE from_state = 'running' AND to_state = 'ready' GROUP BY 1, 2");
    expect(released).toEqual([{ reason: 'lease released by worker shutdown', attempt: 0, n: claims.length - 5 }]);
    expect(await count(db, "SELECT count(*)::int AS n FROM workers WHERE state = 'stopped'")).toBe(1);
    expect(await checkInvariants(db.db, { reaperSlackMs: 0 })).toEqual({});
  });

  it('a handler that blocks the event loop past its lease is re-run elsewhere; its late completion is refused', async () => {
    const { engine, db } = await setUp(oneStep('busy', 'fault.effect', '{ first: busy, busy_ms: 4000 }'));
    // Lease 1 s, heartbeats every 300 ms: a 4 s synchronous loop starves them.
    const env = { BATON_LEASE_MS: '1000', BATON_HEARTBEAT_MS: '300' };
    const workers = await Promise.all([startWorker(db, env), startWorker(db, env)]);
    const { id } = await engine.submit({ namespace: 'faults', name: 'busy' });
    await until(async () => (await engine.getTask(id)).status === 'complete', 20_000, 'the task to complete');
    const effects = await rows<{ key: string; attempt: number; pid: number }>(db, 'SELECT key, attempt, pid FROM effects ORDER BY attempt');
    expect(effects.map((e) => [e.key, e.attempt])).toEqual([
      [`${id}:work`, 1],
      [`${id}:work`, 2],
    ]);
    const [busy, rescuer] = effects.map((e) => workers.find((w) => w.proc.pid === e.pid)!);
    expect(busy).toBeDefined();
    expect(rescuer).toBeDefined();
    expect(busy).not.toBe(rescuer);
    // The busy worker finally returns and reports: the completion is refused and changes nothing.
    await busy.waitFor('outcome refused', 15_000);
    const task = await engine.getTask(id);
    expect(task.steps[0]).toMatchObject({ state: 'complete', attempts: 2, output: { pid: rescuer.proc.pid, attempt: 2 } });
    const log = await rows(db, "SELECT from_state, to_state, attempt, reason FROM transitions WHERE step_name = 'work' AND from_state = 'running' ORDER BY id");
    expect(log).toEqual([
      { from_state: 'running', to_state: 'failed', attempt: 1, reason: 'lease expired' },
      { from_state: 'running', to_state: 'complete', attempt: 2, reason: null },
    ]);
    expect(await checkInvariants(db.db, { reaperSlackMs: 2000 })).toEqual({});
  });

  it('a worker SIGKILLed after its side effect but before completing: the rerun sees the same idempotency key', async () => {
    const { engine, db } = await setUp(oneStep('hang', 'fault.effect', '{ first: hang }'));
    const env = { BATON_LEASE_MS: '1000' };
    const victim = await startWorker(db, env);
    const { id } = await engine.submit({ namespace: 'faults', name: 'hang' });
    await until(async () => (await count(db, 'SELECT count(*)::int AS n FROM effects')) === 1, 20_000, 'the side effect of attempt 1');
    victim.proc.kill('SIGKILL');
    await victim.exited;
    const rescuer = await startWorker(db, env);
    await until(async () => (await engine.getTask(id)).status === 'complete', 20_000, 'the task to complete');
    const effects = await rows(db, 'SELECT key, attempt, pid FROM effects ORDER BY attempt');
    expect(effects).toEqual([
      { key: `${id}:work`, attempt: 1, pid: victim.proc.pid },
      { key: `${id}:work`, attempt: 2, pid: rescuer.proc.pid },
    ]);
    const task = await engine.getTask(id);
    expect(task.steps[0]).toMatchObject({ state: 'complete', attempts: 2, output: { pid: rescuer.proc.pid } });
    expect(await checkInvariants(db.db, { reaperSlackMs: 2000 })).toEqual({});
  });

  it('while its LISTEN connection is terminated every 200 ms, pickup stays within the polling interval; it re-LISTENs within 5 s', async () => {
    const { engine, db } = await setUp(oneStep('quick', 'fault.quick', '{}'));
    const pollMs = 200;
    await startWorker(db, { BATON_MODE: 'hybrid', BATON_POLL_INTERVAL_MS: String(pollMs) });
    const listenName = `baton:${db.schema}:listen`;
    await until(async () => (await countBackends(PG_URL!, listenName)) === 1, 5000, 'the worker to LISTEN');
    let terminated = 0;
    const chaos = setInterval(() => {
      terminateBackends(PG_URL!, db.schema, 'listen').then(
        (n) => (terminated += n),
        () => {},
      );
    }, 200);
    const ids: string[] = [];
    try {
      const end = Date.now() + 3000;
      while (Date.now() < end) {
        const { id } = await engine.submit({ namespace: 'faults', name: 'quick' });
        ids.push(id);
        await until(async () => (await engine.getTask(id)).status === 'complete', 10_000, 'a task to complete under LISTEN terminations', 20);
        await new Promise((r) => setTimeout(r, Math.random() * 100));
      }
    } finally {
      clearInterval(chaos);
    }
    expect(terminated).toBeGreaterThan(3);
    // Pickup: from the task's submission to the claim of its step, both on the database clock.
    const pickups = await rows<{ ms: number }>(
      db,
      `SELECT extract(epoch FROM c.at - s.at) * 1000 AS ms FROM transitions s
       JOIN transitions c ON c.task_id = s.task_id AND c.from_state = 'ready' AND c.to_state = 'running'
       WHERE s.step_name IS NULL AND s.to_state = 'pending'`,
    );
    expect(pickups).toHaveLength(ids.length);
    expect(Math.max(...pickups.map((p) => Number(p.ms)))).toBeLessThan(3 * pollMs + 500);
    await until(async () => (await countBackends(PG_URL!, listenName)) === 1, 5000, 'the LISTEN connection to come back');
  });
});
