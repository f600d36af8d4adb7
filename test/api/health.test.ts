import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestServer } from '../support/server.js';
import { Engine } from '../../src/core/engine.js';
import type { Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { openPg } from '../../src/store/pg-adapter.js';
import { backends, PG_URL } from '../support/db.js';
import { testConfig } from '../support/harness.js';
import { testLogger } from '../support/logger.js';
import { startPgCluster, type PgCluster } from '../support/pg-cluster.js';
import { ONE_STEP_YAML, startApi, type ApiHarness } from './api-harness.js';

describe.each(backends)('GET /health/ready on %s', (backend) => {
  let api: ApiHarness;
  afterEach(async () => api?.close());

  it('is ready with every check named, with its value and limit', async () => {
    api = await startApi(backend, (c) => (c.orchestrator.admissionLimit = 10));
    const { res, body } = await api.call({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(200);
    expect(body).toEqual({
      status: 'ready',
      checks: {
        database: { ok: true },
        listener: { ok: true, value: 'up' },
        backlog: { ok: true, value: 0, limit: 10 },
        oldest_ready: { ok: true, value: 0, limit: null },
        shutdown: { ok: true, value: false },
      },
    });
  });

  it('turns unready when the ready backlog is over a tiny limit, and ready again when it drains', async () => {
    api = await startApi(backend, (c) => (c.orchestrator.admissionLimit = 1));
    await api.h.engine.registerTemplate(ONE_STEP_YAML);
    const ids = [];
    for (let i = 0; i < 2; i++) ids.push((await api.h.engine.submit({ namespace: 't', name: 'one' })).id);
    const over = await api.call({ method: 'GET', url: '/health/ready' });
    expect(over.res.statusCode).toBe(503);
    expect(over.body.status).toBe('unready');
    expect(over.body.checks.backlog).toEqual({ ok: false, value: 2, limit: 1 });
    expect(over.body.checks.database).toEqual({ ok: true });

    await api.h.engine.cancel(ids[0]);
    const under = await api.call({ method: 'GET', url: '/health/ready' });
    expect(under.res.statusCode).toBe(200);
    expect(under.body.checks.backlog).toEqual({ ok: true, value: 1, limit: 1 });
  });

  it('turns unready when the oldest ready step has waited too long', async () => {
    api = await startApi(backend, (c) => (c.orchestrator.readyAgeLimitMs = 50));
    await api.h.engine.registerTemplate(ONE_STEP_YAML);
    await api.h.engine.submit({ namespace: 't', name: 'one' });
    await new Promise((r) => setTimeout(r, 120));
    const { res, body } = await api.call({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(503);
    expect(body.checks.oldest_ready.ok).toBe(false);
    expect(body.checks.oldest_ready.value).toBeGreaterThan(50);
    expect(body.checks.oldest_ready.limit).toBe(50);
  });

  it('keeps answering liveness with 200 whatever readiness says', async () => {
    api = await startApi(backend, (c) => (c.orchestrator.readyAgeLimitMs = 1));
    const { res, body } = await api.call({ method: 'GET', url: '/health/live' });
    expect(res.statusCode).toBe(200);
    expect(body).toEqual({ status: 'ok' });
  });
});

describe.runIf(PG_URL)('GET /health/ready while PostgreSQL goes away and comes back', () => {
  let cluster: PgCluster;
  let db: Db;
  let app: FastifyInstance;
  let unlisten: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    cluster = await startPgCluster();
    db = openPg({ url: cluster.url, schema: 'baton', poolSize: 2, listenHealthCheckMs: 200 });
    await migrate(db);
    // A subscription, as a worker or an event stream has: the LISTEN connection must come back too.
    unlisten = await db.listen('baton_ready', () => {});
    app = await buildTestServer({ engine: new Engine(db, testLogger), config: testConfig(), logger: testLogger });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    await unlisten?.().catch(() => {});
    await db?.close();
    await cluster?.destroy();
  });

  async function readyWithin(status: number, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await app.inject({ method: 'GET', url: '/health/ready' });
      if (res.statusCode === status || Date.now() > deadline) return res;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('answers 503 naming the database while it is stopped, and 200 again once it is back', async () => {
    const before = await readyWithin(200, 10_000);
    expect(before.statusCode).toBe(200);
    expect(before.json().checks.listener).toEqual({ ok: true, value: 'up' });

    await cluster.stop();
    const down = await readyWithin(503, 10_000);
    expect(down.statusCode).toBe(503);
    const body = down.json();
    expect(body.status).toBe('unready');
    expect(body.checks.database.ok).toBe(false);
    expect(body.checks.database.error).toMatch(/ECONNREFUSED|connect|terminat|closed/i);
    expect(body.checks.backlog).toMatchObject({ ok: true, value: null });
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);

    await cluster.start();
    const back = await readyWithin(200, 20_000);
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().checks).toMatchObject({ database: { ok: true }, listener: { ok: true, value: 'up' } });
  });
});
