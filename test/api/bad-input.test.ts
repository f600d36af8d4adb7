import type { InjectOptions } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { backends } from '../support/db.js';
import { ONE_STEP_YAML, startApi, type ApiHarness } from './api-harness.js';

/**
 * Bad input the existing API tests leave out: impossible dates, NUL characters
 * in every kind of body, page sizes and unknown sort or filter fields on every
 * list endpoint. Each is answered with 400 naming the field, quickly, and
 * nothing is stored.
 */

const TABLES = ['templates', 'tasks', 'steps', 'step_edges', 'transitions', 'workers'] as const;

async function rowCounts(api: ApiHarness): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const { rows } = await api.h.engine.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    counts[table] = rows[0].n;
  }
  return counts;
}

/** Sends `req`, expects 400 naming `field` in the message and in details, within a second. */
async function expectNamed(api: ApiHarness, req: InjectOptions & { url: string }, field: string, what = `${req.method} ${req.url} (${field})`): Promise<void> {
  const started = performance.now();
  const { res, body } = await api.call(req);
  const ms = performance.now() - started;
  expect(res.statusCode, `${what}: ${res.body}`).toBe(400);
  expect(body.error.code, what).toBe('invalid_request');
  expect(body.error.message, what).toContain(field);
  const paths: string[] = body.error.details.errors.map((e: { path: string }) => e.path);
  expect(
    paths.some((p) => p.includes(field)),
    `${what}: paths ${JSON.stringify(paths)}`,
  ).toBe(true);
  expect(ms, what).toBeLessThan(1000);
}

describe.each(backends)('bad input on %s', (backend) => {
  let api: ApiHarness;
  afterEach(async () => api?.close());

  /** The API with the one-step template `t/one`, one task of it, and its step claimed by a registered worker. */
  async function seeded(): Promise<{ taskId: string; workerId: string; executionId: string; leaseId: string }> {
    api = await startApi(backend);
    await api.call({ method: 'POST', url: '/v1/templates', headers: { 'content-type': 'application/yaml' }, payload: ONE_STEP_YAML });
    const taskId = (await api.call({ method: 'POST', url: '/v1/tasks', payload: { namespace: 't', name: 'one' } })).body.id as string;
    const workerId = (await api.call({ method: 'POST', url: '/v1/workers', payload: { name: 'w', handlers: ['x'] } })).body.id as string;
    const claimed = await api.call({ method: 'POST', url: `/v1/workers/${workerId}/claim`, payload: { max: 1 } });
    const [execution] = claimed.body.executions;
    return { taskId, workerId, executionId: String(execution.execution_id), leaseId: execution.lease_id };
  }

  it('refuses impossible and malformed run_at dates, naming run_at, storing nothing', async () => {
    await seeded();
    const before = await rowCounts(api);
    const dates: unknown[] = [
      'yesterday',
      'tomorrow',
      '2026-13-45',
      '2026-13-01T00:00:00Z',
      '2026-02-30T00:00:00Z',
      '2026-02-29T12:00:00Z', // 2026 is not a leap year
      '2026-04-31T00:00:00Z',
      '2026-01-01T24:00:01Z',
      '2026-01-01T12:60:00Z',
      '2026-01-01T12:00:00+25:00',
      '2026-01-01T12:00:00+99:99',
      '2026-01-01T12:00:00', // no offset: whose clock?
      '2026-01-01',
      '0000-01-01T00:00:00Z', // no year 0 in PostgreSQL
      '+275760-09-13T00:00:00Z',
      '10000-01-01T00:00:00Z',
      '',
      ' 2026-01-01T00:00:00Z',
      1767225600000,
      null,
      { at: 'now' },
    ];
    for (const runAt of dates) {
      const what = `run_at ${JSON.stringify(runAt)}`;
      await expectNamed(api, { method: 'POST', url: '/v1/tasks', payload: { namespace: 't', name: 'one', run_at: runAt } }, 'run_at', what);
      await expectNamed(
        api,
        {
          method: 'POST',
          url: '/v1/tasks/batch',
          payload: {
            tasks: [
              { namespace: 't', name: 'one' },
              { namespace: 't', name: 'one', run_at: runAt },
            ],
          },
        },
        'tasks[1].run_at',
        `batch ${what}`,
      );
    }
    expect(await rowCounts(api)).toEqual(before);
  });

  it('refuses NUL characters in every body the API stores, naming the field, storing nothing', async () => {
    const { taskId, workerId, executionId, leaseId } = await seeded();
    const before = await rowCounts(api);
    const beforeTask = (await api.call({ method: 'GET', url: `/v1/tasks/${taskId}` })).body.task;
    const nul = 'a\u0000b';
    const cases: [InjectOptions & { url: string }, string][] = [
      [{ method: 'POST', url: '/v1/tasks', payload: { namespace: nul, name: 'one' } }, 'namespace'],
      [{ method: 'POST', url: '/v1/tasks', payload: { namespace: 't', name: 'one', tags: ['ok', nul] } }, 'tags[1]'],
      [{ method: 'POST', url: '/v1/tasks', payload: { namespace: 't', name: 'one', context: { deep: [{ [nul]: 1 }] } } }, 'context.deep[0]'],
      [
        {
          method: 'POST',
          url: '/v1/tasks/batch',
          payload: {
            tasks: [
              { namespace: 't', name: 'one' },
              { namespace: 't', name: 'one', context: { s: nul } },
            ],
          },
        },
        'tasks[1].context.s',
      ],
      [{ method: 'POST', url: '/v1/templates', payload: { namespace: 't', name: 'nul', version: '1', steps: [{ name: 'a', handler: nul }] } }, 'steps[0].handler'],
      [{ method: 'POST', url: '/v1/workers', payload: { name: nul, handlers: ['x'] } }, 'name'],
      [{ method: 'POST', url: '/v1/workers', payload: { name: 'w2', handlers: ['x'], labels: { [nul]: 'v' } } }, 'labels'],
      [{ method: 'POST', url: `/v1/workers/${workerId}/heartbeat`, payload: { last_error: nul } }, 'last_error'],
      [{ method: 'POST', url: `/v1/executions/${executionId}/complete`, payload: { lease_id: leaseId, output: { s: nul } } }, 'output.s'],
      [{ method: 'POST', url: `/v1/executions/${executionId}/fail`, payload: { lease_id: leaseId, error: { message: nul } } }, 'error.message'],
      [{ method: 'POST', url: `/v1/executions/${executionId}/progress`, payload: { lease_id: leaseId, data: [nul] } }, 'data[0]'],
      [{ method: 'POST', url: `/v1/executions/${executionId}/checkpoint`, payload: { lease_id: leaseId, data: { k: nul } } }, 'data.k'],
      [{ method: 'POST', url: '/v1/executions/complete', payload: { items: [{ execution_id: executionId, lease_id: leaseId, output: nul }] } }, 'items[0].output'],
      [{ method: 'POST', url: `/v1/tasks/${taskId}/steps/a/resolve`, payload: { output: { [nul]: true } } }, 'output'],
      [{ method: 'GET', url: `/v1/tasks/${taskId}/events?last_event_id=%00` }, 'last_event_id'],
      [{ method: 'GET', url: '/v1/workers/%00' }, 'id'],
    ];
    for (const [req, field] of cases) await expectNamed(api, req, field);
    expect(await rowCounts(api)).toEqual(before);
    // The claimed step is untouched: still running under its lease, no output, no progress.
    const task = (await api.call({ method: 'GET', url: `/v1/tasks/${taskId}` })).body.task;
    expect(task).toEqual(beforeTask);
    expect(task.steps[0].state).toBe('running');
  });

  it('refuses out-of-range page sizes and event ids on every list endpoint', async () => {
    await seeded();
    const before = await rowCounts(api);
    for (const limit of ['0', '-1', '501', '99999999999', '1e2', '1.5', '0x10', ' 5', '', 'ten']) {
      await expectNamed(api, { method: 'GET', url: `/v1/tasks?limit=${encodeURIComponent(limit)}` }, 'limit', `tasks limit=${JSON.stringify(limit)}`);
    }
    await expectNamed(api, { method: 'GET', url: '/v1/tasks?limit=1&limit=2' }, 'limit', 'a repeated limit');
    await expectNamed(api, { method: 'GET', url: '/v1/tasks?status=running&status=complete' }, 'status', 'a repeated status');
    // Lists that take no page size say so rather than ignoring it.
    for (const url of ['/v1/templates', '/v1/workers']) {
      for (const query of ['limit=10', 'page=2', 'per_page=1000', 'offset=5']) {
        await expectNamed(api, { method: 'GET', url: `${url}?${query}` }, query.split('=')[0]);
      }
    }
    for (const [url, field] of [
      ['/v1/events?since=-1', 'since'],
      ['/v1/events?since=1e3', 'since'],
      ['/v1/events?last_event_id=9999999999999999', 'last_event_id'],
      ['/v1/events?since=abc', 'since'],
    ]) {
      await expectNamed(api, { method: 'GET', url }, field);
    }
    expect(await rowCounts(api)).toEqual(before);
  });

  it('refuses unknown sort and filter fields on every list and show endpoint (allow-lists)', async () => {
    const { taskId, workerId } = await seeded();
    const before = await rowCounts(api);
    const endpoints = [
      '/v1/tasks',
      `/v1/tasks/${taskId}`,
      `/v1/tasks/${taskId}/events`,
      '/v1/events',
      '/v1/templates',
      '/v1/templates/t/one',
      '/v1/templates/t/one/1',
      '/v1/workers',
      `/v1/workers/${workerId}`,
    ];
    for (const url of endpoints) {
      for (const query of ['sort=created_at', 'order=desc', 'orderBy=id', 'fields=context', 'filter=status:running', 'state=running', 'id=1']) {
        await expectNamed(api, { method: 'GET', url: `${url}?${query}` }, query.split('=')[0]);
      }
      // Bracketed keys are plain unknown keys, not nested filters.
      await expectNamed(api, { method: 'GET', url: `${url}?where[status]=running` }, 'where[status]');
    }
    // A known filter with an unknown value is named too.
    await expectNamed(api, { method: 'GET', url: '/v1/tasks?status=finished' }, 'status');
    expect(await rowCounts(api)).toEqual(before);
  });
});
