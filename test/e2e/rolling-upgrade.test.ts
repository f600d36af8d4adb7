/**
 * A rolling upgrade (docs/operations.md, "Upgrading"): while processes of the
 * previous release still run, the schema is already migrated by this one.
 * Migrations are additive, so the previous release's statements (copied
 * verbatim in test/support/previous-release.ts) keep working against it, and
 * what the two releases write together still makes a true record (I6).
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { sweepOnce } from '../../src/core/sweeper.js';
import { backends } from '../support/db.js';
import { startHarness, type Harness } from '../support/harness.js';
import { checkInvariants } from '../support/invariants.js';
import {
  claimAsPreviousRelease,
  completeAsPreviousRelease,
  failForRetryAsPreviousRelease,
  heartbeatAsPreviousRelease,
  PREVIOUS_RELEASE,
  submitTaskAsPreviousRelease,
} from '../support/previous-release.js';

/** The rollback statement of docs/operations.md ("Rolling back"), run as the page shows it. */
const ROLLBACK_SQL = (() => {
  const doc = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');
  const block = /### Rolling back[\s\S]*?```sql\n([\s\S]*?)```/.exec(doc);
  if (!block) throw new Error('docs/operations.md has no sql block under "### Rolling back"');
  return block[1];
})();

const OLD_WORKER = { workerId: 'previous-release-worker', handlers: ['roll.step'], leaseMs: 30_000 };

describe.each(backends)(`processes of the previous release (${PREVIOUS_RELEASE}) on a migrated schema, on %s`, (backend) => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('submit, claim, heartbeat, retry and complete a task as before, and this release reads it', async () => {
    h = await startHarness(backend, { sweeper: false });
    const { db } = h.testDb;
    const { row: template } = await h.engine.registerTemplate({
      namespace: 'roll',
      name: 'pair',
      version: '1',
      steps: [
        { name: 'a', handler: 'roll.step' },
        { name: 'b', handler: 'roll.step', depends_on: ['a'] },
      ],
    });
    const { id, created } = await submitTaskAsPreviousRelease(
      db,
      template,
      [
        { name: 'a', handler: 'roll.step' },
        { name: 'b', handler: 'roll.step', dependsOn: ['a'] },
      ],
      { k: 1 },
    );
    expect(created).toBe(true);
    const { rows: stored } = await db.query<{ correlation_id: string | null }>('SELECT correlation_id FROM tasks WHERE id = $1', [id]);
    expect(stored[0].correlation_id).toBeNull();

    const [first] = await claimAsPreviousRelease(db, { ...OLD_WORKER, limit: 5 });
    expect([first.task_id, first.name, first.attempts]).toEqual([id, 'a', 1]);
    expect(await heartbeatAsPreviousRelease(db, [first], OLD_WORKER.leaseMs)).toEqual([first.id]);
    expect(await failForRetryAsPreviousRelease(db, first, 'try again', 0)).toBe(true);
    const [retried] = await claimAsPreviousRelease(db, { ...OLD_WORKER, limit: 5 });
    expect([retried.name, retried.attempts]).toEqual(['a', 2]);
    expect(await completeAsPreviousRelease(db, [{ claim: retried, output: { n: 1 } }])).toEqual([retried.id]);
    const [second] = await claimAsPreviousRelease(db, { ...OLD_WORKER, limit: 5 });
    expect(second.name).toBe('b');
    expect(await completeAsPreviousRelease(db, [{ claim: second, output: { n: 2 } }])).toEqual([second.id]);

    const task = await h.engine.getTask(id);
    expect(task.status).toBe('complete');
    expect(task.steps.map((s) => [s.name, s.state, s.attempts, s.output])).toEqual([
      ['a', 'complete', 2, { n: 1 }],
      ['b', 'complete', 1, { n: 2 }],
    ]);
    // No correlation id written by the old release: the task's own id stands in.
    expect(task.correlation_id).toBe(id);
    expect(await checkInvariants(db, { reaperSlackMs: 5_000 })).toEqual({});
  });

  /** A task that this release parked in waiting_for_retry (its one step failed once, 300 ms backoff). */
  async function parkInWaitingForRetry(harness: Harness): Promise<string> {
    await harness.engine.registerTemplate({
      namespace: 'roll',
      name: 'single',
      version: '1',
      steps: [{ name: 'x', handler: 'roll.step', retry: { max_attempts: 3, backoff: 'fixed', base_ms: 300, jitter: false } }],
    });
    const { id } = await harness.engine.submit({ namespace: 'roll', name: 'single', context: {} });
    const [execution] = await harness.engine.claim({ workerId: 'current-worker', handlers: ['roll.step'], labels: {}, limit: 1, leaseMs: 30_000 });
    expect(await harness.engine.fail(execution.execution_id, execution.lease_id, { message: 'try again' }, true)).toBe('ok');
    expect((await harness.engine.getTask(id)).status).toBe('waiting_for_retry');
    await sleep(400);
    return id;
  }

  it("finishes a task this release parked in waiting_for_retry that the previous release retried (this release's reconciler finalizes it)", async () => {
    h = await startHarness(backend, { sweeper: false });
    const { db } = h.testDb;
    const id = await parkInWaitingForRetry(h);
    const [old] = await claimAsPreviousRelease(db, { ...OLD_WORKER, limit: 5 });
    expect([old.task_id, old.attempts]).toEqual([id, 2]);
    // The previous release knows no waiting_for_retry: its claim does not move the task back to running,
    expect((await h.engine.getTask(id)).status).toBe('waiting_for_retry');
    await completeAsPreviousRelease(db, [{ claim: old, output: { ok: true } }]);
    // and its completion settles the step but cannot finalize a status it does not know.
    const parked = await h.engine.getTask(id);
    expect([parked.status, parked.steps[0].state]).toEqual(['waiting_for_retry', 'complete']);

    // This release's reconciler (every server and direct worker runs it) finalizes the task.
    expect((await sweepOnce(db, { stepTimeoutGraceMs: 1000 })).reconciled).toBe(1);
    expect((await h.engine.getTask(id)).status).toBe('complete');
    expect(await checkInvariants(db, { reaperSlackMs: 5_000 })).toEqual({});
  });

  it('after a rollback, the SQL of docs/operations.md lets the previous release finish tasks left in waiting_for_retry', async () => {
    h = await startHarness(backend, { sweeper: false });
    const { db } = h.testDb;
    const id = await parkInWaitingForRetry(h);
    await db.query(ROLLBACK_SQL);
    expect((await h.engine.getTask(id)).status).toBe('running');
    const [old] = await claimAsPreviousRelease(db, { ...OLD_WORKER, limit: 5 });
    await completeAsPreviousRelease(db, [{ claim: old, output: { ok: true } }]);
    expect((await h.engine.getTask(id)).status).toBe('complete');
    expect(await checkInvariants(db, { reaperSlackMs: 5_000 })).toEqual({});
  });
});
