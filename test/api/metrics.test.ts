import { afterEach, describe, expect, it } from 'vitest';
import { get } from 'node:http';
import { defineHandler } from '../../src/worker/types.js';
import { backends } from '../support/db.js';
import { startHarness, waitForTask, type Harness } from '../support/harness.js';
import { testLogger } from '../support/logger.js';
import { buildTestServer } from '../support/server.js';

/** The value of one sample of the Prometheus text format, or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found: Record<string, string> = {};
    for (const pair of (match[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) found[pair[1]] = pair[2];
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[4]);
  }
  return undefined;
}

const CHAIN = `
namespace: m
name: chain
version: "1"
steps:
  - { name: a, handler: m.a }
  - { name: b, handler: m.b, depends_on: [a], retry: { max_attempts: 3, backoff: fixed, base_ms: 10, jitter: false } }
  - { name: c, handler: m.c, depends_on: [b] }
`;

describe.each(backends)('metrics on %s', (backend) => {
  let h: Harness;
  // Every server here is built by createRuntime (http: true), which wires the metrics; the runtime closes it.
  afterEach(async () => {
    await h?.close();
  });

  it('counts a known run: tasks, steps by outcome, one retry, durations, queue waits, HTTP requests', async () => {
    const N = 3;
    h = await startHarness(backend, {
      http: true,
      // Long leases: a heartbeat delayed by a loaded machine must not expire one and change the counts.
      config: (c) => {
        c.worker.leaseMs = 30_000;
        c.worker.heartbeatMs = 10_000;
      },
      handlers: [
        defineHandler('m.a', () => ({ ok: true })),
        // Fails its first attempt for the one task whose context asks for it.
        defineHandler('m.b', (ctx) => {
          if ((ctx.task.context as { flaky?: boolean }).flaky && ctx.step.attempt === 1) throw new Error('first attempt fails');
          return { ok: true };
        }),
        defineHandler('m.c', () => ({ ok: true })),
      ],
    });
    const app = h.runtime.app!;
    await h.engine.registerTemplate(CHAIN);
    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
      const res = await app.inject({ method: 'POST', url: '/v1/tasks', payload: { namespace: 'm', name: 'chain', context: { flaky: i === 0 } } });
      expect(res.statusCode).toBe(202);
      ids.push(res.json().id);
    }
    for (const id of ids) expect((await waitForTask(h.engine, id, { timeoutMs: 45_000 })).status).toBe('complete');

    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const text = res.body;
    const template = { namespace: 'm', name: 'chain' };
    expect(sample(text, 'baton_tasks_submitted_total', template)).toBe(N);
    expect(sample(text, 'baton_tasks_finished_total', { ...template, status: 'complete' })).toBe(N);
    expect(sample(text, 'baton_tasks_finished_total', { ...template, status: 'error' })).toBeUndefined();
    for (const handler of ['m.a', 'm.b', 'm.c']) {
      expect(sample(text, 'baton_steps_finished_total', { handler, outcome: 'complete' }), handler).toBe(N);
    }
    expect(sample(text, 'baton_steps_finished_total', { handler: 'm.b', outcome: 'failed' })).toBe(1);
    expect(sample(text, 'baton_steps_finished_total', { handler: 'm.a', outcome: 'failed' })).toBeUndefined();
    expect(sample(text, 'baton_step_retries_total', { handler: 'm.b' })).toBe(1);
    expect(sample(text, 'baton_step_retries_total', { handler: 'm.a' })).toBeUndefined();
    // One observation per attempt: N + 1 for the handler that was retried.
    expect(sample(text, 'baton_step_duration_seconds_count', { handler: 'm.a' })).toBe(N);
    expect(sample(text, 'baton_step_duration_seconds_count', { handler: 'm.b' })).toBe(N + 1);
    expect(sample(text, 'baton_step_queue_wait_seconds_count', { handler: 'm.b' })).toBe(N + 1);
    expect(sample(text, 'baton_step_queue_wait_seconds_count', { handler: 'm.c' })).toBe(N);
    expect(sample(text, 'baton_step_duration_seconds_sum', { handler: 'm.c' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'baton_leases_expired_total')).toBe(0);
    expect(sample(text, 'baton_workers_active')).toBe(1);
    expect(sample(text, 'baton_ready_backlog')).toBeUndefined();
    expect(sample(text, 'baton_http_request_duration_seconds_count', { method: 'POST', route: '/v1/tasks', status: '202' })).toBe(N);
    expect(sample(text, 'baton_sse_clients')).toBe(0);
    // Default process metrics are on the same registry.
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    if (backend === 'pg') expect(sample(text, 'baton_db_pool_connections')).toBeGreaterThan(0);
    else expect(sample(text, 'baton_db_pool_connections')).toBe(0);
  });

  it('reads the ready backlog per handler on scrape, and counts expired leases', async () => {
    h = await startHarness(backend, { http: true });
    const app = h.runtime.app!;
    await h.engine.registerTemplate(`{namespace: m, name: pair, version: "1", steps: [{name: a, handler: m.x}, {name: b, handler: m.y}]}`);
    for (let i = 0; i < 2; i++) await h.engine.submit({ namespace: 'm', name: 'pair' });
    let text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(sample(text, 'baton_ready_backlog', { handler: 'm.x' })).toBe(2);
    expect(sample(text, 'baton_ready_backlog', { handler: 'm.y' })).toBe(2);

    // A claim whose worker never reports: the sweeper expires its lease.
    const [claimed] = await h.engine.claim({ workerId: 'ghost', handlers: ['m.x'], labels: {}, limit: 1, leaseMs: 50 });
    expect(claimed).toBeDefined();
    const deadline = Date.now() + 10_000;
    for (;;) {
      text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
      if (sample(text, 'baton_leases_expired_total') === 1 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(sample(text, 'baton_leases_expired_total')).toBe(1);
    expect(sample(text, 'baton_steps_finished_total', { handler: 'm.x', outcome: 'failed' })).toBe(1);
    expect(sample(text, 'baton_step_queue_wait_seconds_count', { handler: 'm.x' })).toBe(1);
  });

  it('lets other code set the SSE client gauge, and gives each server its own registry', async () => {
    h = await startHarness(backend, { http: true });
    const app = h.runtime.app!;
    const other = await buildTestServer({ engine: h.engine, config: h.runtime.config, logger: testLogger });
    try {
      // A real event stream counts while it is open.
      await app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = app.server.address() as { port: number };
      const stream = await new Promise<{ status: number; close(): void }>((resolve, reject) => {
        const req = get(`http://127.0.0.1:${port}/v1/events`, (res) => resolve({ status: res.statusCode ?? 0, close: () => req.destroy() }));
        req.on('error', reject);
      });
      expect(stream.status).toBe(200);
      expect(sample((await app.inject({ method: 'GET', url: '/metrics' })).body, 'baton_sse_clients')).toBe(1);
      stream.close();

      let open = 4;
      app.metrics.setSseClients(() => open);
      expect(sample((await app.inject({ method: 'GET', url: '/metrics' })).body, 'baton_sse_clients')).toBe(4);
      open = 2;
      expect(sample((await app.inject({ method: 'GET', url: '/metrics' })).body, 'baton_sse_clients')).toBe(2);
      expect(sample((await other.inject({ method: 'GET', url: '/metrics' })).body, 'baton_sse_clients')).toBe(0);
      expect(other.metrics.registry).not.toBe(app.metrics.registry);
    } finally {
      await other.close();
    }
  });

  it('counts the worker protocol: registrations, claims, heartbeats and removals of an HTTP worker', async () => {
    h = await startHarness(backend, { http: true, sweeper: false });
    const app = h.runtime.app!;
    const registered = await app.inject({ method: 'POST', url: '/v1/workers', payload: { name: 'w', handlers: ['m.x'] } });
    expect(registered.statusCode).toBe(201);
    const id = registered.json().id as string;
    let text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(sample(text, 'baton_worker_registrations_total', { transport: 'http' })).toBe(1);

    expect((await app.inject({ method: 'POST', url: `/v1/workers/${id}/claim`, payload: { max: 1, wait_ms: 0 } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: `/v1/workers/${id}/heartbeat`, payload: { executions: [] } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'DELETE', url: `/v1/workers/${id}` })).statusCode).toBe(200);
    text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(sample(text, 'baton_worker_claims_total', { result: 'empty' })).toBe(1);
    expect(sample(text, 'baton_worker_claim_wait_seconds_count')).toBe(1);
    expect(sample(text, 'baton_worker_heartbeats_total')).toBe(1);
    expect(sample(text, 'baton_worker_aborts_total')).toBe(0);
    expect(sample(text, 'baton_worker_removals_total')).toBe(1);
  });
});
