import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerTimeoutsMs } from '../../src/api/server.js';
import { buildTestServer } from '../support/server.js';
import { backends, type Backend } from '../support/db.js';
import { startHarness, type Harness } from '../support/harness.js';
import { checkInvariants } from '../support/invariants.js';
import { testLogger } from '../support/logger.js';
import { jsonRequest, openRaw, type RawConnection } from '../support/raw-http.js';
import { until } from '../support/wait.js';
import { ONE_STEP_YAML } from './api-harness.js';
import { DIAMOND_YAML } from './workers-support.js';

/**
 * Clients that misbehave on real sockets: slow-loris senders, requests cut off
 * half-way, answers never read. The server must close the first within its
 * timeouts and make every retry of the others safe.
 */

/**
 * Short timeouts so that a slow client is closed within about a second. The
 * idle timeout is longer than both, so that they, not it, close the slow senders.
 */
const TIMEOUTS: Partial<ServerTimeoutsMs> = { headersTimeoutMs: 500, requestTimeoutMs: 1500, connectionTimeoutMs: 5000, checkIntervalMs: 100 };
/** Scheduling slack on a shared machine, beyond the timeout and one check interval. */
const SLACK_MS = 1000;

interface Served {
  h: Harness;
  app: FastifyInstance;
  port: number;
  base: string;
  /** Requests the HTTP server has dispatched (Node's 'request' event). */
  dispatched(): number;
  openConnections(): Promise<number>;
  count(sql: string, params?: unknown[]): Promise<number>;
  close(): Promise<void>;
}

async function serve(backend: Backend): Promise<Served> {
  const h = await startHarness(backend, { sweeper: false });
  const app = await buildTestServer({ engine: h.engine, config: h.runtime.config, logger: testLogger, timeouts: TIMEOUTS });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  let dispatched = 0;
  app.server.on('request', () => dispatched++);
  await h.engine.registerTemplate(ONE_STEP_YAML);
  await h.engine.registerTemplate(DIAMOND_YAML);
  return {
    h,
    app,
    port,
    base: `http://127.0.0.1:${port}`,
    dispatched: () => dispatched,
    openConnections: () => new Promise((resolve, reject) => app.server.getConnections((err, n) => (err ? reject(err) : resolve(n)))),
    async count(sql, params = []) {
      const { rows } = await h.engine.db.query<{ n: number }>(sql, params);
      return rows[0].n;
    },
    async close() {
      const closing = app.close();
      app.server.closeAllConnections();
      await closing;
      await h.close();
    },
  };
}

async function postJson(base: string, path: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

describe.each(backends)('slow and broken clients on %s', (backend) => {
  let s: Served | undefined;
  const raw: RawConnection[] = [];
  afterEach(async () => {
    for (const c of raw.splice(0)) c.socket.destroy();
    await s?.close();
    s = undefined;
  });
  async function connect(): Promise<RawConnection> {
    const c = await openRaw(s!.port);
    raw.push(c);
    return c;
  }

  it('closes slow-loris connections at the header and request timeouts, serving other clients meanwhile', async () => {
    s = await serve(backend);
    const { headersTimeoutMs, requestTimeoutMs, checkIntervalMs } = TIMEOUTS as ServerTimeoutsMs;
    const headerTricklers: RawConnection[] = [];
    const lineTricklers: RawConnection[] = [];
    const bodyTricklers: RawConnection[] = [];
    for (let i = 0; i < 8; i++) {
      const c = await connect();
      await c.send('GET /v1/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      c.trickle(`X-Slow-${i}: ${'a'.repeat(200)}`, 200);
      headerTricklers.push(c);
    }
    for (let i = 0; i < 6; i++) {
      const c = await connect();
      c.trickle(`GET /v1/tasks?namespace=${'b'.repeat(200)}`, 200);
      lineTricklers.push(c);
    }
    for (let i = 0; i < 6; i++) {
      const c = await connect();
      const body = JSON.stringify({ namespace: 't', name: 'one', context: { pad: 'c'.repeat(500) } });
      await c.send(`POST /v1/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`);
      c.trickle(body, 200);
      bodyTricklers.push(c);
    }
    const attackers = [...headerTricklers, ...lineTricklers, ...bodyTricklers];

    // A well-behaved client on its own connections throughout the attack.
    const served: { status: number; ms: number }[] = [];
    let attackOver = false;
    const allClosed = Promise.all(attackers.map((c) => c.closed)).then(() => (attackOver = true));
    const good = (async () => {
      for (let i = 0; !attackOver; i++) {
        const started = performance.now();
        const res =
          i % 2 === 0
            ? await fetch(`${s.base}/v1/tasks?limit=5`)
            : await fetch(`${s.base}/v1/tasks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ namespace: 't', name: 'one' }) });
        await res.arrayBuffer();
        served.push({ status: res.status, ms: performance.now() - started });
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise((_, fail) => (timer = setTimeout(() => fail(new Error('slow clients still connected')), requestTimeoutMs + 5000)));
    await Promise.race([allClosed, deadline]).finally(() => clearTimeout(timer));
    await good;

    const lifetimes = (cs: RawConnection[]) => Promise.all(cs.map(async (c) => (await c.closed) - c.openedAt));
    for (const ms of [...(await lifetimes(headerTricklers)), ...(await lifetimes(lineTricklers))]) {
      expect(ms).toBeGreaterThanOrEqual(headersTimeoutMs - 50);
      expect(ms).toBeLessThan(headersTimeoutMs + checkIntervalMs + SLACK_MS);
    }
    for (const ms of await lifetimes(bodyTricklers)) {
      expect(ms).toBeGreaterThanOrEqual(requestTimeoutMs - 50);
      expect(ms).toBeLessThan(requestTimeoutMs + checkIntervalMs + SLACK_MS);
    }
    // Each was told why before the socket closed, in the API's error shape.
    for (const c of attackers) {
      const text = c.received();
      expect(text, text).toMatch(/^HTTP\/1\.1 408 /);
      expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toEqual({ error: { code: 'invalid_request', message: expect.stringContaining('timeout') } });
    }

    expect(served.length).toBeGreaterThanOrEqual(5);
    expect(served.filter((r) => r.status >= 300)).toEqual([]);
    expect(Math.max(...served.map((r) => r.ms))).toBeLessThan(1000);
    // The cut-off submissions stored nothing: only the good client's tasks exist.
    const submitted = served.filter((r) => r.status === 202).length;
    expect(await s.count('SELECT count(*)::int AS n FROM tasks')).toBe(submitted);
    expect(await s.count("SELECT count(*)::int AS n FROM tasks WHERE context ? 'pad'")).toBe(0);
  });

  it('closes a connection that never sends a byte at the header timeout, as a slow sender', async () => {
    s = await serve(backend);
    const { headersTimeoutMs, checkIntervalMs } = TIMEOUTS as ServerTimeoutsMs;
    // Node starts the header clock when the connection opens, so a silent client cannot outwait it.
    const idle = await connect();
    const lifetime = (await idle.closed) - idle.openedAt;
    expect(lifetime).toBeGreaterThanOrEqual(headersTimeoutMs - 50);
    expect(lifetime).toBeLessThan(headersTimeoutMs + checkIntervalMs + SLACK_MS);
    expect(idle.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect((await fetch(`${s.base}/health/live`)).status).toBe(200);
  });

  it('closes without waiting for silent or slow clients, which Node stops timing once close begins', async () => {
    s = await serve(backend);
    const { requestTimeoutMs, checkIntervalMs } = TIMEOUTS as ServerTimeoutsMs;
    const silent = await connect();
    const headers = await connect();
    await headers.send('GET /v1/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    headers.trickle(`X-Slow: ${'a'.repeat(200)}`, 100);
    const body = await connect();
    await body.send('POST /v1/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n');
    body.trickle('{'.padEnd(499, ' '), 100);
    await until(() => s!.dispatched() === 1, 5000, 'the slow body to be dispatched');

    const started = performance.now();
    await s.app.close();
    const closedIn = performance.now() - started;
    // The silent socket goes at once; those that trickle go by the request timeout at the latest.
    expect((await silent.closed) - started).toBeLessThan(checkIntervalMs + SLACK_MS);
    expect(closedIn).toBeLessThan(requestTimeoutMs + SLACK_MS);
    for (const c of [headers, body]) expect((await c.closed) - started).toBeLessThan(requestTimeoutMs + SLACK_MS);
    expect(await s.count('SELECT count(*)::int AS n FROM tasks')).toBe(0);
  });

  const keyed = (key: string) => ({ namespace: 't', name: 'one', idempotency_key: key, context: { pad: 'p'.repeat(2000) } });
  const rowsWithKey = (key: string) => s!.count('SELECT count(*)::int AS n FROM tasks WHERE idempotency_key = $1', [key]);

  it('stores nothing for a submission cut off half-way through its body; the retry with the same key makes one task', async () => {
    s = await serve(backend);
    const request = jsonRequest('POST', '/v1/tasks', keyed('cut-1'));
    const c = await connect();
    await c.send(request.slice(0, request.length - 1000));
    await until(() => s!.dispatched() === 1, 5000, 'the server to start on the request');
    c.socket.destroy();
    await until(async () => (await s!.openConnections()) === 0, 5000, 'the server to drop the connection');
    expect(await s.count('SELECT count(*)::int AS n FROM tasks')).toBe(0);

    const retry = await postJson(s.base, '/v1/tasks', keyed('cut-1'));
    expect(retry.status).toBe(202);
    const again = await postJson(s.base, '/v1/tasks', keyed('cut-1'));
    expect(again).toEqual({ status: 200, body: retry.body });
    expect(await rowsWithKey('cut-1')).toBe(1);
    expect(await s.count('SELECT count(*)::int AS n FROM tasks')).toBe(1);
  });

  it('answers the retry of a submission whose answer was never read with the same task (200), one row', async () => {
    s = await serve(backend);
    const c = await connect();
    await c.send(jsonRequest('POST', '/v1/tasks', keyed('lost-1')));
    // The client gives up before the answer: a timeout, a crash, a dropped proxy.
    c.socket.destroy();
    await until(async () => (await rowsWithKey('lost-1')) === 1, 5000, 'the first submission to commit');
    const { rows } = await s.h.engine.db.query<{ id: string }>('SELECT id FROM tasks WHERE idempotency_key = $1', ['lost-1']);

    const retry = await postJson(s.base, '/v1/tasks', keyed('lost-1'));
    expect(retry).toEqual({ status: 200, body: { id: rows[0].id, status: 'pending' } });
    expect(await s.count('SELECT count(*)::int AS n FROM tasks')).toBe(1);
    expect(await s.count('SELECT count(*)::int AS n FROM steps')).toBe(1);
    expect(await s.count("SELECT count(*)::int AS n FROM transitions WHERE step_name IS NULL AND to_state = 'pending'")).toBe(1);
  });

  it('makes one task of concurrent submissions that share an idempotency key, naming it in every answer', async () => {
    s = await serve(backend);
    const answers = await Promise.all(Array.from({ length: 20 }, () => postJson(s!.base, '/v1/tasks', keyed('race-1'))));
    const ids = new Set(answers.map((a) => a.body.id));
    expect(ids.size, JSON.stringify(answers)).toBe(1);
    expect(answers.filter((a) => a.status === 202)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(19);
    expect(await rowsWithKey('race-1')).toBe(1);
    expect(await s.count('SELECT count(*)::int AS n FROM steps')).toBe(1);
    // The same holds when the racers come in batches, one key shared across them.
    const batches = await Promise.all(Array.from({ length: 5 }, (_, i) => postJson(s!.base, '/v1/tasks/batch', { tasks: [keyed('race-2'), keyed(`solo-${i}`), keyed('race-2')] })));
    for (const b of batches) expect(b.status).toBe(202);
    expect(new Set(batches.flatMap((b) => [b.body.tasks[0].id, b.body.tasks[2].id])).size).toBe(1);
    expect(await rowsWithKey('race-2')).toBe(1);
    expect(await s.count('SELECT count(*)::int AS n FROM tasks')).toBe(7);
  });

  it('takes the retry of a completion whose answer was lost as a duplicate: the step completes once and releases its dependents once', async () => {
    s = await serve(backend);
    const taskId = (await s.h.engine.submit({ namespace: 't', name: 'diamond', context: {} })).id;
    const worker = await postJson(s.base, '/v1/workers', { name: 'w', handlers: ['t.step'], capacity: 4 });
    const claim = async () => (await postJson(s!.base, `/v1/workers/${worker.body.id}/claim`, { max: 4 })).body.executions as any[];
    const transitions = (step: string, from: string, to: string) =>
      s!.count('SELECT count(*)::int AS n FROM transitions WHERE task_id = $1 AND step_name = $2 AND from_state = $3 AND to_state = $4', [taskId, step, from, to]);
    const pendingDeps = async (step: string) =>
      (await s!.h.engine.db.query<{ pending_deps: number; state: string }>('SELECT pending_deps, state FROM steps WHERE task_id = $1 AND name = $2', [taskId, step])).rows[0];

    const [a] = await claim();
    expect(a.step).toBe('a');
    const completeA = { lease_id: a.lease_id, output: { step: 'a', blob: 'z'.repeat(5000) } };
    const c = await connect();
    await c.send(jsonRequest('POST', `/v1/executions/${a.execution_id}/complete`, completeA));
    c.socket.destroy();
    await until(async () => (await pendingDeps('a')).state === 'complete', 5000, 'the first completion to commit');
    const retry = await postJson(s.base, `/v1/executions/${a.execution_id}/complete`, completeA);
    expect(retry).toEqual({ status: 200, body: { status: 'duplicate' } });
    expect(await transitions('a', 'running', 'complete')).toBe(1);
    for (const step of ['b', 'c']) {
      expect(await transitions(step, 'pending', 'ready')).toBe(1);
      expect(await pendingDeps(step)).toEqual({ pending_deps: 0, state: 'ready' });
    }
    expect(await pendingDeps('d')).toEqual({ pending_deps: 2, state: 'pending' });

    // b's completion is sent five times at once (a client retrying on a timer): one is taken.
    const claimed = await claim();
    expect(claimed.map((e) => e.step).sort()).toEqual(['b', 'c']);
    const b = claimed.find((e) => e.step === 'b')!;
    const other = claimed.find((e) => e.step === 'c')!;
    const answers = await Promise.all(Array.from({ length: 5 }, () => postJson(s!.base, `/v1/executions/${b.execution_id}/complete`, { lease_id: b.lease_id, output: 1 })));
    expect(answers.map((x) => x.body.status).sort()).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'ok']);
    expect(await pendingDeps('d')).toEqual({ pending_deps: 1, state: 'pending' });

    // The last upstream step through the batch endpoint, its answer lost too.
    const batch = { items: [{ execution_id: other.execution_id, lease_id: other.lease_id, output: 2 }] };
    const c2 = await connect();
    await c2.send(jsonRequest('POST', '/v1/executions/complete', batch));
    c2.socket.destroy();
    await until(async () => (await pendingDeps('d')).state === 'ready', 5000, 'the batch completion to commit');
    const batchRetry = await postJson(s.base, '/v1/executions/complete', batch);
    expect(batchRetry.status).toBe(200);
    expect(batchRetry.body.results).toEqual([{ execution_id: String(other.execution_id), status: 'duplicate' }]);
    expect(await pendingDeps('d')).toEqual({ pending_deps: 0, state: 'ready' });
    expect(await transitions('d', 'pending', 'ready')).toBe(1);

    const [d] = await claim();
    expect((await postJson(s.base, `/v1/executions/${d.execution_id}/complete`, { lease_id: d.lease_id, output: 3 })).body).toEqual({ status: 'ok' });
    expect((await s.h.engine.getTask(taskId)).status).toBe('complete');
    for (const step of ['a', 'b', 'c', 'd']) expect(await transitions(step, 'running', 'complete'), step).toBe(1);
    expect(await checkInvariants(s.h.engine.db, { reaperSlackMs: 60_000 })).toEqual({});
  });
});
