import { afterEach, describe, expect, it } from 'vitest';
import { defineHandler } from '../../src/worker/types.js';
import { backends } from '../support/db.js';
import { startHarness, stepOf, waitForTask, type Harness } from '../support/harness.js';
import { until } from '../support/wait.js';

const claimReq = (handlers: string[], leaseMs = 10_000, workerId = 'w1') => ({ workerId, handlers, labels: {}, limit: 10, leaseMs });

describe.each(backends)('leases, cancellation and ordering on %s', (backend) => {
  let h: Harness;
  afterEach(async () => h?.close());

  const oneStep = `{namespace: l, name: one, version: "1", steps: [{name: s, handler: l.h, retry: {max_attempts: 3, backoff: none}}]}`;

  it('gives every claimed step its own lease id of 128 random bits', async () => {
    h = await startHarness(backend, { sweeper: false });
    await h.engine.registerTemplate(oneStep);
    await h.engine.submitMany(Array.from({ length: 60 }, () => ({ namespace: 'l', name: 'one' })));
    const claimed = [...(await h.engine.claim({ ...claimReq(['l.h']), limit: 30 })), ...(await h.engine.claim({ ...claimReq(['l.h']), limit: 50 }))];
    expect(claimed).toHaveLength(60);
    expect(new Set(claimed.map((e) => e.lease_id)).size).toBe(60);
    const stored = await h.engine.db.query<{ lease_id: string }>("SELECT lease_id FROM steps WHERE state = 'running'");
    expect(new Set(stored.rows.map((r) => r.lease_id))).toEqual(new Set(claimed.map((e) => e.lease_id)));
    // A version-4 UUID fixes 6 of its bits (the version nibble is always 4); these
    // vary: the odds of 60 random ids all showing 4 there are 16^-60.
    expect(claimed.some((e) => e.lease_id[14] !== '4')).toBe(true);
  });

  it('refuses a completion with a lease that expired and was re-claimed, keeping the new attempt', async () => {
    h = await startHarness(backend, { sweeper: false });
    await h.engine.registerTemplate(oneStep);
    const { id } = await h.engine.submit({ namespace: 'l', name: 'one' });
    const [first] = await h.engine.claim(claimReq(['l.h'], 50, 'old'));
    await new Promise((r) => setTimeout(r, 120));
    const { sweepOnce } = await import('../../src/core/sweeper.js');
    expect((await sweepOnce(h.engine.db, { stepTimeoutGraceMs: 0 })).expiredLeases).toBe(1);
    const [second] = await h.engine.claim(claimReq(['l.h'], 10_000, 'new'));
    expect(second.execution_id).toBe(first.execution_id);
    expect(second.attempt).toBe(2);
    expect(second.lease_id).not.toBe(first.lease_id);

    expect(await h.engine.complete(first.execution_id, first.lease_id, 'stale output')).toBe('stale');
    expect(await h.engine.fail(first.execution_id, first.lease_id, { message: 'late' })).toBe('stale');
    expect(await h.engine.progress(first.execution_id, first.lease_id, { late: true })).toBe('stale');
    let task = await h.engine.getTask(id);
    expect(stepOf(task, 's')).toMatchObject({ state: 'running', attempts: 2, worker: 'new' });

    expect(await h.engine.complete(second.execution_id, second.lease_id, 'fresh')).toBe('ok');
    expect(await h.engine.complete(second.execution_id, second.lease_id, 'fresh')).toBe('duplicate');
    task = await h.engine.getTask(id);
    expect(task.status).toBe('complete');
    expect(stepOf(task, 's').output).toBe('fresh');
    const events = await h.engine.events(id);
    expect(events.filter((e) => e.to === 'complete' && e.step === 's')).toHaveLength(1);
    expect(events.filter((e) => e.from === 'running' && e.to === 'failed').map((e) => e.reason)).toEqual(['lease expired']);
  });

  it('cancels a running task: handlers see the abort, nothing further runs', async () => {
    const started: string[] = [];
    const aborted: string[] = [];
    h = await startHarness(backend, {
      handlers: [
        defineHandler(
          'l.wait',
          (ctx) =>
            new Promise((resolve) => {
              started.push(ctx.step.name);
              ctx.signal.addEventListener('abort', () => {
                aborted.push(ctx.step.name);
                resolve('aborted');
              });
            }),
        ),
        defineHandler('l.next', (ctx) => {
          started.push(ctx.step.name);
          return null;
        }),
      ],
    });
    await h.engine.registerTemplate(`
namespace: l
name: cancel
version: "1"
steps:
  - { name: a, handler: l.wait }
  - { name: b, handler: l.wait }
  - { name: c, handler: l.next, depends_on: [a, b] }
`);
    const { id } = await h.engine.submit({ namespace: 'l', name: 'cancel' });
    await waitForTask(h.engine, id, { until: (t) => t.steps.filter((s) => s.state === 'running').length === 2 });
    await until(() => started.length === 2, 5000, 'both handlers to start');
    const result = await h.engine.cancel(id, 'tester');
    expect(result).toEqual({ changed: true, status: 'cancelled', correlationId: id });
    await until(() => aborted.length === 2, 5000, 'both handlers to see the abort');
    const task = await h.engine.getTask(id);
    expect(task.status).toBe('cancelled');
    expect(task.steps.map((s) => s.state)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    await new Promise((r) => setTimeout(r, 300));
    expect(started.sort()).toEqual(['a', 'b']);
    expect(await h.engine.cancel(id)).toEqual({ changed: false, status: 'cancelled', correlationId: id });
    const events = await h.engine.events(id);
    expect(events.find((e) => e.to === 'cancelled' && e.step === null)?.actor).toBe('tester');
  });

  it('claims higher priority first, then older', async () => {
    h = await startHarness(backend, { sweeper: false });
    await h.engine.registerTemplate(oneStep);
    const low = await h.engine.submit({ namespace: 'l', name: 'one', priority: 0 });
    const high = await h.engine.submit({ namespace: 'l', name: 'one', priority: 5 });
    const low2 = await h.engine.submit({ namespace: 'l', name: 'one', priority: 0 });
    const claimed = await h.engine.claim({ ...claimReq(['l.h']), limit: 3 });
    expect(claimed.map((c) => c.task.id)).toEqual([high.id, low.id, low2.id]);
  });

  it('runs nothing before run_at', async () => {
    h = await startHarness(backend, { sweeper: false });
    await h.engine.registerTemplate(oneStep);
    const runAt = new Date(Date.now() + 400);
    const { id } = await h.engine.submit({ namespace: 'l', name: 'one', run_at: runAt.toISOString() });
    expect(await h.engine.claim(claimReq(['l.h']))).toEqual([]);
    await new Promise((r) => setTimeout(r, Math.max(0, runAt.getTime() - Date.now()) + 50));
    const claimed = await h.engine.claim(claimReq(['l.h']));
    expect(claimed.map((c) => c.task.id)).toEqual([id]);
  });

  it('returns the same task for the same idempotency key', async () => {
    h = await startHarness(backend, { sweeper: false });
    await h.engine.registerTemplate(oneStep);
    const a = await h.engine.submit({ namespace: 'l', name: 'one', idempotency_key: 'k1' });
    const b = await h.engine.submit({ namespace: 'l', name: 'one', idempotency_key: 'k1' });
    const batch = await h.engine.submitMany([
      { namespace: 'l', name: 'one', idempotency_key: 'k1' },
      { namespace: 'l', name: 'one', idempotency_key: 'k2' },
      { namespace: 'l', name: 'one', idempotency_key: 'k2' },
    ]);
    expect(a.created).toBe(true);
    expect(b).toEqual({ id: a.id, status: 'pending', created: false, correlationId: a.id });
    expect(batch[0].id).toBe(a.id);
    expect(batch[1].id).toBe(batch[2].id);
    expect(batch.map((r) => r.created)).toEqual([false, true, false]);
    const { rows } = await h.engine.db.query<{ n: number }>('SELECT count(*)::int AS n FROM tasks');
    expect(rows[0].n).toBe(2);
  });

  it('gives leases back on graceful shutdown so another worker runs the step at once', async () => {
    let firstStarted = false;
    h = await startHarness(backend, {
      config: (c) => {
        c.worker.shutdownGraceMs = 100;
        c.worker.leaseMs = 60_000;
      },
      handlers: [
        defineHandler(
          'l.h',
          (ctx) =>
            new Promise((resolve) => {
              firstStarted = true;
              ctx.signal.addEventListener('abort', () => resolve('x'));
            }),
        ),
      ],
    });
    await h.engine.registerTemplate(oneStep);
    const { id } = await h.engine.submit({ namespace: 'l', name: 'one' });
    await until(() => firstStarted, 5000, 'the handler to start');
    await h.runtime.worker!.stop();
    const task = await h.engine.getTask(id);
    expect(stepOf(task, 's')).toMatchObject({ state: 'ready', attempts: 0 });
    const [again] = await h.engine.claim(claimReq(['l.h']));
    expect(again.attempt).toBe(1);
    expect(await h.engine.complete(again.execution_id, again.lease_id, 'done')).toBe('ok');
    expect((await waitForTask(h.engine, id)).status).toBe('complete');
  });
});
