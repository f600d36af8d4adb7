import { afterEach, describe, expect, it } from 'vitest';
import { createAdmission } from '../../src/core/admission.js';
import { isBatonError } from '../../src/errors.js';
import { backends } from '../support/db.js';
import { ONE_STEP_YAML, startApi, type ApiHarness } from './api-harness.js';

const countTasks = async (api: ApiHarness) => (await api.h.testDb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM tasks')).rows[0].n;

const submit = { method: 'POST' as const, url: '/v1/tasks', payload: { namespace: 't', name: 'one' } };
const batch = {
  method: 'POST' as const,
  url: '/v1/tasks/batch',
  payload: {
    tasks: [
      { namespace: 't', name: 'one' },
      { namespace: 't', name: 'one' },
    ],
  },
};

describe.each(backends)('admission control on %s', (backend) => {
  let api: ApiHarness;
  afterEach(async () => api?.close());

  it('refuses submissions past a tiny backlog limit with 429 overloaded and Retry-After, and creates nothing', async () => {
    api = await startApi(backend, (c) => (c.orchestrator.admissionLimit = 2));
    await api.h.engine.registerTemplate(ONE_STEP_YAML);
    // Under the limit (backlog 0, then 1, then 2): admitted.
    for (let i = 0; i < 2; i++) expect((await api.call(submit)).res.statusCode).toBe(202);
    await api.h.engine.submit({ namespace: 't', name: 'one' });
    expect(await countTasks(api)).toBe(3);

    // The count is cached for about a second: wait it out so this request sees the backlog of 3.
    await new Promise((r) => setTimeout(r, 1100));
    const refused = await api.call(submit);
    expect(refused.res.statusCode).toBe(429);
    expect(refused.res.headers['retry-after']).toMatch(/^[1-9][0-9]*$/);
    expect(refused.body.error).toMatchObject({ code: 'overloaded', details: { ready_backlog: 3, limit: 2 } });
    const refusedBatch = await api.call(batch);
    expect(refusedBatch.res.statusCode).toBe(429);
    expect(refusedBatch.body.error.code).toBe('overloaded');
    expect(await countTasks(api)).toBe(3);
    const steps = await api.h.testDb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM steps');
    expect(steps.rows[0].n).toBe(3);

    // Readiness says the queue is backed up.
    const ready = await api.call({ method: 'GET', url: '/health/ready' });
    expect(ready.res.statusCode).toBe(503);
    expect(ready.body.checks.backlog).toEqual({ ok: false, value: 3, limit: 2 });
  });

  it('admits everything when the limit is 0', async () => {
    api = await startApi(backend);
    await api.h.engine.registerTemplate(ONE_STEP_YAML);
    for (let i = 0; i < 3; i++) expect((await api.call(submit)).res.statusCode).toBe(202);
    expect((await api.call(batch)).res.statusCode).toBe(202);
    expect(await countTasks(api)).toBe(5);
  });

  it('reads the backlog once per cache period, whatever the number of submissions', async () => {
    api = await startApi(backend);
    await api.h.engine.registerTemplate(ONE_STEP_YAML);
    await api.h.engine.submit({ namespace: 't', name: 'one' });
    let clock = 0;
    let queries = 0;
    const db = api.h.testDb.db;
    const counting = { query: (sql: string, params?: unknown[]) => (queries++, db.query(sql, params)) } as typeof db;
    const admission = createAdmission(counting, { limit: 1, cacheMs: 1000, now: () => clock });
    await Promise.all([admission.check(), admission.check(), admission.check()]);
    expect(queries).toBe(1);
    await api.h.engine.submit({ namespace: 't', name: 'one' });
    await admission.check(); // still the cached count of 1
    expect(queries).toBe(1);
    clock = 1000;
    const err = await admission.check().catch((e: unknown) => e);
    expect(queries).toBe(2);
    expect(isBatonError(err, 'overloaded')).toBe(true);
  });
});
