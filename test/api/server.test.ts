import { afterEach, describe, expect, it } from 'vitest';
import { ServerTimeouts } from '../../src/api/server.js';
import { buildTestServer } from '../support/server.js';
import { defaultConfig } from '../../src/config/schema.js';
import { Engine } from '../../src/core/engine.js';
import { openPg } from '../../src/store/pg-adapter.js';
import { backends } from '../support/db.js';
import { testLogger } from '../support/logger.js';
import { ONE_STEP_YAML, startApi, type ApiHarness } from './api-harness.js';

const STACK_LINE = /\bat .*\.(ts|js):\d+/;

describe.each(backends)('HTTP server on %s', (backend) => {
  let api: ApiHarness;
  afterEach(async () => api?.close());

  it('answers malformed JSON with 400 invalid_json, and stores nothing', async () => {
    api = await startApi(backend);
    for (const url of ['/v1/tasks', '/v1/templates', '/v1/tasks/batch']) {
      const { res, body } = await api.call({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: '{"namespace": "t",' });
      expect(res.statusCode, url).toBe(400);
      expect(body.error.code, url).toBe('invalid_json');
      expect(body.error.message).toMatch(/not valid JSON/);
      expect(res.body).not.toMatch(STACK_LINE);
    }
    const poisoned = await api.call({ method: 'POST', url: '/v1/tasks', headers: { 'content-type': 'application/json' }, payload: '{"__proto__": {"x": 1}}' });
    expect(poisoned.res.statusCode).toBe(400);
    expect(poisoned.body.error.code).toBe('invalid_json');
    expect((await api.call({ method: 'GET', url: '/v1/templates' })).body.templates).toEqual([]);
  });

  it('refuses values the database cannot store (NUL characters, absurd nesting) with 400, never 500', async () => {
    api = await startApi(backend);
    await api.call({ method: 'POST', url: '/v1/templates', headers: { 'content-type': 'application/yaml' }, payload: ONE_STEP_YAML });
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const json = (url: string, payload: string) => ({ method: 'POST' as const, url, headers: { 'content-type': 'application/json' }, payload });
    const cases: [string, Parameters<ApiHarness['call']>[0], string][] = [
      ['NUL in context', json('/v1/tasks', '{"namespace":"t","name":"one","context":{"a":"x\\u0000"}}'), 'context.a'],
      ['NUL in a key', json('/v1/tasks', '{"namespace":"t","name":"one","context":{"a\\u0000":1}}'), 'context'],
      ['NUL in idempotency key', json('/v1/tasks', '{"namespace":"t","name":"one","idempotency_key":"\\u0000"}'), 'idempotency_key'],
      ['NUL in a query', { method: 'GET', url: '/v1/tasks?namespace=%00' }, 'namespace'],
      ['NUL in a path', { method: 'GET', url: '/v1/templates/t%00/one' }, 'namespace'],
      ['deep context', json('/v1/tasks', `{"namespace":"t","name":"one","context":{"a":${deep}}}`), 'context.a[0]'],
      ['deep output', json('/v1/executions/1/complete', `{"lease_id":"00000000-0000-4000-8000-000000000000","output":${deep}}`), 'output[0]'],
    ];
    for (const [what, req, path] of cases) {
      const { res, body } = await api.call(req);
      expect(res.statusCode, what).toBe(400);
      expect(body.error.code, what).toBe('invalid_request');
      expect(body.error.details.errors[0].path, what).toContain(path);
    }
    const nulTemplate = await api.call({
      method: 'POST',
      url: '/v1/templates',
      headers: { 'content-type': 'application/yaml' },
      payload: ONE_STEP_YAML.replace('version: "1"', 'version: "2"\ndescription: "a\\0b"'),
    });
    expect(nulTemplate.res.statusCode).toBe(400);
    expect(nulTemplate.body.error.code).toBe('invalid_template');
    expect(nulTemplate.body.error.details.issues).toEqual([{ path: 'description', message: expect.stringContaining('NUL') }]);
    expect((await api.h.engine.listTasks({ limit: 10 })).tasks).toHaveLength(0);
    expect((await api.call({ method: 'GET', url: '/v1/templates' })).body.templates).toHaveLength(1);
  });

  it('answers an unsupported content type with 415, YAML included outside /v1/templates', async () => {
    api = await startApi(backend);
    for (const [url, type] of [
      ['/v1/tasks', 'application/xml'],
      ['/v1/tasks', 'text/plain'],
      ['/v1/tasks', 'application/yaml'],
      ['/v1/templates', 'application/xml'],
      ['/v1/templates', 'multipart/form-data; boundary=x'],
    ]) {
      const { res, body } = await api.call({ method: 'POST', url, headers: { 'content-type': type }, payload: 'namespace: t' });
      expect(res.statusCode, `${url} ${type}`).toBe(415);
      expect(body.error.code).toBe('unsupported_media_type');
    }
  });

  it('answers a body over the limit with 413 payload_too_large and creates nothing', async () => {
    api = await startApi(backend, (c) => {
      c.server.bodyLimitBytes = 2048;
    });
    const big = ONE_STEP_YAML + `description: "${'x'.repeat(4096)}"\n`;
    const yamlRes = await api.call({ method: 'POST', url: '/v1/templates', headers: { 'content-type': 'application/yaml' }, payload: big });
    expect(yamlRes.res.statusCode).toBe(413);
    expect(yamlRes.body.error.code).toBe('payload_too_large');
    expect(yamlRes.body.error.message).toContain('2048');

    const small = await api.call({ method: 'POST', url: '/v1/templates', headers: { 'content-type': 'application/yaml' }, payload: ONE_STEP_YAML });
    expect(small.res.statusCode).toBe(201);
    const tasks = Array.from({ length: 100 }, () => ({ namespace: 't', name: 'one', context: { pad: 'y'.repeat(50) } }));
    const batch = await api.call({ method: 'POST', url: '/v1/tasks/batch', payload: { tasks } });
    expect(batch.res.statusCode).toBe(413);
    expect(batch.body.error.code).toBe('payload_too_large');
    expect((await api.h.engine.listTasks({ limit: 10 })).tasks).toHaveLength(0);
    expect((await api.call({ method: 'GET', url: '/v1/templates' })).body.templates).toHaveLength(1);
  });

  it('echoes x-request-id, sanitised and capped, and makes one up otherwise', async () => {
    api = await startApi(backend);
    const given = await api.call({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'abc-123' } });
    expect(given.res.headers['x-request-id']).toBe('abc-123');
    const dirty = await api.call({ method: 'GET', url: '/v1/tasks/nope', headers: { 'x-request-id': 'a b"c<d>\te' } });
    expect(dirty.res.statusCode).toBe(404);
    expect(dirty.res.headers['x-request-id']).toBe('abcde');
    const long = await api.call({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'r'.repeat(500) } });
    expect(long.res.headers['x-request-id']).toBe('r'.repeat(128));
    const made = await api.call({ method: 'GET', url: '/health/live' });
    const other = await api.call({ method: 'GET', url: '/health/live' });
    expect(made.res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(made.res.headers['x-request-id']).not.toBe(other.res.headers['x-request-id']);
    const failed = await api.call({ method: 'POST', url: '/v1/tasks', headers: { 'content-type': 'application/json', 'x-request-id': 'req-9' }, payload: '{' });
    expect(failed.res.statusCode).toBe(400);
    expect(failed.res.headers['x-request-id']).toBe('req-9');
    const badUrl = await api.call({ method: 'GET', url: '/v1/tasks/%E0%A4%A', headers: { 'x-request-id': 'req-10' } });
    expect(badUrl.res.statusCode).toBe(400);
    expect(badUrl.body.error.code).toBe('invalid_request');
    expect(badUrl.res.headers['x-request-id']).toBe('req-10');
  });

  it('answers unknown routes and methods with 404 not_found in the error shape', async () => {
    api = await startApi(backend);
    for (const [method, url] of [
      ['GET', '/v1/nothing'],
      ['DELETE', '/v1/tasks'],
      ['GET', '/dashboard/nothing.js'],
    ] as const) {
      const { res, body } = await api.call({ method, url });
      expect(res.statusCode, url).toBe(404);
      expect(body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    }
  });

  it('reports liveness and readiness', async () => {
    api = await startApi(backend);
    const live = await api.call({ method: 'GET', url: '/health/live' });
    expect(live.res.statusCode).toBe(200);
    expect(live.body).toEqual({ status: 'ok' });
    const ready = await api.call({ method: 'GET', url: '/health/ready' });
    expect(ready.res.statusCode).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', checks: { database: { ok: true }, shutdown: { ok: true } } });
  });

  it('hides unexpected errors behind 500 internal with a generic message', async () => {
    api = await startApi(backend);
    const app = await buildTestServer({ engine: api.h.engine, config: api.h.runtime.config, logger: testLogger });
    app.get('/boom', async () => {
      throw new Error('secret detail from deep inside');
    });
    try {
      const res = await app.inject({ method: 'GET', url: '/boom', headers: { 'x-request-id': 'boom-1' } });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({ error: { code: 'internal', message: expect.stringContaining('x-request-id') } });
      expect(res.body).not.toContain('secret');
      expect(res.body).not.toMatch(STACK_LINE);
      expect(res.headers['x-request-id']).toBe('boom-1');
    } finally {
      await app.close();
    }
  });
});

describe('HTTP server without a database', () => {
  it('answers 503 unavailable with Retry-After, and readiness says the database check failed', async () => {
    // A real connection to a port nothing listens on: the driver's own ECONNREFUSED.
    const db = openPg({ url: 'postgresql://postgres@127.0.0.1:1/none', schema: 'baton', poolSize: 1 });
    const engine = new Engine(db, testLogger);
    const app = await buildTestServer({ engine, config: defaultConfig(), logger: testLogger });
    try {
      const list = await app.inject({ method: 'GET', url: '/v1/tasks' });
      expect(list.statusCode).toBe(503);
      expect(list.headers['retry-after']).toBe('5');
      expect(list.json().error.code).toBe('unavailable');
      const submit = await app.inject({ method: 'POST', url: '/v1/tasks', payload: { namespace: 't', name: 'one' } });
      expect(submit.statusCode).toBe(503);

      const ready = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(503);
      const body = ready.json();
      expect(body.status).toBe('unready');
      expect(body.checks.database.ok).toBe(false);
      expect(body.checks.database.error).toMatch(/ECONNREFUSED|connect/);
      const live = await app.inject({ method: 'GET', url: '/health/live' });
      expect(live.statusCode).toBe(200);
    } finally {
      await app.close();
      await db.close();
    }
  });

  it('sets socket timeouts that close slow clients', async () => {
    const db = openPg({ url: 'postgresql://postgres@127.0.0.1:1/none', schema: 'baton', poolSize: 1 });
    const app = await buildTestServer({ engine: new Engine(db, testLogger), config: defaultConfig(), logger: testLogger });
    try {
      await app.ready();
      expect(app.server.requestTimeout).toBe(ServerTimeouts.requestTimeoutMs);
      expect(app.server.keepAliveTimeout).toBe(ServerTimeouts.keepAliveTimeoutMs);
      expect(app.server.timeout).toBe(ServerTimeouts.connectionTimeoutMs);
      expect(app.server.headersTimeout).toBe(ServerTimeouts.headersTimeoutMs);
      expect(app.server.headersTimeout).toBeLessThanOrEqual(ServerTimeouts.requestTimeoutMs);
      // Node's default check (every 30 s) would let a slow client outlive headersTimeout by that much.
      expect((app.server as unknown as { connectionsCheckingInterval: number }).connectionsCheckingInterval).toBe(ServerTimeouts.checkIntervalMs);
    } finally {
      await app.close();
      await db.close();
    }
  });

  it('takes shorter timeouts from its caller, refusing a header timeout over the request timeout', async () => {
    const db = openPg({ url: 'postgresql://postgres@127.0.0.1:1/none', schema: 'baton', poolSize: 1 });
    const engine = new Engine(db, testLogger);
    const app = await buildTestServer({ engine, config: defaultConfig(), logger: testLogger, timeouts: { headersTimeoutMs: 200, requestTimeoutMs: 400, checkIntervalMs: 50 } });
    try {
      expect([app.server.headersTimeout, app.server.requestTimeout, app.server.timeout]).toEqual([200, 400, ServerTimeouts.connectionTimeoutMs]);
      for (const timeouts of [{ headersTimeoutMs: 500, requestTimeoutMs: 400 }, { checkIntervalMs: 0 }, { requestTimeoutMs: 1.5 }, { keepAliveTimeoutMs: -1 }]) {
        await expect(buildTestServer({ engine, config: defaultConfig(), logger: testLogger, timeouts }), JSON.stringify(timeouts)).rejects.toMatchObject({
          code: 'invalid_config',
          message: expect.stringMatching(new RegExp(Object.keys(timeouts)[0])),
        });
      }
    } finally {
      await app.close();
      await db.close();
    }
  });
});
