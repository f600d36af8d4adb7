import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestServer } from '../support/server.js';
import { createToken } from '../../src/api/token.js';
import { Engine } from '../../src/core/engine.js';
import { createLogger, type Logger } from '../../src/observability/logger.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { openPg } from '../../src/store/pg-adapter.js';
import { startHttpWorker } from '../../src/worker/http-worker.js';
import { defineHandler } from '../../src/worker/types.js';
import type { Worker } from '../../src/worker/worker.js';
import { terminateBackends } from '../support/chaos.js';
import { backends, createTestDb, PG_URL, type TestDb } from '../support/db.js';
import { testConfig } from '../support/harness.js';
import { openRaw } from '../support/raw-http.js';
import { until } from '../support/wait.js';
import { ONE_STEP_YAML } from './api-harness.js';

/**
 * No secret reaches a log line, at the most verbose level: not the HS256
 * secret, a bearer token (valid, forged or sent in a URL), a cookie, the
 * database password, or a task context's `password`.
 */

const JWT_SECRET = 'jwt-secret-for-the-log-test-0123456789abcdef';
const DB_PASSWORD = 'Db-Passw0rd-in-the-url';
const COOKIE = 'session-cookie-value-7f3a9c';
const CONTEXT_PASSWORD = 'context-password-hunter2';
const NESTED_PASSWORD = 'nested-context-password-swordfish';

/** The URL with `password` in its userinfo (trust authentication ignores it). */
function withPassword(url: string, password: string): string {
  const u = new URL(url);
  u.password = password;
  return u.toString();
}

function captureLogs(): { logger: Logger; text(): string; lines(): Record<string, unknown>[] } {
  const chunks: string[] = [];
  const logger = createLogger({ level: 'trace', destination: { write: (chunk: string) => chunks.push(chunk) } });
  const text = () => chunks.join('');
  const lines = () =>
    text()
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { logger, text, lines };
}

/** A log line with any serialised Buffer (`{type: 'Buffer', data: [...]}`) turned back into text. */
function decodeBuffers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeBuffers);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if (record.type === 'Buffer' && Array.isArray(record.data)) return Buffer.from(record.data as number[]).toString('latin1');
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, decodeBuffers(v)]));
}

/** Fails naming each secret found in the logs, and the line it is on. */
function expectNoSecrets(logs: ReturnType<typeof captureLogs>, secrets: Record<string, string>): void {
  const lines = logs.lines();
  expect(lines.length).toBeGreaterThan(5);
  const decoded = lines.map((l) => JSON.stringify(decodeBuffers(l)));
  const found: string[] = [];
  for (const [name, secret] of Object.entries(secrets)) {
    for (const line of decoded) if (line.includes(secret)) found.push(`${name} in ${line.slice(0, 400)}`);
    // Also URL- and JSON-escaped forms.
    if (logs.text().includes(encodeURIComponent(secret))) found.push(`${name} (URL-encoded)`);
  }
  expect(found).toEqual([]);
  // Node's parser errors carry the raw request bytes, headers included: they must never be logged.
  expect(logs.text()).not.toContain('rawPacket');
}

describe.each(backends)('secrets in logs on %s', (backend) => {
  let runtime: Runtime | undefined;
  let app: FastifyInstance | undefined;
  let testDb: TestDb | undefined;
  let pgSchema: string | undefined;
  const workers: Worker[] = [];
  afterEach(async () => {
    for (const w of workers.splice(0)) await w.stop();
    await app?.close();
    await runtime?.stop();
    await testDb?.close();
    if (pgSchema) {
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS ${pgSchema} CASCADE`).finally(() => admin.end());
    }
    app = runtime = testDb = pgSchema = undefined;
  });

  it('never writes the JWT secret, tokens, cookies, the database password or a context password', async () => {
    const logs = captureLogs();
    const config = testConfig((c) => {
      c.auth.hs256Secret = JWT_SECRET;
      c.log.level = 'trace';
    });
    // On PostgreSQL the runtime connects with a URL that holds a password; PGlite gets the URL in its config only.
    const dbUrl = withPassword(PG_URL ?? 'postgresql://baton@127.0.0.1:5432/baton', DB_PASSWORD);
    config.database.url = dbUrl;
    const audit = defineHandler('x', (ctx) => {
      // A handler (or middleware) that logs what it was given, as audit code does.
      ctx.log.info({ context: ctx.task.context, params: ctx.params }, 'audit: step input');
      return { ok: true };
    });
    if (backend === 'pg') {
      pgSchema = `t_${randomBytes(6).toString('hex')}`;
      config.database.schema = pgSchema;
      runtime = await createRuntime({ config, logger: logs.logger, handlers: [audit] });
    } else {
      testDb = await createTestDb('pglite');
      runtime = await createRuntime({ config, db: testDb.db, logger: logs.logger, handlers: [audit] });
    }
    app = await buildTestServer({ engine: runtime.engine, config, logger: logs.logger });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as AddressInfo).port;
    const base = `http://127.0.0.1:${port}`;

    const admin = await createToken({ secret: JWT_SECRET, scopes: ['admin'], subject: 'ops' });
    const reader = await createToken({ secret: JWT_SECRET, scopes: ['tasks:read'] });
    const forged = await createToken({ secret: 'some-other-secret-0123456789abcdefghij', scopes: ['admin'] });
    const workerToken = await createToken({ secret: JWT_SECRET, scopes: ['workers'] });
    const secrets = {
      'JWT secret': JWT_SECRET,
      'database password': DB_PASSWORD,
      cookie: COOKIE,
      'context password': CONTEXT_PASSWORD,
      'nested context password': NESTED_PASSWORD,
      'admin token': admin,
      'admin token signature': admin.split('.')[2],
      'reader token': reader,
      'forged token': forged,
      'worker token': workerToken,
    };
    const call = async (method: string, path: string, opts: { token?: string; body?: unknown; type?: string } = {}) => {
      const headers: Record<string, string> = { cookie: `sid=${COOKIE}; theme=dark` };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      if (opts.body !== undefined) headers['content-type'] = opts.type ?? 'application/json';
      const res = await fetch(`${base}${path}`, {
        method,
        headers,
        ...(opts.body !== undefined ? { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) } : {}),
      });
      return { status: res.status, body: await res.text() };
    };

    expect((await call('POST', '/v1/templates', { token: admin, body: ONE_STEP_YAML, type: 'application/yaml' })).status).toBe(201);
    const context = { user: 'ana', password: CONTEXT_PASSWORD, account: { password: NESTED_PASSWORD } };
    const submitted = await call('POST', '/v1/tasks', { token: admin, body: { namespace: 't', name: 'one', context } });
    expect(submitted.status).toBe(202);
    const taskId = JSON.parse(submitted.body).id as string;
    await until(async () => (await runtime!.engine.getTask(taskId)).status === 'complete', 10_000, 'the task to complete');

    // Refused requests: a forged token, a malformed header, a missing scope, a bad body, a token in a URL.
    expect((await call('GET', '/v1/tasks', { token: forged })).status).toBe(401);
    expect((await call('GET', '/v1/tasks', { token: `${admin} ${JWT_SECRET}` })).status).toBe(401);
    expect((await call('POST', '/v1/tasks', { token: reader, body: { namespace: 't', name: 'one', context } })).status).toBe(403);
    expect((await call('POST', '/v1/tasks', { token: admin, body: { namespace: 't', name: 'one', context, colour: JWT_SECRET.length } })).status).toBe(400);
    expect((await call('POST', '/v1/tasks', { token: admin, body: '{"password": "' + CONTEXT_PASSWORD })).status).toBe(400);
    expect((await call('GET', `/v1/tasks?access_token=${admin}`)).status).toBe(401);
    expect((await call('GET', `/v1/tasks?token=${reader}&password=${DB_PASSWORD}`, { token: reader })).status).toBe(400);
    expect((await call('GET', `/v1/tasks/${taskId}`, { token: reader })).status).toBe(200);
    expect((await call('GET', '/metrics', { token: admin })).status).toBe(200);

    // A request Node's parser refuses, carrying the token and the cookie.
    const bad = await openRaw(port);
    await bad.send(`GET /v1/tasks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${admin}\r\nCookie: sid=${COOKIE}\r\nBad Header: ${JWT_SECRET}\r\n\r\n`);
    expect((await bad.response()).status).toBe(400);
    await bad.closed;

    // A worker over HTTP with its token, and one whose token the server does not accept.
    const { worker } = await startHttpWorker({ serverUrl: base, name: 'w', handlers: [audit], logger: logs.logger, token: workerToken, claimWaitMs: 200 });
    workers.push(worker);
    await expect(startHttpWorker({ serverUrl: base, name: 'forged', handlers: [audit], logger: logs.logger, token: forged })).rejects.toThrow(/401|unauthorized|token/i);
    const second = JSON.parse((await call('POST', '/v1/tasks', { token: admin, body: { namespace: 't', name: 'one', context } })).body).id as string;
    await until(async () => (await runtime!.engine.getTask(second)).status === 'complete', 10_000, 'the second task to complete');

    if (backend === 'pg') {
      // A lost LISTEN connection is logged as it reconnects: with the URL's password?
      await terminateBackends(PG_URL!, pgSchema!, 'listen');
      await until(() => logs.text().includes('database connection error'), 10_000, 'the reconnect log line');
    }

    // The lines under test were written: requests, refusals, the handler's audit line.
    const messages = logs.lines().map((l) => l.msg);
    for (const msg of ['incoming request', 'request rejected', 'audit: step input']) expect(messages).toContain(msg);
    const auditLine = logs.lines().find((l) => l.msg === 'audit: step input')!;
    expect(auditLine.context).toEqual({ user: 'ana', password: '[redacted]', account: { password: '[redacted]' } });
    expectNoSecrets(logs, secrets);
  });
});

describe('secrets in logs with an unreachable database', () => {
  it('logs the refused requests and failed readiness without the password of the database URL', async () => {
    const logs = captureLogs();
    const url = `postgresql://baton:${DB_PASSWORD}@127.0.0.1:1/none`;
    const db = openPg({ url, schema: 'baton', poolSize: 1 });
    const config = testConfig((c) => {
      c.database.url = url;
      c.auth.hs256Secret = JWT_SECRET;
    });
    const app = await buildTestServer({ engine: new Engine(db, logs.logger), config, logger: logs.logger });
    try {
      const token = await createToken({ secret: JWT_SECRET, scopes: ['admin'] });
      const headers = { authorization: `Bearer ${token}`, cookie: `sid=${COOKIE}` };
      expect((await app.inject({ method: 'GET', url: '/v1/tasks', headers })).statusCode).toBe(503);
      expect((await app.inject({ method: 'POST', url: '/v1/tasks', headers, payload: { namespace: 't', name: 'one', context: { password: CONTEXT_PASSWORD } } })).statusCode).toBe(
        503,
      );
      expect((await app.inject({ method: 'GET', url: '/health/ready', headers })).statusCode).toBe(503);
      expect(logs.lines().map((l) => l.msg)).toEqual(expect.arrayContaining(['request refused', 'not ready']));
      expectNoSecrets(logs, { 'database password': DB_PASSWORD, 'JWT secret': JWT_SECRET, token, cookie: COOKIE, 'context password': CONTEXT_PASSWORD });
    } finally {
      await app.close();
      await db.close();
    }
  });
});
