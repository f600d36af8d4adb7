/**
 * I2 (test/support/invariants.ts): one finalization per task, except that an
 * operator's reopening of an `error` task may stand between two. Every other
 * second finalization is still a violation.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PermanentError } from '../../src/errors.js';
import { defineHandler } from '../../src/worker/types.js';
import { backends } from '../support/db.js';
import { startHarness, waitForTask, type Harness } from '../support/harness.js';
import { checkInvariants } from '../support/invariants.js';

const TWO = `
namespace: inv
name: two
version: "1"
steps:
  - { name: a, handler: inv.flaky, retry: { max_attempts: 1 } }
  - { name: b, handler: inv.ok, depends_on: [a] }
`;

describe.each(backends)('invariant I2 on %s', (backend) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function errorThenReopened(): Promise<string> {
    let fail = true;
    h = await startHarness(backend, {
      handlers: [
        defineHandler('inv.flaky', () => {
          if (fail) throw new PermanentError('not yet');
          return { ok: true };
        }),
        defineHandler('inv.ok', () => ({ ok: true })),
      ],
    });
    await h.engine.registerTemplate(TWO);
    const { id } = await h.engine.submit({ namespace: 'inv', name: 'two' });
    expect((await waitForTask(h.engine, id)).status).toBe('error');
    fail = false;
    await h.engine.retryStep(id, 'a', 'alice');
    expect((await waitForTask(h.engine, id)).status).toBe('complete');
    return id;
  }

  const taskLevel = async (id: string) =>
    (
      await h.testDb.db.query<{ from_state: string; to_state: string }>(
        `SELECT from_state, to_state FROM transitions WHERE task_id = $1 AND step_name IS NULL AND kind = 'transition' ORDER BY id`,
        [id],
      )
    ).rows.map((r) => `${r.from_state}->${r.to_state}`);

  it('allows a finalization, an operator reopening, and a second finalization', async () => {
    const id = await errorThenReopened();
    expect(await taskLevel(id)).toEqual(['null->pending', 'pending->running', 'running->error', 'error->running', 'running->complete']);
    expect(await checkInvariants(h.testDb.db, { reaperSlackMs: 5000, acknowledged: [id] })).toEqual({});
  });

  it('still flags two finalizations with no reopening between them, and a reopening of a task that had not ended in error', async () => {
    const id = await errorThenReopened();
    await h.testDb.db.query(`INSERT INTO transitions (task_id, from_state, to_state, reason) VALUES ($1, 'running', 'complete', 'a duplicate')`, [id]);
    const doubled = await checkInvariants(h.testDb.db, { reaperSlackMs: 5000 });
    expect(doubled['I2 finalizations']).toEqual([expect.objectContaining({ task_id: id, event: 'final', prev_event: 'final' })]);

    const other = (await h.engine.submit({ namespace: 'inv', name: 'two' })).id;
    expect((await waitForTask(h.engine, other)).status).toBe('complete');
    await h.testDb.db.query(`INSERT INTO transitions (task_id, from_state, to_state, reason) VALUES ($1, 'error', 'running', 'reopened by operator')`, [other]);
    const reopened = await checkInvariants(h.testDb.db, { reaperSlackMs: 5000 });
    expect(reopened['I2 finalizations']).toEqual(
      expect.arrayContaining([expect.objectContaining({ task_id: other, event: 'reopen', prev_event: 'final', prev_state: 'complete' })]),
    );
    // The task says complete, but its log ends with a reopening: not exactly one finalization to its status.
    expect(reopened['I2 finished tasks without exactly one finalization']).toEqual([expect.objectContaining({ id: other, event: 'reopen' })]);
  });
});
