import { afterEach, describe, expect, it } from 'vitest';
import { defineHandler } from '../../src/worker/types.js';
import { backends } from '../support/db.js';
import { startHarness, waitForTask, type Harness } from '../support/harness.js';
import { checkInvariants } from '../support/invariants.js';

const LIMITED = `
namespace: r
name: limited
version: "1"
steps:
  - name: call
    handler: r.call
    rate_limit: { name: stripe, key: "\${context.account}" }
`;

describe.each(backends)('rate limits on %s', (backend) => {
  let h: Harness;
  afterEach(async () => {
    if (!h) return;
    expect(await checkInvariants(h.testDb.db, { reaperSlackMs: 5000 })).toEqual({});
    await h.close();
  });

  it('never starts more than the limit in any window, per key, and runs everything in the end', async () => {
    h = await startHarness(backend, { handlers: [defineHandler('r.call', () => ({ ok: true }))], config: (c) => (c.worker.concurrency = 10) });
    await h.engine.setRateLimit('stripe', 4, '1s');
    await h.engine.registerTemplate(LIMITED);
    const started = Date.now();
    const tasks = await h.engine.submitMany(Array.from({ length: 12 }, (_, i) => ({ namespace: 'r', name: 'limited', context: { account: i < 10 ? 'a' : 'b' } })));
    for (const t of tasks) expect((await waitForTask(h.engine, t.id)).status).toBe('complete');
    // 10 starts on key a at 4 a second take more than 2 seconds; key b's 2 are not held back by a.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    const { rows } = await h.testDb.db.query<{ key: string; at: Date }>(
      `SELECT s.rate_limit_key AS key, t.at FROM ${h.testDb.db.schema}.transitions t JOIN ${h.testDb.db.schema}.steps s ON s.task_id = t.task_id AND s.name = t.step_name
       WHERE t.to_state = 'running' ORDER BY t.at`,
    );
    for (const key of ['a', 'b']) {
      const starts = rows.filter((r) => r.key === key).map((r) => r.at.getTime());
      for (let i = 0; i < starts.length; i++) expect(starts.filter((t) => t >= starts[i] && t < starts[i] + 1000).length).toBeLessThanOrEqual(4);
    }
    expect(rows.filter((r) => r.key === 'b')).toHaveLength(2);
  });

  it('wakes an idle worker when a full window has room, not while it is full', async () => {
    h = await startHarness(backend, { handlers: [] });
    await h.engine.setRateLimit('stripe', 1, '1m');
    await h.engine.registerTemplate(LIMITED);
    await h.engine.submitMany([0, 1].map(() => ({ namespace: 'r', name: 'limited', context: { account: 'a' } })));
    const [first] = await h.engine.claim({ workerId: 'w', handlers: ['r.call'], labels: {}, limit: 2, leaseMs: 60_000 });
    expect(first).toBeDefined();
    // The second step is visible but its window is full for a minute: answering "now" made the idle worker poll every 5 ms.
    const next = await h.engine.nextVisibleAt(['r.call'], {});
    expect(next!.getTime()).toBeGreaterThan(Date.now() + 50_000);
    expect(await h.engine.claim({ workerId: 'w', handlers: ['r.call'], labels: {}, limit: 2, leaseMs: 60_000 })).toEqual([]);
    expect(await h.engine.complete(first.execution_id, first.lease_id, { ok: true })).toBe('ok');
  });

  it('declares the limits named in the configuration at start-up, and the gauges show their use', async () => {
    h = await startHarness(backend, {
      handlers: [defineHandler('r.call', () => ({ ok: true }))],
      config: (c) => (c.orchestrator.rateLimits = 'stripe=7/1s, mail=2/1m'),
      metrics: true,
    });
    expect((await h.engine.listRateLimits()).map((l) => [l.name, l.limit, l.per_ms])).toEqual([
      ['mail', 2, 60_000],
      ['stripe', 7, 1000],
    ]);
    expect((await h.engine.registerTemplate(LIMITED)).created).toBe(true);
    const { id } = await h.engine.submit({ namespace: 'r', name: 'limited', context: { account: 'a' } });
    await waitForTask(h.engine, id);
    const scraped = await h.runtime.metrics!.registry.metrics();
    expect(scraped).toMatch(/^baton_rate_limit_used\{name="stripe"\} 1$/m);
    expect(scraped).toMatch(/^baton_rate_limit_delayed_steps\{name="stripe"\} 0$/m);
  });

  it('refuses a template naming an undeclared limit, and a bad limit', async () => {
    h = await startHarness(backend, { handlers: [defineHandler('r.call', () => ({ ok: true }))] });
    await expect(h.engine.registerTemplate(LIMITED)).rejects.toMatchObject({ code: 'invalid_template', message: expect.stringContaining('"stripe" is not declared') });
    await expect(h.engine.setRateLimit('stripe', 4, 'soon')).rejects.toMatchObject({ code: 'invalid_request' });
    expect(await h.engine.listRateLimits()).toEqual([]);
    await h.engine.setRateLimit('stripe', 4, '1m');
    expect((await h.engine.listRateLimits()).map((l) => [l.name, l.limit, l.per_ms])).toEqual([['stripe', 4, 60_000]]);
  });
});
