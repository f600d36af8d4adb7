import { afterEach, describe, expect, it } from 'vitest';
import { defineHandler } from '../../src/worker/types.js';
import { backends } from '../support/db.js';
import { startHarness, waitForTask, type Harness } from '../support/harness.js';
import { checkInvariants } from '../support/invariants.js';

const TEMPLATE = `
namespace: t
name: approval
version: "1"
steps:
  - name: submit
    handler: t.echo
  - name: approve
    kind: wait
    depends_on: [submit]
    wait:
      signal: approval
      timeout: 1h
      schema: { type: object, required: [approved], properties: { approved: { type: boolean } } }
  - name: act
    handler: t.echo
    depends_on: [approve]
    params: { approved: "\${steps.approve.approved}" }
`;

const SLEEPY = `
namespace: t
name: sleepy
version: "1"
steps:
  - name: nap
    kind: sleep
    sleep: { duration: 1s }
  - name: until
    kind: sleep
    sleep: { until: "\${context.at}" }
  - name: after
    handler: t.echo
    depends_on: [nap, until]
`;

const TIMEOUTS = `
namespace: t
name: timeouts
version: "1"
on_failure: continue
steps:
  - name: skipped
    kind: wait
    wait: { signal: a, timeout: 1s, on_timeout: skip }
  - name: failed
    kind: wait
    wait: { signal: b, timeout: 1s }
  - name: after_skip
    handler: t.echo
    depends_on: [skipped]
`;

const EVENTS = `
namespace: t
name: payment
version: "1"
steps:
  - name: paid
    kind: wait
    wait: { event: payment.received, match: "\${context.order}" }
`;

describe.each(backends)('sleep, signals and events on %s', (backend) => {
  let h: Harness;
  afterEach(async () => {
    if (!h) return;
    const violations = await checkInvariants(h.testDb.db, { reaperSlackMs: 5000 });
    expect(violations).toEqual({});
    await h.close();
  });

  const start = async () => {
    h = await startHarness(backend, {
      handlers: [defineHandler('t.echo', (ctx) => ({ ...ctx.params }))],
      config: (c) => (c.orchestrator.timerIntervalMs = 50),
    });
    for (const t of [TEMPLATE, SLEEPY, TIMEOUTS, EVENTS]) await h.engine.registerTemplate(t);
  };

  it('a signal completes the wait step with its payload, and the task goes on', async () => {
    await start();
    const { id } = await h.engine.submit({ namespace: 't', name: 'approval', context: {} });
    const waiting = await waitForTask(h.engine, id, { until: (t) => t.steps[1].state === 'waiting' });
    expect(waiting.status).toBe('running');
    expect(waiting.steps[1].waiting).toMatchObject({ for: 'signal', name: 'approval' });
    expect(Date.parse(waiting.steps[1].waiting!.until!)).toBeGreaterThan(Date.now() + 3_000_000);
    await expect(h.engine.signal({ taskId: id, name: 'approval', payload: { approved: 'yes' } })).rejects.toMatchObject({ code: 'invalid_signal' });
    expect((await h.engine.getTask(id)).steps[1].state).toBe('waiting');
    const sent = await h.engine.signal({ taskId: id, name: 'approval', payload: { approved: true }, idempotencyKey: 'k1' });
    expect(sent).toEqual({ task_id: id, signal: 'approval', step: 'approve', status: 'delivered' });
    const done = await waitForTask(h.engine, id);
    expect(done.status).toBe('complete');
    expect(done.steps[1].output).toEqual({ approved: true });
    expect(done.steps[2].output).toEqual({ approved: true });
    // The same key again is a harmless duplicate, even once the task finished; another signal is a conflict.
    expect((await h.engine.signal({ taskId: id, name: 'approval', payload: { approved: true }, idempotencyKey: 'k1' })).status).toBe('duplicate');
    await expect(h.engine.signal({ taskId: id, name: 'approval', payload: { approved: false } })).rejects.toMatchObject({ code: 'conflict' });
    const events = await h.engine.events(id);
    expect(events.filter((e) => e.type === 'signal').map((e) => e.data)).toEqual([{ signal: 'approval', status: 'delivered' }]);
    expect(events.some((e) => e.step === 'approve' && e.from === 'ready' && e.to === 'waiting')).toBe(true);
  });

  it('keeps a signal sent before its step waits, and concurrent different signals have one winner', async () => {
    await start();
    const { id } = await h.engine.submit({ namespace: 't', name: 'approval', context: {}, runAt: new Date(Date.now() + 60_000) });
    const results = await Promise.allSettled(
      [1, 2, 3, 4].map((n) => h.engine.signal({ taskId: id, name: 'approval', payload: { approved: n % 2 === 0 }, idempotencyKey: `k${n}` })),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    expect(ok).toHaveLength(1);
    expect(ok[0].value.status).toBe('kept');
    expect(results.filter((r) => r.status === 'rejected').map((r) => r.reason.code)).toEqual(['conflict', 'conflict', 'conflict']);
    await expect(h.engine.signal({ taskId: id, name: 'nope', payload: null })).rejects.toMatchObject({ code: 'not_found' });
    await expect(h.engine.signal({ taskId: '00000000-0000-4000-8000-000000000000', name: 'approval', payload: null })).rejects.toMatchObject({ code: 'not_found' });
    await h.testDb.db.query(`UPDATE ${h.testDb.db.schema}.steps SET visible_at = now() WHERE task_id = $1`, [id]);
    const done = await waitForTask(h.engine, id);
    expect(done.status).toBe('complete');
    expect(done.steps[1].state).toBe('complete');
  });

  it('sleeps for a duration and until a time (one in the past completes at once)', async () => {
    await start();
    const past = await h.engine.submit({ namespace: 't', name: 'sleepy', context: { at: new Date(Date.now() - 1000).toISOString() } });
    const t0 = Date.now();
    const done = await waitForTask(h.engine, past.id);
    expect(done.status).toBe('complete');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect(Object.keys(done.steps[0].output as object)).toEqual(['slept_until']);
    const bad = await h.engine.submit({ namespace: 't', name: 'sleepy', context: { at: 'tomorrow-ish' } });
    const failed = await waitForTask(h.engine, bad.id);
    expect(failed.status).toBe('error');
    expect(failed.steps[1].error).toMatchObject({ code: 'invalid_until' });
  });

  it('times out a wait: on_timeout skip releases what follows, fail ends the step in error', async () => {
    await start();
    const { id } = await h.engine.submit({ namespace: 't', name: 'timeouts', context: {} });
    const done = await waitForTask(h.engine, id);
    expect(done.steps.map((s) => [s.name, s.state])).toEqual([
      ['skipped', 'skipped'],
      ['failed', 'error'],
      ['after_skip', 'skipped'],
    ]);
    expect(done.steps[1].error).toMatchObject({ code: 'wait_expired' });
    expect(done.status).toBe('error');
  });

  it('an operator can resolve a waiting step; its output goes downstream', async () => {
    await start();
    const { id } = await h.engine.submit({ namespace: 't', name: 'approval', context: {} });
    await waitForTask(h.engine, id, { until: (t) => t.steps[1].state === 'waiting' });
    await h.engine.resolveStep(id, 'approve', { approved: false }, 'ops');
    const done = await waitForTask(h.engine, id);
    expect(done.steps.map((s) => [s.name, s.state])).toEqual([
      ['submit', 'complete'],
      ['approve', 'resolved'],
      ['act', 'complete'],
    ]);
    expect(done.steps[2].output).toEqual({ approved: false });
    // The step no longer waits: a late signal is refused.
    await expect(h.engine.signal({ taskId: id, name: 'approval', payload: { approved: true } })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('cancelling a task ends its waiting steps at once', async () => {
    await start();
    const { id } = await h.engine.submit({ namespace: 't', name: 'payment', context: { order: 7 } });
    await waitForTask(h.engine, id, { until: (t) => t.steps[0].state === 'waiting' });
    await h.engine.cancel(id);
    const done = await h.engine.getTask(id);
    expect([done.status, done.steps[0].state]).toEqual(['cancelled', 'cancelled']);
    expect((await h.engine.sendEvent({ name: 'payment.received', key: '7', payload: {} })).delivered).toBe(0);
  });

  it('delivers an event to every step waiting for its name and key, and keeps one for a later waiter', async () => {
    await start();
    const a = await h.engine.submit({ namespace: 't', name: 'payment', context: { order: 1 } });
    const b = await h.engine.submit({ namespace: 't', name: 'payment', context: { order: 1 } });
    const other = await h.engine.submit({ namespace: 't', name: 'payment', context: { order: 2 } });
    for (const t of [a, b, other]) await waitForTask(h.engine, t.id, { until: (x) => x.steps[0].state === 'waiting' });
    const sent = await h.engine.sendEvent({ name: 'payment.received', key: '1', payload: { amount: 5 }, idempotencyKey: 'e1' });
    expect(sent).toMatchObject({ delivered: 2, kept: false, duplicate: false });
    expect((await h.engine.sendEvent({ name: 'payment.received', key: '1', payload: { amount: 5 }, idempotencyKey: 'e1' })).duplicate).toBe(true);
    for (const t of [a, b]) expect((await waitForTask(h.engine, t.id)).steps[0].output).toEqual({ amount: 5 });
    expect((await h.engine.getTask(other.id)).steps[0].state).toBe('waiting');
    expect(await h.engine.sendEvent({ name: 'payment.received', key: '3', payload: { early: true } })).toMatchObject({ delivered: 0, kept: true });
    const late = await h.engine.submit({ namespace: 't', name: 'payment', context: { order: 3 } });
    expect((await waitForTask(h.engine, late.id)).steps[0].output).toEqual({ early: true });
    await h.engine.cancel(other.id);
  });
});
