import { afterEach, describe, expect, it } from 'vitest';
import { Wakeup } from '../../src/core/wakeup.js';
import { WorkerPool } from '../../src/core/worker-pool.js';
import { backends } from '../support/db.js';
import { ONE_STEP_YAML, startApi, type ApiHarness } from './api-harness.js';
import { applyTemplate, claim, count, GPU_YAML, heartbeat, register, stepRow, submit, until } from './workers-support.js';

describe.each(backends)('worker protocol (%s)', (backend) => {
  let api: ApiHarness | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  async function start(lease = 60_000): Promise<ApiHarness> {
    api = await startApi(backend, (c) => {
      c.worker.leaseMs = lease;
      c.worker.heartbeatMs = Math.floor(lease / 3);
    });
    await applyTemplate(api, ONE_STEP_YAML);
    return api;
  }

  it('registers a worker and lists it with handlers, labels, capacity, state and load', async () => {
    const api = await start();
    const { res, body } = await api.call({ method: 'POST', url: '/v1/workers', payload: { name: 'py-1', handlers: ['x', 'y'], labels: { zone: 'a' }, capacity: 3 } });
    expect(res.statusCode).toBe(201);
    expect(body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), lease_ms: 60_000 });
    const list = await api.call({ method: 'GET', url: '/v1/workers' });
    expect(list.body.workers).toEqual([
      expect.objectContaining({
        id: body.id,
        name: 'py-1',
        transport: 'http',
        handlers: ['x', 'y'],
        labels: { zone: 'a' },
        capacity: 3,
        state: 'active',
        in_flight: 0,
        last_error: null,
      }),
    ]);
    const one = await api.call({ method: 'GET', url: `/v1/workers/${body.id}` });
    expect(one.body).toMatchObject({ id: body.id, name: 'py-1' });
  });

  it('claims, heartbeats and completes an execution; a repeated completion is answered duplicate', async () => {
    const api = await start();
    const taskId = await submit(api, 't', 'one', { n: 1 });
    const worker = await register(api);
    const [execution, ...more] = await claim(api, worker.id, 10);
    expect(more).toEqual([]);
    expect(execution).toMatchObject({ handler: 'x', step: 'a', attempt: 1, context: { n: 1 }, params: {}, results: {}, task: { id: taskId } });
    expect(execution.lease_id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await api.call({ method: 'GET', url: '/v1/workers' })).body.workers[0].in_flight).toBe(1);

    const before = (await stepRow(api, taskId, 'a')).lease_expires_at!;
    await new Promise((r) => setTimeout(r, 20));
    const hb = await heartbeat(api, worker.id, { executions: [execution.execution_id] });
    expect(hb.res.statusCode).toBe(200);
    expect(hb.body).toEqual({ lease_ms: 60_000, abort: [], cancelled: [], state: 'active' });
    expect((await stepRow(api, taskId, 'a')).lease_expires_at!.getTime()).toBeGreaterThan(before.getTime());

    const items = [{ execution_id: execution.execution_id, lease_id: execution.lease_id, output: { ok: true } }];
    const done = await api.call({ method: 'POST', url: '/v1/executions/complete', payload: { items } });
    expect(done.body.results).toEqual([{ execution_id: execution.execution_id, status: 'ok' }]);
    const again = await api.call({ method: 'POST', url: '/v1/executions/complete', payload: { items } });
    expect(again.body.results).toEqual([{ execution_id: execution.execution_id, status: 'duplicate' }]);
    expect((await api.call({ method: 'GET', url: `/v1/tasks/${taskId}` })).body.task).toMatchObject({ status: 'complete' });
    expect(await count(api, "SELECT count(*)::int AS n FROM transitions WHERE to_state = 'complete' AND step_name = 'a'")).toBe(1);
  });

  it('a long-poll claim returns soon after a submission, woken by the notification', async () => {
    const api = await start();
    const worker = await register(api);
    const events: string[] = [];
    const started = Date.now();
    const waiting = claim(api, worker.id, 5, 10_000).then((executions) => {
      events.push(`claimed ${executions.length}`);
      return Date.now();
    });
    await new Promise((r) => setTimeout(r, 300));
    events.push('submitted');
    const submittedAt = Date.now();
    await submit(api, 't', 'one');
    const claimedAt = await waiting;
    expect(events).toEqual(['submitted', 'claimed 1']);
    expect(claimedAt - submittedAt).toBeLessThan(3000);
    expect(claimedAt - started).toBeLessThan(10_000);
  });

  it('a long-poll claim returns an empty list after wait_ms when nothing is ready', async () => {
    const api = await start();
    const worker = await register(api);
    const started = Date.now();
    expect(await claim(api, worker.id, 5, 400)).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
  });

  it('a heartbeat names the executions of a cancelled task, and their late completion is refused', async () => {
    const api = await start();
    const taskId = await submit(api, 't', 'one');
    const worker = await register(api);
    const [execution] = await claim(api, worker.id);
    expect((await api.call({ method: 'POST', url: `/v1/tasks/${taskId}/cancel` })).res.statusCode).toBe(200);
    const hb = await heartbeat(api, worker.id, { executions: [execution.execution_id] });
    expect(hb.body.abort).toEqual([execution.execution_id]);
    expect(hb.body.cancelled).toEqual([execution.execution_id]);
    const late = await api.call({ method: 'POST', url: `/v1/executions/${execution.execution_id}/complete`, payload: { lease_id: execution.lease_id, output: 1 } });
    expect(late.res.statusCode).toBe(409);
    expect(late.body.error.code).toBe('stale_lease');
    expect((await api.call({ method: 'GET', url: `/v1/tasks/${taskId}` })).body.task.status).toBe('cancelled');
  });

  it('a heartbeat without a list names recently cancelled executions and records last_error', async () => {
    const api = await start();
    const taskId = await submit(api, 't', 'one');
    const worker = await register(api);
    const [execution] = await claim(api, worker.id);
    await api.call({ method: 'POST', url: `/v1/tasks/${taskId}/cancel` });
    const hb = await heartbeat(api, worker.id, { last_error: 'handler x: boom' });
    expect(hb.body.abort).toEqual([execution.execution_id]);
    const { body } = await api.call({ method: 'GET', url: '/v1/workers' });
    expect(body.workers[0].last_error).toBe('handler x: boom');
  });

  it('a drained worker gets no new work, and may still complete what it holds', async () => {
    const api = await start();
    const first = await submit(api, 't', 'one');
    const worker = await register(api);
    const [held] = await claim(api, worker.id);
    const drained = await api.call({ method: 'POST', url: `/v1/workers/${worker.id}/drain` });
    expect(drained.res.statusCode).toBe(200);
    expect(drained.body).toMatchObject({ id: worker.id, state: 'draining', in_flight: 1 });
    const second = await submit(api, 't', 'one');
    const started = Date.now();
    expect(await claim(api, worker.id, 5, 300)).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280); // waited out, so a client does not spin
    expect((await heartbeat(api, worker.id, { executions: [held.execution_id] })).body).toMatchObject({ abort: [], state: 'draining' });
    const view = (await api.call({ method: 'GET', url: `/v1/tasks/${second}` })).body.task;
    expect(view.steps[0]).toMatchObject({ state: 'ready', waiting_reason: 'every worker that can run x is draining' });
    const done = await api.call({ method: 'POST', url: `/v1/executions/${held.execution_id}/complete`, payload: { lease_id: held.lease_id, output: null } });
    expect(done.body).toEqual({ status: 'ok' });
    expect((await api.call({ method: 'GET', url: `/v1/tasks/${first}` })).body.task.status).toBe('complete');
    expect((await stepRow(api, second, 'a')).state).toBe('ready');
  });

  it('removing a worker hands its leases back at once, uncounted, and forgets it', async () => {
    const api = await start();
    const taskId = await submit(api, 't', 'one');
    const worker = await register(api);
    const [execution] = await claim(api, worker.id);
    const removed = await api.call({ method: 'DELETE', url: `/v1/workers/${worker.id}` });
    expect(removed.body).toEqual({ id: worker.id, released: 1 });
    expect(await stepRow(api, taskId, 'a')).toMatchObject({ state: 'ready', attempts: 0, lease_id: execution.lease_id });
    expect((await api.call({ method: 'GET', url: '/v1/workers' })).body.workers).toEqual([]);
    for (const path of ['claim', 'heartbeat', 'drain']) {
      const res = await api.call({ method: 'POST', url: `/v1/workers/${worker.id}/${path}`, payload: {} });
      expect([path, res.res.statusCode, res.body.error.code]).toEqual([path, 404, 'not_found']);
    }
    // Removing again is harmless, so a client may retry it.
    expect((await api.call({ method: 'DELETE', url: `/v1/workers/${worker.id}` })).body).toEqual({ id: worker.id, released: 0 });
    const late = await api.call({ method: 'POST', url: `/v1/executions/${execution.execution_id}/complete`, payload: { lease_id: execution.lease_id, output: 1 } });
    expect(late.res.statusCode).toBe(409);
  });

  it('labels: a gpu step never goes to a worker without the label, and is claimed once one with it registers', async () => {
    const api = await start();
    await applyTemplate(api, GPU_YAML);
    const taskId = await submit(api, 't', 'gpu');
    const cpu = await register(api, { handlers: ['ml.train'], labels: { zone: 'a' } });
    const wrongGpu = await register(api, { handlers: ['ml.train'], labels: { gpu: 'false' } });
    expect(await claim(api, cpu.id, 10, 200)).toEqual([]);
    expect(await claim(api, wrongGpu.id, 10, 0)).toEqual([]);
    const waiting = (await api.call({ method: 'GET', url: `/v1/tasks/${taskId}` })).body.task.steps[0];
    expect(waiting).toMatchObject({ state: 'ready', waiting_reason: 'no live worker with handler ml.train has labels {"gpu":"true"}' });
    const gpu = await register(api, { handlers: ['ml.train'], labels: { gpu: 'true', zone: 'b' } });
    const [execution] = await claim(api, gpu.id);
    expect(execution).toMatchObject({ handler: 'ml.train', task: { id: taskId } });
    expect((await stepRow(api, taskId, 'train')).worker_id).toBe(gpu.id);
  });

  it('a heartbeat extends only the leases it lists: an execution the worker does not know of expires and is retried', async () => {
    const api = await start(1500);
    const known = await submit(api, 't', 'one');
    const orphan = await submit(api, 't', 'one');
    const worker = await register(api);
    const executions = await claim(api, worker.id, 2);
    const kept = executions.find((e) => e.task.id === known)!;
    // As if the answer naming the orphan had been lost on the wire.
    await until(
      async () => {
        await heartbeat(api, worker.id, { executions: [kept.execution_id] });
        return (await stepRow(api, orphan, 'a')).state === 'ready';
      },
      10_000,
      'the unlisted lease to expire',
    );
    expect(await stepRow(api, orphan, 'a')).toMatchObject({ state: 'ready', attempts: 1 });
    expect(await stepRow(api, known, 'a')).toMatchObject({ state: 'running', lease_id: kept.lease_id });
  });

  it('the pool reports registrations, claims, heartbeats and removals to its observer', async () => {
    const api = await start();
    const seen: string[] = [];
    const wakeup = await Wakeup.create(api.h.engine.db, 'hybrid');
    const pool = new WorkerPool(api.h.engine, wakeup, 60_000, 200, {
      registered: (_id, transport) => seen.push(`registered ${transport}`),
      claimed: (_id, n) => seen.push(`claimed ${n}`),
      heartbeat: (_id, aborted) => seen.push(`heartbeat ${aborted}`),
      removed: (_id, released) => seen.push(`removed ${released}`),
    });
    try {
      const { id } = await pool.register({ name: 'p', handlers: ['x'], labels: {}, capacity: 1, transport: 'http' });
      await submit(api, 't', 'one');
      const [execution] = await pool.claim(id, 1, 0);
      await pool.heartbeat(id, [execution.execution_id]);
      await pool.remove(id);
      expect(seen).toEqual(['registered http', 'claimed 1', 'heartbeat 0', 'removed 1']);
    } finally {
      await wakeup.close();
    }
  });

  it('a worker that stops heartbeating is marked lost, its lease expires and the step is retried', async () => {
    const api = await start(1000);
    const taskId = await submit(api, 't', 'one');
    const silent = await register(api);
    await claim(api, silent.id);
    await until(async () => (await api.call({ method: 'GET', url: '/v1/workers' })).body.workers[0].state === 'lost', 10_000, 'the worker to be lost');
    expect(await stepRow(api, taskId, 'a')).toMatchObject({ state: 'ready', attempts: 1 });
    const view = (await api.call({ method: 'GET', url: `/v1/tasks/${taskId}` })).body.task.steps[0];
    expect(view.waiting_reason).toBe('no live worker has handler x');
    // A lost worker that speaks again is active again.
    expect((await heartbeat(api, silent.id, { executions: [] })).body.state).toBe('active');
  });
});
