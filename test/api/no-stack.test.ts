import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestServer } from '../support/server.js';
import { createToken } from '../../src/api/token.js';
import { Engine } from '../../src/core/engine.js';
import { openPg } from '../../src/store/pg-adapter.js';
import { backends } from '../support/db.js';
import { startHarness, testConfig, type Harness } from '../support/harness.js';
import { testLogger } from '../support/logger.js';
import { openRaw } from '../support/raw-http.js';
import { ONE_STEP_YAML, ORDER_TEMPLATE } from './api-harness.js';

/**
 * Every kind of error the API answers, over real sockets: none of the bodies
 * holds a stack trace, a source path or an internal message (DESIGN §4: "No
 * stack traces to clients"). Each is in the error shape with a request id.
 */

const SECRET = 'no-stack-test-hs256-secret-0123456789abcdef';
const NO_TASK = '00000000-0000-4000-8000-000000000000';

/** What a stack trace or an internal location looks like in text. */
const LEAKS: [string, RegExp][] = [
  ['a stack frame', /\n\s*at |\bat [\w$.<>[\]]+ \(|\bat (?:async )?\/|\bat file:/],
  ['a source position', /\.(?:[cm]?[jt]s|tsx?):\d+/],
  ['a source directory', /\/(?:src|dist|lib)\//],
  ['node_modules', /node_modules/],
  ['a file URL', /file:\/\//],
  ['the working directory', new RegExp(process.cwd().replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))],
  ['an error class name', /\b(?:TypeError|ReferenceError|RangeError|SyntaxError|DatabaseError|FastifyError|ZodError):/],
  ['an SQL text', /\b(?:SELECT|INSERT|UPDATE|DELETE)\b.*\b(?:FROM|INTO|SET)\b/],
];

interface Answer {
  label: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

function expectNoLeaks(answers: Answer[]): void {
  const leaks: string[] = [];
  for (const a of answers) {
    for (const [what, pattern] of LEAKS) if (pattern.test(a.body)) leaks.push(`${a.label} (${a.status}) shows ${what}: ${a.body.slice(0, 300)}`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(a.body);
    } catch {
      leaks.push(`${a.label} (${a.status}) is not JSON: ${a.body.slice(0, 200)}`);
      continue;
    }
    if (JSON.stringify(parsed).includes('"stack"')) leaks.push(`${a.label} carries a stack field`);
    const error = (parsed as { error?: { code?: unknown; message?: unknown } }).error;
    if (typeof error?.code !== 'string' || typeof error.message !== 'string') leaks.push(`${a.label} is not in the error shape: ${a.body.slice(0, 200)}`);
    if (!a.headers['x-request-id']) leaks.push(`${a.label} has no x-request-id`);
  }
  expect(leaks).toEqual([]);
}

async function listen(app: FastifyInstance): Promise<{ base: string; port: number }> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  return { base: `http://127.0.0.1:${port}`, port };
}

/** One request over a real socket, recorded. */
async function ask(base: string, label: string, method: string, path: string, init: { headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const res = await fetch(`${base}${path}`, { method, headers: init.headers ?? {}, ...(init.body !== undefined ? { body: init.body } : {}) });
  return { label, status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
}

/** A raw request, for what Node refuses before any route sees it. */
async function askRaw(port: number, label: string, request: string): Promise<Answer> {
  const c = await openRaw(port);
  try {
    await c.send(request);
    const res = await c.response();
    return { label, ...res };
  } finally {
    c.socket.destroy();
  }
}

describe.each(backends)('no stack traces to clients on %s', (backend) => {
  let h: Harness | undefined;
  const apps: FastifyInstance[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    await h?.close();
    h = undefined;
  });

  it('answers every error class without a stack, a source path or an internal message', async () => {
    h = await startHarness(backend, {
      sweeper: false,
      config: (c) => {
        c.auth.hs256Secret = SECRET;
        c.server.bodyLimitBytes = 4096;
      },
    });
    const app = await buildTestServer({
      engine: h.engine,
      config: h.runtime.config,
      logger: testLogger,
      timeouts: { headersTimeoutMs: 300, requestTimeoutMs: 600, checkIntervalMs: 50 },
    });
    apps.push(app);
    const { base, port } = await listen(app);
    await h.engine.registerTemplate(ONE_STEP_YAML);
    await h.engine.registerTemplate(JSON.stringify(ORDER_TEMPLATE));
    const admin = { authorization: `Bearer ${await createToken({ secret: SECRET, scopes: ['admin'] })}` };
    const reader = { authorization: `Bearer ${await createToken({ secret: SECRET, scopes: ['tasks:read'] })}` };
    const json = { ...admin, 'content-type': 'application/json' };
    const done = (await h.engine.submit({ namespace: 't', name: 'one' })).id;
    const [execution] = await h.engine.claim({ workerId: 'w', handlers: ['x'], labels: {}, limit: 1, leaseMs: 60_000 });
    expect(await h.engine.complete(execution.execution_id, execution.lease_id, {})).toBe('ok');

    const answers: Answer[] = [];
    const add = async (expected: number, answer: Promise<Answer>) => {
      const a = await answer;
      expect(a.status, `${a.label}: ${a.body}`).toBe(expected);
      answers.push(a);
    };
    // 400
    await add(400, ask(base, 'malformed JSON', 'POST', '/v1/tasks', { headers: json, body: '{"namespace": "t",' }));
    await add(400, ask(base, 'prototype poisoning', 'POST', '/v1/tasks', { headers: json, body: '{"__proto__": {"admin": true}}' }));
    await add(400, ask(base, 'empty JSON body', 'POST', '/v1/tasks', { headers: json, body: '' }));
    await add(400, ask(base, 'validation', 'POST', '/v1/tasks', { headers: json, body: JSON.stringify({ namespace: 't', name: 'one', priority: 'high', colour: 1 }) }));
    await add(400, ask(base, 'invalid context', 'POST', '/v1/tasks', { headers: json, body: JSON.stringify({ namespace: 'shop', name: 'order', context: { qty: -1 } }) }));
    await add(400, ask(base, 'YAML syntax', 'POST', '/v1/templates', { headers: { ...admin, 'content-type': 'application/yaml' }, body: 'namespace: [t\nname: : :\n  - {' }));
    await add(
      400,
      ask(base, 'invalid template', 'POST', '/v1/templates', {
        headers: json,
        body: JSON.stringify({ namespace: 't', name: 'cyc', version: '1', steps: [{ name: 'a', handler: 'h', depends_on: ['a'] }] }),
      }),
    );
    await add(400, ask(base, 'NUL character', 'POST', '/v1/tasks', { headers: json, body: '{"namespace":"t","name":"one","context":{"a":"\\u0000"}}' }));
    await add(400, ask(base, 'bad percent-encoding', 'GET', '/v1/tasks/%E0%A4%A', { headers: admin }));
    await add(400, ask(base, 'bad query', 'GET', '/v1/tasks?limit=-5&sort=x', { headers: admin }));
    await add(400, ask(base, 'bad Last-Event-ID', 'GET', `/v1/tasks/${done}/events`, { headers: { ...admin, 'last-event-id': 'abc' } }));
    await add(
      400,
      askRaw(
        port,
        'Content-Length shorter than the body',
        `POST /v1/tasks HTTP/1.1\r\nHost: x\r\nAuthorization: ${admin.authorization}\r\nContent-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      ),
    );
    await add(400, askRaw(port, 'malformed request line', 'GET /v1/tasks HTTP/9.9 extra\r\n\r\n'));
    await add(400, askRaw(port, 'malformed header', 'GET /v1/tasks HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n'));
    await add(400, askRaw(port, 'unknown method token', 'G@T /v1/tasks HTTP/1.1\r\nHost: x\r\n\r\n'));
    // 401, 403
    await add(401, ask(base, 'no token', 'GET', '/v1/tasks'));
    await add(401, ask(base, 'forged token', 'GET', '/v1/tasks', { headers: { authorization: `Bearer ${await createToken({ secret: 'x'.repeat(40), scopes: ['admin'] })}` } }));
    await add(401, ask(base, 'garbage token', 'GET', '/v1/tasks', { headers: { authorization: 'Bearer a.b.c' } }));
    await add(401, ask(base, 'token with a bad header', 'GET', '/v1/tasks', { headers: { authorization: `Bearer ${Buffer.from('{"alg":"none"').toString('base64url')}.e30.` } }));
    await add(
      403,
      ask(base, 'missing scope', 'POST', '/v1/tasks', { headers: { ...reader, 'content-type': 'application/json' }, body: JSON.stringify({ namespace: 't', name: 'one' }) }),
    );
    // 404: routes, methods Baton does not serve (it answers 404, not 405), ids, templates, static files.
    await add(404, ask(base, 'unknown route', 'GET', '/v1/nothing', { headers: admin }));
    for (const method of ['PUT', 'PATCH', 'DELETE', 'OPTIONS']) await add(404, ask(base, `${method} on a collection`, method, '/v1/tasks', { headers: admin }));
    await add(404, ask(base, 'unknown task', 'GET', `/v1/tasks/${NO_TASK}`, { headers: admin }));
    await add(404, ask(base, 'malformed task id', 'GET', '/v1/tasks/not-a-uuid', { headers: admin }));
    await add(404, ask(base, 'unknown template', 'POST', '/v1/tasks', { headers: json, body: JSON.stringify({ namespace: 'no', name: 'such' }) }));
    await add(404, ask(base, 'unknown execution', 'POST', '/v1/executions/999999/complete', { headers: json, body: JSON.stringify({ lease_id: NO_TASK }) }));
    await add(404, ask(base, 'dashboard path traversal', 'GET', '/dashboard/..%2f..%2fpackage.json'));
    await add(404, ask(base, 'dashboard missing file', 'GET', '/dashboard/nothing.js'));
    // 408, 409, 413, 415, 429, 431
    await add(408, askRaw(port, 'headers too slow', 'GET /v1/tasks HTTP/1.1\r\nHost: x\r\n'));
    await add(
      409,
      ask(base, 'stale lease', 'POST', `/v1/executions/${execution.execution_id}/fail`, { headers: json, body: JSON.stringify({ lease_id: NO_TASK, error: { message: 'late' } }) }),
    );
    await add(409, ask(base, 'cancel a finished task', 'POST', `/v1/tasks/${done}/cancel`, { headers: json, body: '{}' }));
    await add(413, ask(base, 'body too large', 'POST', '/v1/tasks', { headers: json, body: JSON.stringify({ namespace: 't', name: 'one', context: { pad: 'x'.repeat(5000) } }) }));
    await add(415, ask(base, 'unsupported media type', 'POST', '/v1/tasks', { headers: { ...admin, 'content-type': 'application/xml' }, body: '<task/>' }));
    // A second server whose admission limit the backlog (two ready steps) is over, counted afresh.
    await h.engine.submit({ namespace: 't', name: 'one' });
    await h.engine.submit({ namespace: 't', name: 'one' });
    const strict = await buildTestServer({
      engine: h.engine,
      config: { ...h.runtime.config, orchestrator: { ...h.runtime.config.orchestrator, admissionLimit: 1 } },
      logger: testLogger,
    });
    apps.push(strict);
    await add(429, ask((await listen(strict)).base, 'overloaded', 'POST', '/v1/tasks', { headers: json, body: JSON.stringify({ namespace: 't', name: 'one' }) }));
    await add(431, askRaw(port, 'headers too large', `GET /v1/tasks HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
    // 500: the database refuses a query the code sent (a table is gone), as a bug or a bad migration would.
    await h.engine.db.query('ALTER TABLE workers RENAME TO workers_moved');
    await add(500, ask(base, 'query on a missing table', 'GET', '/v1/workers', { headers: admin }));
    await add(500, ask(base, 'register on a missing table', 'POST', '/v1/workers', { headers: json, body: JSON.stringify({ name: 'w', handlers: ['x'] }) }));
    await h.engine.db.query('ALTER TABLE workers_moved RENAME TO workers');

    expectNoLeaks(answers);
    // The internal errors name only the request id to look up in the logs.
    for (const a of answers.filter((x) => x.status === 500)) {
      expect(JSON.parse(a.body)).toEqual({ error: { code: 'internal', message: expect.stringContaining('x-request-id') } });
      expect(a.body).not.toMatch(/workers|relation|exist/);
    }
  });

  it('hides a thrown error of a route behind a generic 500, whatever its message and stack', async () => {
    h = await startHarness(backend, { sweeper: false });
    const app = await buildTestServer({ engine: h.engine, config: h.runtime.config, logger: testLogger });
    apps.push(app);
    const internal = new Error(`failed at ${process.cwd()}/src/core/claim.ts:42:7`);
    app.get('/boom', async () => {
      throw internal;
    });
    app.get('/type-error', async () => (null as unknown as { x: number }).x);
    app.get('/reject', () => Promise.reject(Object.assign(new Error('pg said: SELECT * FROM steps'), { statusCode: 502 })));
    app.get('/string', async () => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- the case under test: a handler that throws a non-Error
      throw 'a bare string /src/x.ts:1';
    });
    const { base } = await listen(app);
    const answers = [
      await ask(base, 'thrown Error', 'GET', '/boom'),
      await ask(base, 'TypeError', 'GET', '/type-error'),
      await ask(base, '5xx status error', 'GET', '/reject'),
      await ask(base, 'thrown string', 'GET', '/string'),
    ];
    for (const a of answers) expect(a.status, a.label).toBe(500);
    expectNoLeaks(answers);
  });
});

describe('no stack traces to clients when the database is unreachable', () => {
  it('answers 503 with Retry-After and nothing internal', async () => {
    const db = openPg({ url: 'postgresql://postgres@127.0.0.1:1/none', schema: 'baton', poolSize: 1 });
    const app = await buildTestServer({ engine: new Engine(db, testLogger), config: testConfig(), logger: testLogger });
    try {
      const { base } = await listen(app);
      const json = { 'content-type': 'application/json' };
      const answers = [
        await ask(base, 'list', 'GET', '/v1/tasks'),
        await ask(base, 'submit', 'POST', '/v1/tasks', { headers: json, body: JSON.stringify({ namespace: 't', name: 'one' }) }),
        await ask(base, 'register template', 'POST', '/v1/templates', { headers: { 'content-type': 'application/yaml' }, body: ONE_STEP_YAML }),
        await ask(base, 'claim', 'POST', `/v1/workers/${NO_TASK}/claim`, { headers: json, body: '{}' }),
        await ask(base, 'events', 'GET', `/v1/tasks/${NO_TASK}/events`),
      ];
      for (const a of answers) {
        expect(a.status, `${a.label}: ${a.body}`).toBe(503);
        expect(a.headers['retry-after'], a.label).toBe('5');
        expect(JSON.parse(a.body).error.code, a.label).toBe('unavailable');
        expect(a.body, a.label).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|:1\b/);
      }
      expectNoLeaks(answers);
    } finally {
      await app.close();
      await db.close();
    }
  });
});
