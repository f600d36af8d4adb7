import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { pruneFinishedTasks, startPruner } from '../../src/core/pruner.js';
import type { Engine } from '../../src/core/engine.js';
import { backends, PG_URL } from '../support/db.js';
import { startHarness, type Harness } from '../support/harness.js';
import { testLogger } from '../support/logger.js';

const ONE_STEP = `{namespace: r, name: one, version: "1", steps: [{name: a, handler: r.x}]}`;
const DAY_MS = 86_400_000;

/** One task in each state, made through the engine (no worker runs, so each is claimed by hand). */
async function seed(engine: Engine) {
  await engine.registerTemplate(ONE_STEP);
  const submit = async () => (await engine.submit({ namespace: 'r', name: 'one' })).id;
  const claim = async () => {
    const [execution] = await engine.claim({ workerId: 'w', handlers: ['r.x'], labels: {}, limit: 1, leaseMs: 60_000 });
    return execution;
  };
  const ids: Record<string, string> = {};
  for (const name of ['completeOld', 'completeNew']) {
    ids[name] = await submit();
    const e = await claim();
    expect(await engine.complete(e.execution_id, e.lease_id, { ok: true })).toBe('ok');
  }
  ids.errorOld = await submit();
  const failing = await claim();
  expect(await engine.fail(failing.execution_id, failing.lease_id, { message: 'no' }, false)).toBe('ok');
  ids.cancelledOld = await submit();
  await engine.cancel(ids.cancelledOld);
  ids.timedOutOld = await submit();
  // As the sweeper leaves a task past its deadline (its live steps cancelled).
  await engine.db.query("UPDATE steps SET state = 'cancelled', finished_at = clock_timestamp() WHERE task_id = $1", [ids.timedOutOld]);
  await engine.db.query("UPDATE tasks SET status = 'timed_out', finished_at = clock_timestamp() WHERE id = $1", [ids.timedOutOld]);
  ids.runningOld = await submit();
  await claim();
  ids.pendingOld = await submit();
  return ids;
}

async function ageTasks(engine: Engine, ids: string[], days: number) {
  await engine.db.query(
    `UPDATE tasks SET created_at = created_at - $2 * interval '1 day',
       finished_at = finished_at - $2 * interval '1 day' WHERE id = ANY($1::uuid[])`,
    [ids, days],
  );
}

async function remaining(engine: Engine, table: 'tasks' | 'steps' | 'transitions' | 'step_edges', ids: string[]) {
  const column = table === 'tasks' ? 'id' : 'task_id';
  const { rows } = await engine.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} = ANY($1::uuid[])`, [ids]);
  return rows[0].n;
}

describe.each(backends)('retention on %s', (backend) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('deletes only finished tasks older than the cutoff, with their steps and transitions, never live ones', async () => {
    h = await startHarness(backend, { sweeper: false });
    const ids = await seed(h.engine);
    const { completeNew, runningOld, pendingOld, ...oldFinished } = ids;
    await ageTasks(h.engine, [...Object.values(oldFinished), runningOld, pendingOld], 10);
    await ageTasks(h.engine, [completeNew], 3);
    // A live task that somehow carries an old finished_at is still live: status decides.
    await h.engine.db.query("UPDATE tasks SET finished_at = now() - interval '30 days' WHERE id = $1", [runningOld]);
    const doomed = Object.values(oldFinished);
    expect(await remaining(h.engine, 'transitions', doomed)).toBeGreaterThan(0);

    // Batches of 2: the loop goes on until nothing older is left.
    const deleted = await pruneFinishedTasks(h.engine.db, { olderThanMs: 7 * DAY_MS, batchSize: 2 });
    expect(deleted).toBe(doomed.length);
    for (const table of ['tasks', 'steps', 'transitions'] as const) expect(await remaining(h.engine, table, doomed), table).toBe(0);
    const kept = await h.engine.db.query<{ id: string; status: string }>('SELECT id, status FROM tasks ORDER BY status');
    expect(kept.rows.map((r) => r.id).sort()).toEqual([completeNew, runningOld, pendingOld].sort());
    expect((await h.engine.getTask(runningOld)).steps[0].state).toBe('running');

    expect(await pruneFinishedTasks(h.engine.db, { olderThanMs: 7 * DAY_MS })).toBe(0);
    // A shorter retention reaches the 3-day-old task, still never the live ones.
    expect(await pruneFinishedTasks(h.engine.db, { olderThanMs: 2 * DAY_MS })).toBe(1);
    expect(await remaining(h.engine, 'tasks', [runningOld, pendingOld])).toBe(2);
  });

  it('deletes the edges of pruned tasks', async () => {
    h = await startHarness(backend, { sweeper: false });
    await h.engine.registerTemplate(`{namespace: r, name: two, version: "1", steps: [{name: a, handler: r.x}, {name: b, handler: r.x, depends_on: [a]}]}`);
    const { id } = await h.engine.submit({ namespace: 'r', name: 'two' });
    await h.engine.cancel(id);
    await ageTasks(h.engine, [id], 8);
    expect(await remaining(h.engine, 'step_edges', [id])).toBe(1);
    expect(await pruneFinishedTasks(h.engine.db, { olderThanMs: 7 * DAY_MS })).toBe(1);
    expect(await remaining(h.engine, 'step_edges', [id])).toBe(0);
  });

  it("takes a task's steps and edges with it whoever deletes it, as the foreign keys' cascade did (an older release's retention)", async () => {
    h = await startHarness(backend, { sweeper: false });
    await h.engine.registerTemplate(`{namespace: r, name: two, version: "1", steps: [{name: a, handler: r.x}, {name: b, handler: r.x, depends_on: [a]}]}`);
    const gone = [(await h.engine.submit({ namespace: 'r', name: 'two' })).id, (await h.engine.submit({ namespace: 'r', name: 'two' })).id];
    const kept = (await h.engine.submit({ namespace: 'r', name: 'two' })).id;
    await h.engine.db.query('DELETE FROM tasks WHERE id = ANY($1::uuid[])', [gone]);
    expect(await remaining(h.engine, 'steps', gone)).toBe(0);
    expect(await remaining(h.engine, 'step_edges', gone)).toBe(0);
    expect(await remaining(h.engine, 'steps', [kept])).toBe(2);
    expect(await remaining(h.engine, 'step_edges', [kept])).toBe(1);
  });

  it('is pruned in the background by the runtime when retention is on', async () => {
    h = await startHarness(backend, {
      sweeper: true,
      config: (c) => {
        c.retention.finishedTasksDays = 1;
        c.retention.pruneIntervalMs = 50;
      },
    });
    await h.engine.registerTemplate(ONE_STEP);
    const old = (await h.engine.submit({ namespace: 'r', name: 'one' })).id;
    const recent = (await h.engine.submit({ namespace: 'r', name: 'one' })).id;
    for (const id of [old, recent]) await h.engine.cancel(id);
    await ageTasks(h.engine, [old], 2);
    const deadline = Date.now() + 10_000;
    while ((await remaining(h.engine, 'tasks', [old])) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect(await remaining(h.engine, 'tasks', [old, recent])).toBe(1);
  });

  it('runs its loop single-flight and stops cleanly', async () => {
    h = await startHarness(backend, { sweeper: false });
    await h.engine.registerTemplate(ONE_STEP);
    const { id } = await h.engine.submit({ namespace: 'r', name: 'one' });
    await h.engine.cancel(id);
    await ageTasks(h.engine, [id], 2);
    const runs: number[] = [];
    const stop = startPruner(h.engine.db, { retentionMs: DAY_MS, intervalMs: 20, logger: testLogger, onPrune: (n) => runs.push(n) });
    const deadline = Date.now() + 10_000;
    while (runs.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await stop();
    expect(runs[0]).toBe(1);
    expect(runs.slice(1).every((n) => n === 0)).toBe(true);
    const after = runs.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(runs.length).toBe(after);
    expect(await remaining(h.engine, 'tasks', [id])).toBe(0);
  });
});

describe.runIf(PG_URL)('retention on PostgreSQL under concurrency', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('skips a finished task another transaction holds locked instead of waiting for it', async () => {
    h = await startHarness('pg', { sweeper: false });
    await h.engine.registerTemplate(ONE_STEP);
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { id } = await h.engine.submit({ namespace: 'r', name: 'one' });
      await h.engine.cancel(id);
      ids.push(id);
    }
    await ageTasks(h.engine, ids, 10);
    const other = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${h.testDb.schema}` });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT id FROM tasks WHERE id = $1 FOR UPDATE', [ids[0]]);
      const started = Date.now();
      expect(await pruneFinishedTasks(h.engine.db, { olderThanMs: 7 * DAY_MS })).toBe(1);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(await remaining(h.engine, 'tasks', ids)).toBe(1);
      await other.query('ROLLBACK');
      expect(await pruneFinishedTasks(h.engine.db, { olderThanMs: 7 * DAY_MS })).toBe(1);
    } finally {
      await other.end();
    }
  });
});
