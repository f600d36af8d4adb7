import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createToken } from '../../src/api/token.js';
import { PermanentError, StepAbortedError } from '../../src/errors.js';
import { startHttpWorker } from '../../src/worker/http-worker.js';
import type { Worker } from '../../src/worker/worker.js';
import { defineHandler, type HandlerRegistration } from '../../src/worker/types.js';
import { backends } from '../support/db.js';
import { testLogger } from '../support/logger.js';
import { ONE_STEP_YAML, startApi, type ApiHarness } from './api-harness.js';
import { applyTemplate, count, DIAMOND_YAML, register, stepRow, submit, until } from './workers-support.js';

/** The TypeScript worker over HTTP, in this process, against a server on a real socket. */
describe.each(backends)('HTTP worker transport (%s)', (backend) => {
  let api: ApiHarness | undefined;
  let url = '';
  const workers: Worker[] = [];
  afterEach(async () => {
    for (const w of workers.splice(0)) await w.stop(0);
    // The in-process client may hold a connection it opened but never used;
    // the server would wait for it until its request timeout (30 s).
    const closing = api?.app.close();
    api?.app.server.closeAllConnections();
    await closing;
    await api?.close();
    api = undefined;
  });

  async function start(config: { leaseMs?: number; bodyLimitBytes?: number; secret?: string } = {}): Promise<ApiHarness> {
    api = await startApi(backend, (c) => {
      if (config.secret) c.auth.hs256Secret = config.secret;
      c.worker.leaseMs = config.leaseMs ?? 30_000;
      c.worker.heartbeatMs = Math.floor(c.worker.leaseMs / 3);
      if (config.bodyLimitBytes) c.server.bodyLimitBytes = config.bodyLimitBytes;
    });
    await api.app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
    // Through the engine: with auth on, the API would want a token.
    await api.h.engine.registerTemplate(ONE_STEP_YAML);
    await api.h.engine.registerTemplate(DIAMOND_YAML);
    return api;
  }

  async function worker(handlers: HandlerRegistration[], opts: { shutdownGraceMs?: number; concurrency?: number; token?: string } = {}) {
    const started = await startHttpWorker({ serverUrl: url, name: 'ts-http', handlers, logger: testLogger, claimWaitMs: 5000, ...opts });
    workers.push(started.worker);
    return started;
  }

  const status = async (id: string) => (await api!.call({ method: 'GET', url: `/v1/tasks/${id}` })).body.task.status;

  it('runs diamond tasks to completion, upstream outputs reaching the join', async () => {
    const api = await start();
    const seen: string[] = [];
    const { transport } = await worker([defineHandler('t.step', (ctx) => (seen.push(ctx.step.name), { step: ctx.step.name, up: Object.keys(ctx.results).sort() }))]);
    const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => submit(api, 't', 'diamond', { i })));
    await until(async () => (await count(api, "SELECT count(*)::int AS n FROM tasks WHERE status = 'complete'")) === 20, 30_000, 'all tasks');
    expect(seen).toHaveLength(80);
    expect((await stepRow(api, ids[0], 'd')).output).toEqual({ step: 'd', up: ['a', 'b', 'c'] });
    const listed = (await api.call({ method: 'GET', url: '/v1/workers' })).body.workers;
    expect(listed).toEqual([expect.objectContaining({ id: transport.workerId, transport: 'http', handlers: ['t.step'], capacity: 10, state: 'active' })]);
  });

  it('a cancelled task aborts the running handler through the heartbeat answer', async () => {
    const api = await start({ leaseMs: 3000 });
    let aborted: ((reason: unknown) => void) | undefined;
    const sawAbort = new Promise((resolve) => (aborted = resolve));
    await worker([defineHandler('x', (ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', () => (aborted!(ctx.signal.reason), resolve(null)))))]);
    const id = await submit(api, 't', 'one');
    await until(async () => (await stepRow(api, id, 'a')).state === 'running', 10_000, 'the step to start');
    await api.call({ method: 'POST', url: `/v1/tasks/${id}/cancel` });
    const reason = await sawAbort;
    // Over HTTP the heartbeat answer says the execution was cancelled, so the handler is not told its lease was lost.
    expect(reason).toBeInstanceOf(StepAbortedError);
    expect((reason as StepAbortedError).reason).toBe('cancelled');
    expect(await status(id)).toBe('cancelled');
    expect(await count(api, "SELECT count(*)::int AS n FROM transitions WHERE task_id = $1 AND to_state = 'complete'", [id])).toBe(0);
  });

  it('a stop lets a step finish within the grace period', async () => {
    const api = await start();
    let started: () => void = () => {};
    const running = new Promise<void>((resolve) => (started = resolve));
    const slow = defineHandler('x', () => (started(), new Promise((r) => setTimeout(() => r({ done: true }), 400))));
    const { worker: w } = await worker([slow], { shutdownGraceMs: 5000 });
    const id = await submit(api, 't', 'one');
    // The handler has it (a step merely claimed may still be on the wire, and would be handed back).
    await running;
    await w.stop();
    expect(await stepRow(api, id, 'a')).toMatchObject({ state: 'complete', output: { done: true }, attempts: 1 });
    expect((await api.call({ method: 'GET', url: '/v1/workers' })).body.workers).toEqual([]);
  });

  it('a stop hands back a step that outlives the grace period, and another worker completes it at once', async () => {
    const api = await start({ leaseMs: 60_000 });
    let started: () => void = () => {};
    const running = new Promise<void>((resolve) => (started = resolve));
    const { worker: slow } = await worker([defineHandler('x', () => (started(), new Promise(() => {})))], { shutdownGraceMs: 200 });
    const id = await submit(api, 't', 'one');
    await running;
    const stoppedAt = Date.now();
    await slow.stop();
    expect(await stepRow(api, id, 'a')).toMatchObject({ state: 'ready', attempts: 0 });
    await worker([defineHandler('x', () => ({ rescued: true }))]);
    await until(async () => (await status(id)) === 'complete', 10_000, 'the rescue');
    expect(Date.now() - stoppedAt).toBeLessThan(10_000); // the lease was 60 s
    expect(await stepRow(api, id, 'a')).toMatchObject({ output: { rescued: true }, attempts: 1 });
  });

  it('an output over the body limit fails its step for good, and the worker shows the error', async () => {
    const api = await start({ bodyLimitBytes: 32 * 1024 });
    await worker([defineHandler('x', (ctx) => (ctx.params.big ? { blob: 'x'.repeat(64 * 1024) } : { small: true }))]);
    await applyTemplate(api, 'namespace: t\nname: big\nversion: "1"\nsteps:\n  - { name: a, handler: x, params: { big: true }, retry: { max_attempts: 3 } }\n');
    const big = await submit(api, 't', 'big');
    const small = await submit(api, 't', 'one');
    await until(async () => (await status(big)) === 'error' && (await status(small)) === 'complete', 15_000, 'both tasks to finish');
    const step = (await api.call({ method: 'GET', url: `/v1/tasks/${big}` })).body.task.steps[0];
    expect(step).toMatchObject({ state: 'error', attempts: 1, error: { code: 'output_too_large' } });
    await until(async () => /output_too_large|larger than/.test((await api.call({ method: 'GET', url: '/v1/workers' })).body.workers[0].last_error ?? ''), 5000, 'last_error');
  });

  it('a PermanentError fails the step without retry; other errors are retried', async () => {
    const api = await start();
    let calls = 0;
    await worker([
      defineHandler('x', (ctx) => {
        calls++;
        if (ctx.params.permanent) throw new PermanentError('card declined', { code: 'declined' });
        if (ctx.step.attempt < 2) throw new Error('flaky');
        return 'ok';
      }),
    ]);
    await applyTemplate(
      api,
      'namespace: t\nname: perm\nversion: "1"\nsteps:\n  - { name: a, handler: x, params: { permanent: true }, retry: { max_attempts: 3, backoff: none } }\n',
    );
    await applyTemplate(api, 'namespace: t\nname: flaky\nversion: "1"\nsteps:\n  - { name: a, handler: x, retry: { max_attempts: 3, backoff: none } }\n');
    const perm = await submit(api, 't', 'perm');
    const flaky = await submit(api, 't', 'flaky');
    await until(async () => (await status(perm)) === 'error' && (await status(flaky)) === 'complete', 15_000, 'both tasks');
    expect(await stepRow(api, perm, 'a')).toMatchObject({ state: 'error', attempts: 1 });
    expect(await stepRow(api, flaky, 'a')).toMatchObject({ state: 'complete', attempts: 2 });
    expect(calls).toBe(3);
  });

  it('with auth on, the worker sends its bearer token; without one it cannot register', async () => {
    const secret = 'a-test-secret-that-is-at-least-32-bytes-long';
    const api = await start({ secret });
    await expect(worker([defineHandler('x', () => 'no')])).rejects.toMatchObject({ code: 'unauthorized', status: 401 });
    const readOnly = await createToken({ secret, scopes: ['tasks:read'] });
    await expect(worker([defineHandler('x', () => 'no')], { token: readOnly })).rejects.toMatchObject({ code: 'forbidden', status: 403 });
    await worker([defineHandler('x', () => 'authorized')], { token: await createToken({ secret, scopes: ['workers'] }) });
    const { id } = await api.h.engine.submit({ namespace: 't', name: 'one' });
    await until(async () => (await stepRow(api, id, 'a')).state === 'complete', 10_000, 'the step');
    expect((await stepRow(api, id, 'a')).output).toBe('authorized');
  });

  it('a worker removed by an operator registers again once, and carries on', async () => {
    const api = await start({ leaseMs: 3000 });
    const { transport } = await worker([defineHandler('x', () => 'again')]);
    const first = transport.workerId;
    await api.call({ method: 'DELETE', url: `/v1/workers/${first}` });
    await until(async () => transport.workerId !== first, 10_000, 'registration under a new id');
    const id = await submit(api, 't', 'one');
    await until(async () => (await stepRow(api, id, 'a')).state === 'complete', 10_000, 'the step');
    const listed = (await api.call({ method: 'GET', url: '/v1/workers' })).body.workers;
    expect(listed.map((w: { id: string }) => w.id)).toEqual([transport.workerId]);
  });

  it('a long-poll abandoned by its client stops waiting and takes nothing', async () => {
    const api = await start();
    const w = await register(api);
    const controller = new AbortController();
    const poll = fetch(`${url}/v1/workers/${w.id}/claim`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ max: 1, wait_ms: 20_000 }),
      signal: controller.signal,
    }).catch((err: Error) => err.name);
    await new Promise((r) => setTimeout(r, 300));
    controller.abort();
    expect(await poll).toBe('AbortError');
    await new Promise((r) => setTimeout(r, 100));
    const id = await submit(api, 't', 'one');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await stepRow(api, id, 'a')).toMatchObject({ state: 'ready', attempts: 0 });
  });
});
