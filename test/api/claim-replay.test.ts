/**
 * A lost claim answer does not strand work for a whole lease (issue #12), over
 * HTTP: `POST /v1/workers/:id/claim` takes the client's `claim_id`, and a retry
 * with the same id is answered with what the first try took. The last case
 * loses the answer on a real socket, between the TypeScript worker and the server.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpWorker } from '../../src/worker/http-worker.js';
import { defineHandler } from '../../src/worker/types.js';
import type { Worker } from '../../src/worker/worker.js';
import { backends } from '../support/db.js';
import { testLogger } from '../support/logger.js';
import { httpAnswer, startLossyProxy, type LossyProxy } from '../support/lossy-proxy.js';
import { ONE_STEP_YAML, startApi, type ApiHarness } from './api-harness.js';
import { applyTemplate, count, register, snapshot, stepRow, submit } from './workers-support.js';

const CLAIM_ID = '3d6f0a8e-52c1-4e7b-9a4f-b18c2e7d5f90';
const LEASE_MS = 30_000;

describe.each(backends)('claim ids over HTTP (%s)', (backend) => {
  let api: ApiHarness | undefined;
  let proxy: LossyProxy | undefined;
  const workers: Worker[] = [];
  afterEach(async () => {
    for (const w of workers.splice(0)) await w.stop(0);
    await proxy?.close();
    const closing = api?.app.close();
    api?.app.server.closeAllConnections();
    await closing;
    await api?.close();
    api = proxy = undefined;
  });

  async function start(): Promise<ApiHarness> {
    api = await startApi(backend, (c) => {
      c.worker.leaseMs = LEASE_MS;
      c.worker.heartbeatMs = LEASE_MS / 3;
    });
    await applyTemplate(api, ONE_STEP_YAML);
    return api;
  }

  const claimWith = (api: ApiHarness, workerId: string, payload: object) => api.call({ method: 'POST', url: `/v1/workers/${workerId}/claim`, payload });
  const starts = (api: ApiHarness, taskId: string) =>
    count(api, "SELECT count(*)::int AS n FROM transitions WHERE task_id = $1 AND step_name = 'a' AND from_state = 'ready' AND to_state = 'running'", [taskId]);

  it('answers a claim retried with its claim_id with the executions of the lost answer; the step completes under that lease, attempt 1', async () => {
    const api = await start();
    const first = await submit(api, 't', 'one', { n: 1 });
    const second = await submit(api, 't', 'one', { n: 2 });
    const worker = await register(api);

    const lost = await claimWith(api, worker.id, { max: 1, wait_ms: 0, claim_id: CLAIM_ID });
    expect(lost.body.executions).toHaveLength(1);
    // That answer never reached the worker; it asks again with the same id.
    const retried = await claimWith(api, worker.id, { max: 1, wait_ms: 0, claim_id: CLAIM_ID });
    expect(retried.res.statusCode).toBe(200);
    const [execution] = retried.body.executions;
    expect(execution).toMatchObject({ execution_id: lost.body.executions[0].execution_id, lease_id: lost.body.executions[0].lease_id, attempt: 1 });
    expect(execution.task.id).toBe(first);
    // The second task was not taken by the retry.
    expect((await stepRow(api, second, 'a')).state).toBe('ready');

    const done = await api.call({ method: 'POST', url: `/v1/executions/${execution.execution_id}/complete`, payload: { lease_id: execution.lease_id, output: 'ok' } });
    expect(done.res.statusCode).toBe(200);
    expect(await stepRow(api, first, 'a')).toMatchObject({ state: 'complete', attempts: 1, lease_id: execution.lease_id });
    expect(await starts(api, first)).toBe(1);

    // A new call (a new id) takes new work.
    const next = await claimWith(api, worker.id, { max: 1, wait_ms: 0, claim_id: 'a0c52e71-8f3b-4d96-b4e1-7c09d2f6a358' });
    expect(next.body.executions.map((e: { task: { id: string } }) => e.task.id)).toEqual([second]);
  });

  it('gives a draining worker the executions of its lost answer back, and nothing new', async () => {
    const api = await start();
    const taskId = await submit(api, 't', 'one');
    await submit(api, 't', 'one');
    const worker = await register(api);
    const lost = await claimWith(api, worker.id, { max: 1, claim_id: CLAIM_ID });
    expect((await api.call({ method: 'POST', url: `/v1/workers/${worker.id}/drain` })).res.statusCode).toBe(200);
    const retried = await claimWith(api, worker.id, { max: 5, claim_id: CLAIM_ID });
    expect(retried.body.executions.map((e: { execution_id: string }) => e.execution_id)).toEqual([lost.body.executions[0].execution_id]);
    expect(await starts(api, taskId)).toBe(1);
    const fresh = await claimWith(api, worker.id, { max: 5, wait_ms: 0 });
    expect(fresh.body.executions).toEqual([]);
  });

  it('refuses a claim_id that is not a UUID, changing nothing', async () => {
    const api = await start();
    await submit(api, 't', 'one');
    const worker = await register(api);
    const before = await snapshot(api);
    const { res, body } = await claimWith(api, worker.id, { max: 1, claim_id: 'retry-1' });
    expect(res.statusCode).toBe(400);
    expect(body.error.code).toBe('invalid_request');
    expect(JSON.stringify(body)).toContain('claim_id');
    expect(await snapshot(api)).toBe(before);
  });

  it('a TypeScript HTTP worker whose claim answer is lost on the wire runs the step at once, attempt 1, not after the lease', async () => {
    const api = await start();
    await api.app.listen({ host: '127.0.0.1', port: 0 });
    proxy = await startLossyProxy({ host: '127.0.0.1', port: (api.app.server.address() as AddressInfo).port });
    const taskId = await submit(api, 't', 'one');
    const seen: { execution: string; attempt: number }[] = [];
    const lost = proxy.loseNextAnswer({ request: (chunk) => chunk.includes('/claim'), answer: httpAnswer((text) => text.includes('"execution_id"')) });
    const { worker } = await startHttpWorker({
      serverUrl: `http://127.0.0.1:${proxy.port}`,
      name: 'ts-lossy',
      handlers: [defineHandler('x', (ctx) => (seen.push({ execution: ctx.step.execution_id, attempt: ctx.step.attempt }), 'done'))],
      logger: testLogger,
      claimWaitMs: 5000,
    });
    workers.push(worker);
    const answer = (await lost).toString('utf8');
    const lostAt = Date.now();
    const [execution] = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).executions;
    // The server sent the answer and kept the claim: the step runs under a lease the worker never heard of.
    expect(await stepRow(api, taskId, 'a')).toMatchObject({ state: 'running', attempts: 1, lease_id: execution.lease_id });

    while ((await stepRow(api, taskId, 'a')).state !== 'complete') {
      if (Date.now() - lostAt > LEASE_MS / 3) throw new Error('the step waited for its lease to expire');
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(Date.now() - lostAt).toBeLessThan(LEASE_MS / 5);
    expect(seen).toEqual([{ execution: execution.execution_id, attempt: 1 }]);
    expect(await stepRow(api, taskId, 'a')).toMatchObject({ state: 'complete', attempts: 1, lease_id: execution.lease_id });
    expect(await starts(api, taskId)).toBe(1);
  });
});
