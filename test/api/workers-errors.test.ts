import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/db.js';
import { ONE_STEP_YAML, startApi, type ApiHarness } from './api-harness.js';
import { applyTemplate, claim, count, register, snapshot, submit } from './workers-support.js';

const UNKNOWN_WORKER = '00000000-0000-4000-8000-000000000000';
const OTHER_LEASE = '11111111-1111-4111-8111-111111111111';
const BODY_LIMIT = 64 * 1024;

/**
 * Every refusal must leave the database as it was: each case is checked
 * against a snapshot of steps, tasks, transitions and workers.
 */
describe.each(backends)('worker protocol refusals (%s)', (backend) => {
  let api: ApiHarness;
  let worker: { id: string };
  let execution: any;
  let taskId: string;

  beforeAll(async () => {
    // Long leases: nothing may expire between a snapshot and the next.
    api = await startApi(backend, (c) => {
      c.worker.leaseMs = 120_000;
      c.worker.heartbeatMs = 40_000;
      c.server.bodyLimitBytes = BODY_LIMIT;
    });
    await applyTemplate(api, ONE_STEP_YAML);
    taskId = await submit(api, 't', 'one');
    worker = await register(api);
    [execution] = await claim(api, worker.id);
  });
  afterAll(() => api?.close());

  async function refused(req: Parameters<ApiHarness['call']>[0], status: number, code: string) {
    const before = await snapshot(api);
    const { res, body } = await api.call(req);
    expect({ status: res.statusCode, code: body?.error?.code }).toEqual({ status, code });
    expect(typeof body.error.message).toBe('string');
    expect(res.headers['x-request-id']).toBeTruthy();
    expect(await snapshot(api)).toBe(before);
    return body;
  }

  it('an unknown worker id is 404 not_found on every worker call', async () => {
    for (const id of [UNKNOWN_WORKER, 'not-a-uuid', '123']) {
      await refused({ method: 'POST', url: `/v1/workers/${id}/claim`, payload: { max: 1, wait_ms: 0 } }, 404, 'not_found');
      await refused({ method: 'POST', url: `/v1/workers/${id}/heartbeat`, payload: {} }, 404, 'not_found');
      await refused({ method: 'POST', url: `/v1/workers/${id}/drain` }, 404, 'not_found');
      await refused({ method: 'DELETE', url: `/v1/workers/${id}` }, 404, 'not_found');
      await refused({ method: 'GET', url: `/v1/workers/${id}` }, 404, 'not_found');
    }
  });

  it('an unknown execution is 404 not_found, and answered not_found inside a batch', async () => {
    for (const id of ['999999', 'abc', '0']) {
      await refused({ method: 'POST', url: `/v1/executions/${id}/complete`, payload: { lease_id: execution.lease_id, output: 1 } }, 404, 'not_found');
      await refused({ method: 'POST', url: `/v1/executions/${id}/fail`, payload: { lease_id: execution.lease_id, error: { message: 'x' } } }, 404, 'not_found');
    }
    const before = await snapshot(api);
    const { body } = await api.call({ method: 'POST', url: '/v1/executions/complete', payload: { items: [{ execution_id: '999999', lease_id: OTHER_LEASE, output: 1 }] } });
    expect(body.results).toEqual([{ execution_id: '999999', status: 'not_found' }]);
    expect(await snapshot(api)).toBe(before);
  });

  it('a wrong lease is 409 stale_lease, and answered stale_lease inside a batch', async () => {
    const url = `/v1/executions/${execution.execution_id}`;
    await refused({ method: 'POST', url: `${url}/complete`, payload: { lease_id: OTHER_LEASE, output: 1 } }, 409, 'stale_lease');
    await refused({ method: 'POST', url: `${url}/fail`, payload: { lease_id: OTHER_LEASE, error: { message: 'x' }, retryable: false } }, 409, 'stale_lease');
    await refused({ method: 'POST', url: `${url}/progress`, payload: { lease_id: OTHER_LEASE, data: { pct: 5 } } }, 409, 'stale_lease');
    const before = await snapshot(api);
    const items = [{ execution_id: execution.execution_id, lease_id: OTHER_LEASE, error: { message: 'x' } }];
    const { body } = await api.call({ method: 'POST', url: '/v1/executions/fail', payload: { items } });
    expect(body.results).toEqual([{ execution_id: execution.execution_id, status: 'stale_lease' }]);
    expect(await snapshot(api)).toBe(before);
  });

  it('malformed bodies are 400 invalid_request naming the field, or invalid_json', async () => {
    const reg = (payload: unknown) => ({ method: 'POST' as const, url: '/v1/workers', payload: payload as object });
    const cases: [Parameters<ApiHarness['call']>[0], string][] = [
      [reg({ name: 'w', capacity: 1 }), 'handlers'],
      [reg({ name: 'w', handlers: [] }), 'handlers'],
      [reg({ name: '', handlers: ['x'] }), 'name'],
      [reg({ name: 'w', handlers: ['x'], capacity: 0 }), 'capacity'],
      [reg({ name: 'w', handlers: ['x'], labels: { gpu: true } }), 'labels.gpu'],
      [reg({ name: 'w', handlers: ['x'], colour: 'red' }), 'colour'],
      [reg([1, 2]), 'expected object'],
      [{ method: 'POST', url: `/v1/workers/${worker.id}/claim`, payload: { max: 0 } }, 'max'],
      [{ method: 'POST', url: `/v1/workers/${worker.id}/claim`, payload: { max: 101 } }, 'max'],
      [{ method: 'POST', url: `/v1/workers/${worker.id}/claim`, payload: { wait_ms: 60_001 } }, 'wait_ms'],
      [{ method: 'POST', url: `/v1/workers/${worker.id}/claim`, payload: { wait_ms: '10' } }, 'wait_ms'],
      [{ method: 'POST', url: `/v1/workers/${worker.id}/heartbeat`, payload: { executions: 'all' } }, 'executions'],
      [{ method: 'POST', url: `/v1/workers/${worker.id}/heartbeat`, payload: { lease_ms: 5 } }, 'lease_ms'],
      [{ method: 'POST', url: `/v1/workers/${worker.id}/drain`, payload: { now: true } }, 'now'],
      [{ method: 'POST', url: `/v1/executions/${execution.execution_id}/complete`, payload: { output: 1 } }, 'lease_id'],
      [{ method: 'POST', url: `/v1/executions/${execution.execution_id}/complete`, payload: { lease_id: 'abc', output: 1 } }, 'lease_id'],
      [{ method: 'POST', url: `/v1/executions/${execution.execution_id}/fail`, payload: { lease_id: execution.lease_id, error: 'boom' } }, 'error'],
      [{ method: 'POST', url: '/v1/executions/complete', payload: { items: [] } }, 'items'],
    ];
    for (const [req, field] of cases) {
      const body = await refused(req, 400, 'invalid_request');
      expect(body.error.message).toContain(field);
    }
    await refused({ method: 'POST', url: '/v1/workers', headers: { 'content-type': 'application/json' }, payload: '{"name": "w", ' }, 400, 'invalid_json');
    await refused({ method: 'POST', url: `/v1/workers/${worker.id}/claim`, headers: { 'content-type': 'application/json' }, payload: 'max=1' }, 400, 'invalid_json');
    await refused({ method: 'POST', url: '/v1/workers', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'name=w' }, 415, 'unsupported_media_type');
  });

  it('a result over the body limit is 413 payload_too_large and changes nothing', async () => {
    const output = { blob: 'x'.repeat(BODY_LIMIT) };
    const url = `/v1/executions/${execution.execution_id}`;
    const body = await refused({ method: 'POST', url: `${url}/complete`, payload: { lease_id: execution.lease_id, output } }, 413, 'payload_too_large');
    expect(body.error.message).toContain(String(BODY_LIMIT));
    const items = [{ execution_id: execution.execution_id, lease_id: execution.lease_id, output }];
    await refused({ method: 'POST', url: '/v1/executions/complete', payload: { items } }, 413, 'payload_too_large');
    await refused({ method: 'POST', url: `${url}/fail`, payload: { lease_id: execution.lease_id, error: { message: 'x', details: output } } }, 413, 'payload_too_large');
    await refused({ method: 'POST', url: `/v1/workers/${worker.id}/heartbeat`, payload: { last_error: 'e'.repeat(BODY_LIMIT) } }, 413, 'payload_too_large');
    // The step still runs under the same lease, and a result within the limit is taken.
    const ok = await api.call({ method: 'POST', url: `${url}/complete`, payload: { lease_id: execution.lease_id, output: { blob: 'x'.repeat(1000) } } });
    expect(ok.body).toEqual({ status: 'ok' });
    expect(await count(api, "SELECT count(*)::int AS n FROM tasks WHERE id = $1 AND status = 'complete'", [taskId])).toBe(1);
  });
});
