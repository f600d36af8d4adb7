import { afterEach, describe, expect, it } from 'vitest';
import { backends } from '../support/db.js';
import { startApi, type ApiHarness } from './api-harness.js';

const TEMPLATE = `{namespace: op, name: flow, version: "1", steps: [{name: a, handler: op.a, retry: {max_attempts: 1}}, {name: b, handler: op.b, depends_on: [a]}]}`;

describe.each(backends)('operator actions over HTTP on %s', (backend) => {
  let api: ApiHarness;
  afterEach(async () => api?.close());

  async function failedTask(): Promise<string> {
    await api.h.engine.registerTemplate(TEMPLATE);
    const { id } = await api.h.engine.submit({ namespace: 'op', name: 'flow' });
    const [exec] = await api.h.engine.claim({ workerId: 'w', handlers: ['op.a'], labels: {}, limit: 1, leaseMs: 10_000 });
    await api.h.engine.fail(exec.execution_id, exec.lease_id, { message: 'broken' }, false);
    return id;
  }

  it('retries a step in error: the task reopens and the step is ready again', async () => {
    api = await startApi(backend);
    const id = await failedTask();
    const { res, body } = await api.call({ method: 'POST', url: `/v1/tasks/${id}/steps/a/retry`, payload: {} });
    expect(res.statusCode).toBe(200);
    expect(body.task.status).toBe('running');
    expect(body.task.steps.map((s: { state: string }) => s.state)).toEqual(['ready', 'pending']);
  });

  it('shows a retried step clean: no old error, worker or still-running duration; the old attempt stays in the history', async () => {
    api = await startApi(backend);
    const id = await failedTask();
    await api.call({ method: 'POST', url: `/v1/tasks/${id}/steps/a/retry`, payload: {} });
    const { body } = await api.call({ method: 'GET', url: `/v1/tasks/${id}` });
    const a = (body.task ?? body).steps.find((s: { name: string }) => s.name === 'a');
    expect(a).toMatchObject({ state: 'ready', attempts: 0, error: null, started_at: null, finished_at: null, worker: null });
    const events = await api.h.engine.events(id);
    expect(events.find((e) => e.step === 'a' && e.to === 'error')).toMatchObject({ from: 'running', reason: 'broken' });
    expect(events.filter((e) => e.step === 'a').map((e) => e.to)).toEqual(['running', 'error', 'ready']);
  });

  it('resolves a step in error with an output that the dependents receive', async () => {
    api = await startApi(backend);
    const id = await failedTask();
    const { res, body } = await api.call({ method: 'POST', url: `/v1/tasks/${id}/steps/a/resolve`, payload: { output: { fixed: true } } });
    expect(res.statusCode).toBe(200);
    expect(body.task.steps.map((s: { state: string }) => s.state)).toEqual(['resolved', 'ready']);
    const [exec] = await api.h.engine.claim({ workerId: 'w', handlers: ['op.b'], labels: {}, limit: 1, leaseMs: 10_000 });
    expect(exec.results).toEqual({ a: { fixed: true } });
  });

  it('refuses with conflict a step not in a state that allows it, and 404 for unknown ones', async () => {
    api = await startApi(backend);
    const id = await failedTask();
    const retryB = await api.call({ method: 'POST', url: `/v1/tasks/${id}/steps/b/retry`, payload: {} });
    expect(retryB.res.statusCode).toBe(409);
    expect(retryB.body.error.code).toBe('conflict');
    const unknown = await api.call({ method: 'POST', url: `/v1/tasks/${id}/steps/zzz/resolve`, payload: { output: 1 } });
    expect(unknown.res.statusCode).toBe(404);
    const badBody = await api.call({ method: 'POST', url: `/v1/tasks/${id}/steps/a/resolve`, payload: { output: 1, extra: 2 } });
    expect(badBody.res.statusCode).toBe(400);
    const task = await api.h.engine.getTask(id);
    expect(task.steps.map((s) => s.state)).toEqual(['error', 'skipped']);
  });

  it('stores a checkpoint only for the current lease', async () => {
    api = await startApi(backend);
    await api.h.engine.registerTemplate(TEMPLATE);
    await api.h.engine.submit({ namespace: 'op', name: 'flow' });
    const [exec] = await api.h.engine.claim({ workerId: 'w', handlers: ['op.a'], labels: {}, limit: 1, leaseMs: 10_000 });
    const ok = await api.call({ method: 'POST', url: `/v1/executions/${exec.execution_id}/checkpoint`, payload: { lease_id: exec.lease_id, data: { at: 5 } } });
    expect(ok.res.statusCode).toBe(200);
    const stale = await api.call({
      method: 'POST',
      url: `/v1/executions/${exec.execution_id}/checkpoint`,
      payload: { lease_id: '00000000-0000-4000-8000-000000000000', data: { at: 9 } },
    });
    expect(stale.res.statusCode).toBe(409);
    expect(stale.body.error.code).toBe('stale_lease');
    const { rows } = await api.h.engine.db.query<{ checkpoint: unknown }>('SELECT checkpoint FROM steps WHERE id = $1', [Number(exec.execution_id)]);
    expect(rows[0].checkpoint).toEqual({ at: 5 });
  });
});
