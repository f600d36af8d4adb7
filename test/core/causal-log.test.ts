import { afterEach, describe, expect, it } from 'vitest';
import { inTaskTransaction } from '../../src/core/task-unit.js';
import { BatonError } from '../../src/errors.js';
import { defineHandler } from '../../src/worker/types.js';
import { backends } from '../support/db.js';
import { startHarness, waitForTask, type Harness } from '../support/harness.js';
import { checkInvariants, replayEveryTask } from '../support/invariants.js';

const DIAMOND = `
namespace: t
name: diamond
version: "1"
steps:
  - { name: load, handler: t.echo }
  - { name: square, handler: t.echo, depends_on: [load] }
  - { name: double, handler: t.echo, depends_on: [load] }
  - { name: sum, handler: t.echo, depends_on: [square, double] }
`;

const FLAKY = `
namespace: t
name: flaky
version: "1"
steps:
  - name: a
    handler: t.flaky
    retry: { max_attempts: 2, backoff: fixed, base_ms: 1500, jitter: false }
  - { name: b, handler: t.echo, depends_on: [a] }
`;

describe.each(backends)('a true record on %s', (backend) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('logs a completion and the dependents it released before the claim that hands them to the same worker', async () => {
    // One task at a time on an idle worker: each completion claims the steps it released in its own transaction.
    h = await startHarness(backend, { handlers: [defineHandler('t.echo', () => ({ ok: true }))] });
    await h.engine.registerTemplate(DIAMOND);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { id } = await h.engine.submit({ namespace: 't', name: 'diamond' });
      expect((await waitForTask(h.engine, id)).status).toBe('complete');
      ids.push(id);
    }
    const { rows } = await h.testDb.db.query<{ step_name: string | null; from_state: string; to_state: string }>(
      'SELECT step_name, from_state, to_state FROM transitions WHERE task_id = $1 AND kind = $2 ORDER BY id',
      [ids[0], 'transition'],
    );
    const at = (step: string, to: string) => rows.findIndex((r) => r.step_name === step && r.to_state === to);
    expect(at('load', 'complete')).toBeLessThan(at('square', 'ready'));
    expect(at('square', 'ready')).toBeLessThan(at('square', 'running'));
    expect(at('double', 'ready')).toBeLessThan(at('double', 'running'));
    expect(at('square', 'complete')).toBeLessThan(at('sum', 'ready'));
    expect(rows.findIndex((r) => r.step_name === null && r.to_state === 'complete')).toBe(rows.length - 1);
    expect(await replayEveryTask(h.testDb.db)).toEqual([]);
    expect(await checkInvariants(h.testDb.db, { reaperSlackMs: 5000, acknowledged: ids })).toEqual({});
  });

  it('reports waiting_for_retry while the only live work is a step in backoff, in the task, the list filter and the log', async () => {
    let calls = 0;
    h = await startHarness(backend, {
      handlers: [
        defineHandler('t.echo', () => ({ ok: true })),
        defineHandler('t.flaky', () => {
          if (++calls === 1) throw new Error('first attempt fails');
          return { ok: true };
        }),
      ],
    });
    await h.engine.registerTemplate(FLAKY);
    const { id } = await h.engine.submit({ namespace: 't', name: 'flaky' });
    const waiting = await waitForTask(h.engine, id, { until: (t) => t.status === 'waiting_for_retry' });
    expect(waiting.steps.find((s) => s.name === 'a')?.state).toBe('ready');
    const listed = await h.engine.listTasks({ status: 'waiting_for_retry', limit: 10 });
    expect(listed.tasks.map((t) => t.id)).toEqual([id]);
    expect((await h.engine.listTasks({ status: 'running', limit: 10 })).tasks).toEqual([]);
    expect((await waitForTask(h.engine, id)).status).toBe('complete');
    const { rows } = await h.testDb.db.query<{ from_state: string; to_state: string }>(
      'SELECT from_state, to_state FROM transitions WHERE task_id = $1 AND step_name IS NULL ORDER BY id',
      [id],
    );
    expect(rows.map((r) => `${r.from_state}->${r.to_state}`)).toEqual([
      'null->pending',
      'pending->running',
      'running->waiting_for_retry',
      'waiting_for_retry->running',
      'running->complete',
    ]);
    expect(await checkInvariants(h.testDb.db, { reaperSlackMs: 5000 })).toEqual({});
  });

  it('cancels a task waiting for a retry', async () => {
    h = await startHarness(backend, {
      handlers: [
        defineHandler('t.echo', () => ({ ok: true })),
        defineHandler('t.flaky', () => {
          throw new Error('always fails');
        }),
      ],
    });
    await h.engine.registerTemplate(FLAKY);
    const { id } = await h.engine.submit({ namespace: 't', name: 'flaky' });
    await waitForTask(h.engine, id, { until: (t) => t.status === 'waiting_for_retry' });
    expect(await h.engine.cancel(id)).toMatchObject({ changed: true, status: 'cancelled' });
    expect(await checkInvariants(h.testDb.db, { reaperSlackMs: 5000 })).toEqual({});
  });

  it('refuses, and rolls back, a transition the state machines do not allow', async () => {
    h = await startHarness(backend);
    await h.engine.registerTemplate(DIAMOND);
    const { id } = await h.engine.submit({ namespace: 't', name: 'diamond' });
    const attempt = inTaskTransaction(h.testDb.db, async (unit) => {
      unit.log({ taskId: id, stepName: 'load', from: 'ready', to: 'complete' });
    });
    await expect(attempt).rejects.toSatisfy((err) => err instanceof BatonError && err.code === 'internal');
    const { rows } = await h.testDb.db.query('SELECT 1 FROM transitions WHERE task_id = $1 AND step_name IS NOT NULL', [id]);
    expect(rows).toEqual([]);
  });
});
