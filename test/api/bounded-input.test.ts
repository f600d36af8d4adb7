import { afterEach, describe, expect, it } from 'vitest';
import { backends } from '../support/db.js';
import { startApi, type ApiHarness } from './api-harness.js';

describe.each(backends)('bounded input on %s', (backend) => {
  let api: ApiHarness;
  afterEach(async () => api?.close());

  const steps = (n: number, cyclic: boolean) =>
    Array.from({ length: n }, (_, i) => ({
      name: `s${i}`,
      handler: 'h',
      depends_on: i > 0 ? [`s${i - 1}`] : cyclic ? [`s${n - 1}`] : [],
    }));

  it.each([
    ['10,001 steps', steps(10_001, false)],
    ['a 10,001-step cycle', steps(10_001, true)],
  ])('refuses a template with %s with 400 naming the cap, storing nothing', async (_label, list) => {
    api = await startApi(backend, (c) => {
      c.server.bodyLimitBytes = 10_000_000;
    });
    const { res, body } = await api.call({ method: 'POST', url: '/v1/templates', payload: { namespace: 'big', name: 'big', version: '1', steps: list } });
    expect(res.statusCode).toBe(400);
    expect(body.error.code).toBe('invalid_template');
    expect(body.error.message).toContain('at most 10000 steps (found 10001); raise the cap with templates.max_steps');
    const { rows } = await api.h.engine.db.query<{ n: number }>('SELECT count(*)::int AS n FROM templates');
    expect(rows[0].n).toBe(0);
  });

  it('lists every problem of a 10,000-step template in one 400, storing nothing', async () => {
    api = await startApi(backend, (c) => {
      c.server.bodyLimitBytes = 10_000_000;
    });
    const list: Record<string, unknown>[] = steps(10_000, false);
    list[10] = { ...list[10], handler: '' };
    list[5_000] = { ...list[5_000], params: { x: '${steps.s6000.out}' } };
    list[9_999] = { ...list[9_999], depends_on: ['s9998', 'nope'] };
    const { res, body } = await api.call({ method: 'POST', url: '/v1/templates', payload: { namespace: 'big', name: 'big', version: '1', steps: list } });
    expect(res.statusCode).toBe(400);
    expect(body.error.code).toBe('invalid_template');
    expect(body.error.details.issues.map((i: { path: string }) => i.path)).toEqual(['steps[10].handler', 'steps[5000].params.x', 'steps[9999].depends_on[1]']);
    const { rows } = await api.h.engine.db.query<{ n: number }>('SELECT count(*)::int AS n FROM templates');
    expect(rows[0].n).toBe(0);
  });

  it('refuses JSON nested 10,000 deep with 400, storing nothing', async () => {
    api = await startApi(backend, (c) => {
      c.server.bodyLimitBytes = 10_000_000;
    });
    await api.h.engine.registerTemplate('{namespace: n, name: deep, version: "1", steps: [{name: s, handler: h}]}');
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const { res, body } = await api.call({
      method: 'POST',
      url: '/v1/tasks',
      headers: { 'content-type': 'application/json' },
      payload: `{"namespace":"n","name":"deep","context":{"x":${deep}}}`,
    });
    expect(res.statusCode).toBe(400);
    expect(['invalid_json', 'invalid_request', 'invalid_context']).toContain(body.error.code);
    const { rows } = await api.h.engine.db.query<{ n: number }>('SELECT count(*)::int AS n FROM tasks');
    expect(rows[0].n).toBe(0);
  });
});
