import { afterEach, describe, expect, it } from 'vitest';
import { PermanentError } from '../../src/errors.js';
import { countTasksByStatus } from '../../src/store/overview-stats.js';
import { defineHandler } from '../../src/worker/types.js';
import { backends } from '../support/db.js';
import { startHarness, waitForTask, type Harness } from '../support/harness.js';
import { testLogger } from '../support/logger.js';
import { buildTestServer } from '../support/server.js';
import { responseChecker } from '../support/openapi-check.js';

/** Every answer here must match the OpenAPI document. */
const checker = responseChecker();

/** Two steps; `b` fails for good when the context asks for it. */
const MIX = `
namespace: st
name: mix
version: "1"
steps:
  - { name: a, handler: st.ok }
  - { name: b, handler: st.maybe, depends_on: [a] }
`;

/** One step whose handler no worker here runs: it stays in the ready backlog. */
const STUCK = `
namespace: st
name: stuck
version: "1"
steps:
  - { name: only, handler: st.nobody }
`;

describe.each(backends)('GET /v1/stats on %s', (backend) => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  async function start(): Promise<void> {
    h = await startHarness(backend, {
      http: true,
      handlers: [
        defineHandler('st.ok', () => ({ ok: true })),
        defineHandler('st.maybe', (ctx) => {
          if ((ctx.task.context as { fail?: boolean }).fail) throw new PermanentError('refused by the test', { code: 'refused' });
          return { ok: true };
        }),
      ],
    });
    await h.engine.registerTemplate(MIX);
    await h.engine.registerTemplate(STUCK);
  }

  const get = async (url: string) => {
    const res = await h.runtime.app!.inject({ method: 'GET', url });
    checker.check('GET', url, res);
    return { status: res.statusCode, body: res.json() };
  };

  it('counts completed and errored steps, failed tasks by template, the ready backlog and tasks by status', async () => {
    await start();
    const ok = await Promise.all([0, 1, 2].map(() => h.engine.submit({ namespace: 'st', name: 'mix', context: {} })));
    const failing = await Promise.all([0, 1].map(() => h.engine.submit({ namespace: 'st', name: 'mix', context: { fail: true } })));
    for (const t of ok) expect((await waitForTask(h.engine, t.id)).status).toBe('complete');
    for (const t of failing) expect((await waitForTask(h.engine, t.id)).status).toBe('error');
    await h.engine.submitMany(Array.from({ length: 4 }, () => ({ namespace: 'st', name: 'stuck', context: {} })));

    const { status, body } = await get('/v1/stats');
    expect(status).toBe(200);
    expect(body.window).toBe('1h');
    expect(body.window_seconds).toBe(3600);
    // 3 tasks x 2 steps + 2 tasks x step a; 2 steps b in error.
    expect(body.throughput.completed).toBe(8);
    expect(body.throughput.errors).toBe(2);
    expect(body.throughput.bucket_seconds).toBe(60);
    expect(body.throughput.buckets).toHaveLength(60);
    expect(body.throughput.buckets.reduce((n: number, b: { completed: number }) => n + b.completed, 0)).toBe(8);
    // Completions of the last 60 s, per second: at most all 8 of them (a slow machine may have taken longer).
    expect(Number.isInteger(Math.round(body.throughput.current_per_second * 60 * 1e6) / 1e6)).toBe(true);
    expect(body.throughput.current_per_second).toBeLessThanOrEqual(8 / 60 + 1e-9);
    expect(body.throughput.per_second).toBeCloseTo(8 / 3600, 6);
    const starts = body.throughput.buckets.map((b: { start: string }) => Date.parse(b.start));
    expect(starts.every((t: number, i: number) => i === 0 || t - starts[i - 1] === 60_000)).toBe(true);

    expect(body.ready).toMatchObject({ total: 4, by_handler: [{ handler: 'st.nobody', count: 4 }], other: 0 });
    expect(body.errors_by_template).toEqual([{ namespace: 'st', name: 'mix', step_errors: 2, failed_tasks: 2 }]);

    expect(body.latency.samples).toBe(8);
    expect(body.latency.sample_limit).toBe(10_000);
    for (const field of ['p50_ms', 'p99_ms', 'run_p50_ms', 'run_p99_ms']) expect(body.latency[field], field).toBeGreaterThanOrEqual(0);
    expect(body.latency.p50_ms).toBeLessThanOrEqual(body.latency.p99_ms);
    expect(body.latency.run_p50_ms).toBeLessThanOrEqual(body.latency.run_p99_ms);
    // The last attempt's run is part of its ready-to-complete time.
    expect(body.latency.run_p99_ms).toBeLessThanOrEqual(body.latency.p99_ms);

    const byStatus = Object.fromEntries(body.tasks_by_status.map((s: { status: string; count: number }) => [s.status, s.count]));
    expect(byStatus).toMatchObject({ complete: 3, error: 2, pending: 4, running: 0, cancelled: 0 });
    expect(body.tasks_by_status.every((s: { capped: boolean }) => !s.capped)).toBe(true);
    expect(body.task_count_cap).toBe(10_000);
    // The task list's own route answers the same counts, alone.
    const counts = await get('/v1/tasks/counts');
    expect(counts.status).toBe(200);
    expect(counts.body).toEqual({ tasks_by_status: body.tasks_by_status, task_count_cap: 10_000 });

    // A second read counts only the newest buckets and keeps the settled ones: the same numbers.
    const again = await get('/v1/stats');
    expect(again.body.throughput.completed).toBe(8);
    expect(again.body.throughput.errors).toBe(2);

    // Another server on the same database, which ran none of the work and kept nothing, answers the same.
    const other = await buildTestServer({ engine: h.engine, config: h.runtime.config, logger: testLogger });
    try {
      const res = await other.inject({ method: 'GET', url: '/v1/stats' });
      checker.check('GET', '/v1/stats', res);
      const seen = res.json();
      expect(seen.throughput).toMatchObject({ completed: 8, errors: 2 });
      expect(seen.ready).toMatchObject({ total: body.ready.total, by_handler: body.ready.by_handler, other: 0 });
      expect(seen.errors_by_template).toEqual(body.errors_by_template);
      expect(seen.tasks_by_status).toEqual(body.tasks_by_status);
    } finally {
      await other.close();
    }
  });

  it('answers for a shorter window with finer buckets, and an empty window with null percentiles', async () => {
    await start();
    const { status, body } = await get('/v1/stats?window=5m');
    expect(status).toBe(200);
    expect(body).toMatchObject({ window: '5m', window_seconds: 300, throughput: { bucket_seconds: 5, completed: 0, errors: 0 } });
    expect(body.throughput.buckets).toHaveLength(60);
    expect(body.latency).toMatchObject({ samples: 0, p50_ms: null, p99_ms: null });
    expect(body.ready).toMatchObject({ total: 0, by_handler: [], other: 0 });
    expect(body.errors_by_template).toEqual([]);
  });

  it('refuses an unknown window or parameter, naming it', async () => {
    await start();
    const bad = await get('/v1/stats?window=2d');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
    expect(bad.body.error.details.errors[0].path).toBe('window');
    expect((await get('/v1/stats?since=1')).status).toBe(400);
  });

  it('stops counting a status at the cap and says so', async () => {
    await start();
    await h.engine.submitMany(Array.from({ length: 3 }, () => ({ namespace: 'st', name: 'stuck', context: {} })));
    const counts = await countTasksByStatus(h.testDb.db, ['pending', 'complete'], 2);
    expect(counts).toEqual([
      { status: 'pending', count: 2, capped: true },
      { status: 'complete', count: 0, capped: false },
    ]);
  });
});

describe.each(backends)('GET /v1/tasks?id_prefix on %s', (backend) => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('finds tasks by the start of their id (dashes and case ignored) and by a whole id, and refuses what is not hex', async () => {
    h = await startHarness(backend, { http: true });
    await h.engine.registerTemplate(STUCK);
    const tasks = await h.engine.submitMany(Array.from({ length: 5 }, () => ({ namespace: 'st', name: 'stuck', context: {} })));
    const target = tasks[2].id;
    const list = async (query: string) => {
      const res = await h.runtime.app!.inject({ method: 'GET', url: `/v1/tasks?${query}` });
      checker.check('GET', `/v1/tasks?${query}`, res);
      return { status: res.statusCode, body: res.json() };
    };

    const whole = await list(`id_prefix=${target}`);
    expect(whole.status).toBe(200);
    expect(whole.body.tasks.map((t: { id: string }) => t.id)).toEqual([target]);

    const prefix = target.slice(0, 13).toUpperCase();
    const some = await list(`id_prefix=${prefix}`);
    const expected = tasks.filter((t) => t.id.startsWith(target.slice(0, 13))).map((t) => t.id);
    expect(some.body.tasks.map((t: { id: string }) => t.id).sort()).toEqual(expected.sort());
    expect(some.body.tasks.map((t: { id: string }) => t.id)).toContain(target);

    expect((await list('id_prefix=ffffffff-ffff-ffff-ffff-fffffffffff0')).body.tasks).toEqual([]);
    const bad = await list('id_prefix=not-an-id');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors).toEqual([{ path: 'id_prefix', message: 'must be the start of a task id: 1 to 32 hex digits (dashes are ignored)' }]);
  });
});
