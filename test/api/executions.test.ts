import { afterEach, describe, expect, it } from 'vitest';
import type { Execution } from '../../src/core/claim.js';
import { backends } from '../support/db.js';
import { startApi, type ApiHarness } from './api-harness.js';

const TWO_STEPS = `
namespace: t
name: two
version: "1"
steps:
  - { name: a, handler: x, retry: { max_attempts: 1 } }
  - { name: b, handler: x, retry: { max_attempts: 1 } }
`;
const OTHER_LEASE = '00000000-0000-4000-8000-000000000000';

describe.each(backends)('executions API on %s', (backend) => {
  let api: ApiHarness;
  afterEach(async () => api?.close());

  /** Submits `tasks` two-step tasks and claims `claim` of their steps. */
  async function claimed(tasks: number, claim: number): Promise<{ taskIds: string[]; executions: Execution[] }> {
    api = await startApi(backend);
    await api.call({ method: 'POST', url: '/v1/templates', headers: { 'content-type': 'application/yaml' }, payload: TWO_STEPS });
    const taskIds: string[] = [];
    for (let i = 0; i < tasks; i++) taskIds.push((await api.call({ method: 'POST', url: '/v1/tasks', payload: { namespace: 't', name: 'two' } })).body.id);
    const executions = await api.h.engine.claim({ workerId: 'w', handlers: ['x'], labels: {}, limit: claim, leaseMs: 10_000 });
    expect(executions).toHaveLength(claim);
    return { taskIds, executions };
  }

  const stepState = async (e: Execution) => (await api.h.engine.getTask(e.task.id)).steps.find((s) => s.name === e.step)!;

  it('completes an execution under its lease; a repeat is a duplicate; a stale lease is 409 and changes nothing', async () => {
    const { executions } = await claimed(1, 2);
    const [e1, e2] = executions;
    const url = `/v1/executions/${e1.execution_id}/complete`;

    const stale = await api.call({ method: 'POST', url, payload: { lease_id: OTHER_LEASE, output: { n: 0 } } });
    expect(stale.res.statusCode).toBe(409);
    expect(stale.body.error.code).toBe('stale_lease');
    expect(stale.body.error.message).toMatch(/lease is no longer held/);
    expect((await stepState(e1)).state).toBe('running');

    const ok = await api.call({ method: 'POST', url, payload: { lease_id: e1.lease_id, output: { n: 1 } } });
    expect(ok.res.statusCode).toBe(200);
    expect(ok.body).toEqual({ status: 'ok' });
    const again = await api.call({ method: 'POST', url, payload: { lease_id: e1.lease_id, output: { n: 1 } } });
    expect(again.res.statusCode).toBe(200);
    expect(again.body).toEqual({ status: 'duplicate' });
    const step = await stepState(e1);
    expect(step.state).toBe('complete');
    expect(step.output).toEqual({ n: 1 });

    const noOutput = await api.call({ method: 'POST', url: `/v1/executions/${e2.execution_id}/complete`, payload: { lease_id: e2.lease_id } });
    expect(noOutput.body).toEqual({ status: 'ok' });
    expect((await api.h.engine.getTask(e1.task.id)).status).toBe('complete');
  });

  it('fails an execution with its error; retryable false is final', async () => {
    const { executions } = await claimed(1, 1);
    const [e] = executions;
    const url = `/v1/executions/${e.execution_id}/fail`;
    const stale = await api.call({ method: 'POST', url, payload: { lease_id: OTHER_LEASE, error: { message: 'x' } } });
    expect(stale.res.statusCode).toBe(409);
    expect(stale.body.error.code).toBe('stale_lease');

    const { res, body } = await api.call({
      method: 'POST',
      url,
      payload: { lease_id: e.lease_id, error: { message: 'card declined', code: 'declined', details: { amount: 5 } }, retryable: false },
    });
    expect(res.statusCode).toBe(200);
    expect(body).toEqual({ status: 'ok' });
    const step = await stepState(e);
    expect(step.state).toBe('error');
    expect(step.error).toMatchObject({ message: 'card declined', code: 'declined', details: { amount: 5 } });
  });

  it('answers 404 for an execution that does not exist, and 400 for a malformed report', async () => {
    const { executions } = await claimed(1, 1);
    for (const id of ['999999', 'abc', '0']) {
      for (const [action, payload] of [
        ['complete', { lease_id: OTHER_LEASE, output: null }],
        ['fail', { lease_id: OTHER_LEASE, error: { message: 'x' } }],
      ] as const) {
        const { res, body } = await api.call({ method: 'POST', url: `/v1/executions/${id}/${action}`, payload });
        expect(res.statusCode, `${action} ${id}`).toBe(404);
        expect(body.error.code).toBe('not_found');
      }
    }
    const url = `/v1/executions/${executions[0].execution_id}`;
    const cases: [string, object, string][] = [
      ['complete', { output: 1 }, 'lease_id'],
      ['complete', { lease_id: 'not-a-uuid', output: 1 }, 'lease_id'],
      ['complete', { lease_id: executions[0].lease_id, output: 1, extra: true }, 'extra'],
      ['fail', { lease_id: executions[0].lease_id }, 'error'],
      ['fail', { lease_id: executions[0].lease_id, error: { message: 'x', stack: 'at ...' } }, 'error.stack'],
      ['fail', { lease_id: executions[0].lease_id, error: { message: 'x' }, retryable: 'no' }, 'retryable'],
      ['progress', { lease_id: executions[0].lease_id }, 'data'],
    ];
    for (const [action, payload, field] of cases) {
      const { res, body } = await api.call({ method: 'POST', url: `${url}/${action}`, payload });
      expect(res.statusCode, `${action} ${field}`).toBe(400);
      expect(body.error.code).toBe('invalid_request');
      expect(body.error.details.errors.map((e: { path: string }) => e.path)).toContain(field);
    }
    expect((await stepState(executions[0])).state).toBe('running');
  });

  it('records progress under the lease and refuses it under a stale one', async () => {
    const { executions } = await claimed(1, 1);
    const [e] = executions;
    const url = `/v1/executions/${e.execution_id}/progress`;
    const ok = await api.call({ method: 'POST', url, payload: { lease_id: e.lease_id, data: { pct: 50 } } });
    expect(ok.res.statusCode).toBe(200);
    expect(ok.body).toEqual({ status: 'ok' });
    const stale = await api.call({ method: 'POST', url, payload: { lease_id: OTHER_LEASE, data: { pct: 60 } } });
    expect(stale.res.statusCode).toBe(409);
    expect(stale.body.error.code).toBe('stale_lease');
    const progress = (await api.h.engine.events(e.task.id)).filter((ev) => ev.type === 'progress');
    expect(progress.map((ev) => ev.data)).toEqual([{ pct: 50 }]);
  });

  it('completes and fails many at once, answering each on its own', async () => {
    const { executions } = await claimed(2, 4);
    const [e1, e2, e3, e4] = executions;
    const complete = await api.call({
      method: 'POST',
      url: '/v1/executions/complete',
      payload: {
        items: [
          { execution_id: e1.execution_id, lease_id: e1.lease_id, output: { i: 1 } },
          { execution_id: e2.execution_id, lease_id: OTHER_LEASE, output: { i: 2 } },
          { execution_id: '999999', lease_id: OTHER_LEASE, output: null },
          { execution_id: 'bogus', lease_id: OTHER_LEASE, output: null },
          { execution_id: Number(e1.execution_id), lease_id: e1.lease_id, output: { i: 1 } },
        ],
      },
    });
    expect(complete.res.statusCode).toBe(200);
    expect(complete.body.results).toEqual([
      { execution_id: e1.execution_id, status: 'ok' },
      { execution_id: e2.execution_id, status: 'stale_lease' },
      { execution_id: '999999', status: 'not_found' },
      { execution_id: 'bogus', status: 'not_found' },
      { execution_id: e1.execution_id, status: 'duplicate' },
    ]);
    expect((await stepState(e1)).state).toBe('complete');
    expect((await stepState(e2)).state).toBe('running');

    const fail = await api.call({
      method: 'POST',
      url: '/v1/executions/fail',
      payload: {
        items: [
          { execution_id: e3.execution_id, lease_id: e3.lease_id, error: { message: 'boom' }, retryable: false },
          { execution_id: e4.execution_id, lease_id: OTHER_LEASE, error: { message: 'boom' } },
        ],
      },
    });
    expect(fail.res.statusCode).toBe(200);
    expect(fail.body.results).toEqual([
      { execution_id: e3.execution_id, status: 'ok' },
      { execution_id: e4.execution_id, status: 'stale_lease' },
    ]);
    expect((await stepState(e3)).state).toBe('error');
    expect((await stepState(e4)).state).toBe('running');

    const empty = await api.call({ method: 'POST', url: '/v1/executions/complete', payload: { items: [] } });
    expect(empty.res.statusCode).toBe(400);
    expect(empty.body.error.code).toBe('invalid_request');
  });
});
