/**
 * Bulk cancel and retry by filter (`POST /v1/tasks/cancel|retry`) and the
 * dead-letter view (`GET /v1/failures`), asserted on rows, logs and counts.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { PermanentError } from '../../src/errors.js';
import { defineHandler } from '../../src/worker/types.js';
import { backends } from '../support/db.js';
import { startHarness, type Harness } from '../support/harness.js';
import { checkInvariants } from '../support/invariants.js';
import { until } from '../support/wait.js';
import { startApi, type ApiHarness } from './api-harness.js';

const ONE = (ns: string, name: string) => `{namespace: ${ns}, name: ${name}, version: "1", steps: [{name: a, handler: bk.a}]}`;
const CHAIN = (ns: string, name: string) =>
  `{namespace: ${ns}, name: ${name}, version: "1", steps: [{name: a, handler: bk.ok}, {name: b, handler: bk.flaky, depends_on: [a], retry: {max_attempts: 1}}, {name: c, handler: bk.ok, depends_on: [b]}]}`;

async function post(app: FastifyInstance, url: string, payload: unknown): Promise<{ status: number; body: any }> {
  const res = await app.inject({ method: 'POST', url, payload: payload as object });
  return { status: res.statusCode, body: res.json() };
}

async function statusCounts(h: Harness, namespace: string): Promise<Record<string, number>> {
  const { rows } = await h.engine.db.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM tasks WHERE namespace = $1 GROUP BY status', [namespace]);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

async function transitionCount(h: Harness): Promise<number> {
  const { rows } = await h.engine.db.query<{ n: number }>('SELECT count(*)::int AS n FROM transitions');
  return rows[0].n;
}

describe.each(backends)('bulk operations on %s', (backend) => {
  let api: ApiHarness | undefined;
  let h: Harness | undefined;
  afterEach(async () => {
    await api?.close();
    await h?.close();
    api = undefined;
    h = undefined;
  });

  it('a dry run counts what the run then changes, by template, tag, created range and limit, and changes nothing', async () => {
    api = await startApi(backend);
    const { engine } = api.h;
    await engine.registerTemplate(ONE('bk', 'one'));
    await engine.registerTemplate(ONE('bk', 'two'));
    await engine.submitMany([
      ...Array.from({ length: 30 }, (_, i) => ({ namespace: 'bk', name: 'one', tags: i % 2 === 0 ? ['even'] : ['odd'] })),
      ...Array.from({ length: 10 }, () => ({ namespace: 'bk', name: 'two', tags: ['even'] })),
    ]);
    const filter = { namespace: 'bk', name: 'one', tag: 'even', created_after: '2000-01-01T00:00:00Z', created_before: '2999-01-01T00:00:00Z' };
    const before = await transitionCount(api.h);

    const dry = await post(api.app, '/v1/tasks/cancel', { filter, dry_run: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dry_run: true, matched: 15, limit: 10_000, truncated: false });
    expect(dry.body.sample).toHaveLength(15);
    expect(dry.body.sample.every((t: { namespace: string; name: string }) => t.namespace === 'bk' && t.name === 'one')).toBe(true);
    expect(await transitionCount(api.h)).toBe(before);
    expect(await statusCounts(api.h, 'bk')).toEqual({ pending: 40 });

    const none = await post(api.app, '/v1/tasks/cancel', { filter: { ...filter, created_after: '2999-01-01T00:00:00Z' }, dry_run: true });
    expect(none.body).toMatchObject({ matched: 0, sample: [] });

    const first = await post(api.app, '/v1/tasks/cancel', { filter, limit: 10 });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ dry_run: false, matched: 15, changed: 10, skipped: 0, failed: [], failed_count: 0, batches: 1, truncated: true });
    const rest = await post(api.app, '/v1/tasks/cancel', { filter });
    expect(rest.body).toMatchObject({ matched: 5, changed: 5, skipped: 0, failed_count: 0, truncated: false });
    expect(await statusCounts(api.h, 'bk')).toEqual({ pending: 25, cancelled: 15 });
    const { rows } = await engine.db.query<{ n: number }>("SELECT count(*)::int AS n FROM tasks WHERE status = 'cancelled' AND NOT (name = 'one' AND tags @> ARRAY['even'])");
    expect(rows[0].n).toBe(0);
    const again = await post(api.app, '/v1/tasks/cancel', { filter, dry_run: true });
    expect(again.body.matched).toBe(0);
  });

  it('refuses bad input with 400 invalid_request and changes nothing', async () => {
    api = await startApi(backend);
    await api.h.engine.registerTemplate(ONE('bk', 'one'));
    await api.h.engine.submitMany(Array.from({ length: 5 }, () => ({ namespace: 'bk', name: 'one' })));
    const before = await transitionCount(api.h);
    const bad: [string, unknown, string][] = [
      ['/v1/tasks/cancel', { filter: { namespace: 'bk', colour: 'red' } }, 'filter.colour'],
      ['/v1/tasks/cancel', { filter: { created_after: 'yesterday' } }, 'filter.created_after'],
      ['/v1/tasks/retry', { filter: { created_before: '2024-13-45T00:00:00Z' } }, 'filter.created_before'],
      ['/v1/tasks/cancel', { filter: {}, limit: -1 }, 'limit'],
      ['/v1/tasks/cancel', { filter: {}, limit: 100_001 }, 'limit'],
      ['/v1/tasks/retry', { filter: {}, dryrun: true }, 'dryrun'],
      ['/v1/tasks/cancel', { filter: { status: ['complete'] } }, 'filter.status[0]'],
      ['/v1/tasks/retry', { filter: { status: ['cancelled'] } }, 'filter.status[0]'],
      ['/v1/tasks/cancel', { filter: { status: ['nope'] } }, 'filter.status[0]'],
      ['/v1/tasks/cancel', {}, 'filter'],
    ];
    for (const [url, payload, path] of bad) {
      const { status, body } = await post(api.app, url, payload);
      expect(status, JSON.stringify(payload)).toBe(400);
      expect(body.error.code).toBe('invalid_request');
      expect(body.error.details.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect(await transitionCount(api.h)).toBe(before);
    expect(await statusCounts(api.h, 'bk')).toEqual({ pending: 5 });
    const query = await api.app.inject({ method: 'GET', url: '/v1/failures?nope=1' });
    expect(query.statusCode).toBe(400);
  });

  it('retrying 200 failed tasks re-runs exactly their error steps, once each, and they complete', async () => {
    let fixed = false;
    h = await startHarness(backend, {
      http: true,
      handlers: [
        defineHandler('bk.ok', () => ({ ok: true })),
        defineHandler('bk.flaky', () => {
          if (!fixed) throw new PermanentError('upstream said no', { code: 'rate_limited' });
          return { ok: true };
        }),
      ],
    });
    const app = h.runtime.app!;
    await app.ready();
    await h.engine.registerTemplate(CHAIN('bk', 'flow'));
    await h.engine.registerTemplate(CHAIN('bk', 'other'));
    await h.engine.submitMany(Array.from({ length: 200 }, () => ({ namespace: 'bk', name: 'flow' })));
    await h.engine.submitMany(Array.from({ length: 10 }, () => ({ namespace: 'bk', name: 'other' })));
    const harness = h;
    await until(async () => (await statusCounts(harness, 'bk')).error === 210, 60_000, 'every task to end in error');

    const failures = await app.inject({ method: 'GET', url: '/v1/failures?namespace=bk' });
    expect(failures.statusCode).toBe(200);
    const groups = failures.json().groups as { name: string; step: string; error_code: string; tasks: number; first_seen: string; last_seen: string; last_message: string }[];
    expect(groups.map((g) => [g.name, g.step, g.error_code, g.tasks])).toEqual([
      ['flow', 'b', 'rate_limited', 200],
      ['other', 'b', 'rate_limited', 10],
    ]);
    expect(Date.parse(groups[0].first_seen)).toBeLessThanOrEqual(Date.parse(groups[0].last_seen));
    expect(groups[0].last_message).toBe('upstream said no');

    const filter = { status: ['error'], namespace: 'bk', name: 'flow', error_code: 'rate_limited' };
    const dry = await post(app, '/v1/tasks/retry', { filter, dry_run: true });
    expect(dry.body).toMatchObject({ matched: 200, truncated: false });
    expect(dry.body.sample).toHaveLength(20);
    const mark = (await h.engine.db.query<{ id: number }>('SELECT coalesce(max(id), 0)::int AS id FROM transitions')).rows[0].id;

    fixed = true;
    const run = await post(app, '/v1/tasks/retry', { filter });
    expect(run.status).toBe(200);
    expect(run.body).toEqual({ dry_run: false, matched: 200, changed: 200, skipped: 0, failed: [], failed_count: 0, batches: 1, truncated: false });
    await until(async () => (await statusCounts(harness, 'bk')).complete === 200, 60_000, 'the retried tasks to complete');
    expect(await statusCounts(h, 'bk')).toEqual({ complete: 200, error: 10 });

    const { rows } = await h.engine.db.query<{ name: string; step_name: string; from_state: string; to_state: string; n: number }>(
      `SELECT t.name, tr.step_name, tr.from_state, tr.to_state, count(*)::int AS n
       FROM transitions tr JOIN tasks t ON t.id = tr.task_id
       WHERE tr.id > $1 AND tr.step_name IS NOT NULL AND tr.kind = 'transition'
       GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
      [mark],
    );
    const moves = rows.map((r) => `${r.name} ${r.step_name} ${r.from_state}->${r.to_state} ${r.n}`);
    // Only flow's b is retried (error -> ready once per task), then runs; c, which it blocked, reopens and runs; a never moves.
    expect(moves).toEqual(
      [
        'flow b error->ready 200',
        'flow b ready->running 200',
        'flow b running->complete 200',
        'flow c pending->ready 200',
        'flow c ready->running 200',
        'flow c running->complete 200',
        'flow c skipped->pending 200',
      ].sort(),
    );
    const tasks = await h.engine.db.query<{ from_state: string; to_state: string; n: number }>(
      `SELECT from_state, to_state, count(*)::int AS n FROM transitions WHERE id > $1 AND step_name IS NULL AND kind = 'transition' GROUP BY 1, 2 ORDER BY 1, 2`,
      [mark],
    );
    expect(tasks.rows.map((r) => `${r.from_state}->${r.to_state} ${r.n}`)).toEqual(['error->running 200', 'running->complete 200']);
    // Each retried task finalized twice (error, then complete) with the operator's reopening between: I2 allows exactly that.
    expect(await checkInvariants(h.engine.db, { reaperSlackMs: 5000 })).toEqual({});
    const after = await post(app, '/v1/tasks/retry', { filter, dry_run: true });
    expect(after.body.matched).toBe(0);
  });

  it('a bulk cancel racing completions leaves every task in exactly one terminal state', async () => {
    h = await startHarness(backend, {
      http: true,
      handlers: [defineHandler('bk.a', async () => new Promise((resolve) => setTimeout(() => resolve({ ok: true }), 25)))],
    });
    const app = h.runtime.app!;
    await app.ready();
    await h.engine.registerTemplate(ONE('bk', 'race'));
    await h.engine.submitMany(Array.from({ length: 300 }, () => ({ namespace: 'bk', name: 'race' })));
    const harness = h;
    // Let completions start, then cancel while the workers keep completing.
    await until(async () => ((await statusCounts(harness, 'bk')).complete ?? 0) > 0, 30_000, 'a first completion');
    const run = await post(app, '/v1/tasks/cancel', { filter: { namespace: 'bk', name: 'race' } });
    expect(run.status).toBe(200);
    await until(async () => Object.keys(await statusCounts(harness, 'bk')).every((s) => s === 'complete' || s === 'cancelled'), 30_000, 'every task to end');
    const counts = await statusCounts(h, 'bk');
    expect((counts.complete ?? 0) + (counts.cancelled ?? 0)).toBe(300);
    expect(counts.cancelled ?? 0).toBe(run.body.changed);
    expect(run.body.failed_count).toBe(0);
    expect(run.body.changed).toBeGreaterThan(0);
    expect(run.body.changed + run.body.skipped).toBeLessThanOrEqual(run.body.matched);
    expect(await checkInvariants(h.engine.db, { reaperSlackMs: 5000 })).toEqual({});
  });
});
