/**
 * Every refusal the API gives surfaces from BatonClient as a typed BatonError
 * (issue #16) with the stable code, the HTTP status, the answer's request id
 * and, where the answer gave one, its Retry-After in ms. Real sockets, a real
 * server; one attempt per call so each refusal is seen as answered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/api/token.js';
import { Engine } from '../../src/core/engine.js';
import { BatonError, ErrorCodes, type ErrorCode } from '../../src/errors.js';
import { BatonClient } from '../../src/sdk/client.js';
import { openPg } from '../../src/store/pg-adapter.js';
import { ORDER_TEMPLATE, startApi, type ApiHarness } from '../api/api-harness.js';
import { testConfig } from '../support/harness.js';
import { testLogger } from '../support/logger.js';
import { buildTestServer } from '../support/server.js';
import { until } from '../support/wait.js';

const SECRET = 'an-hs256-secret-of-at-least-32-bytes!';
const UNKNOWN_TASK = '00000000-0000-4000-8000-000000000000';
const BODY_LIMIT = 4096;
const ADMISSION_LIMIT = 3;

const APPROVAL = `
namespace: ce
name: approval
version: "1"
steps:
  - name: approve
    kind: wait
    wait:
      signal: approval
      timeout: 1h
      schema: { type: object, required: [approved], properties: { approved: { type: boolean } } }
`;

/** The refusal of `call`, checked to be a BatonError with `code`, its registered status, a request id, and `retryAfterMs` only where given. */
async function refusal(call: Promise<unknown>, code: ErrorCode, retryAfterMs?: number): Promise<BatonError> {
  const outcome = await call.then(
    (value) => ({ value }),
    (err: unknown) => ({ err }),
  );
  if (!('err' in outcome)) throw new Error(`expected ${code}, the call succeeded: ${JSON.stringify(outcome.value)}`);
  const err = outcome.err;
  expect(err, String(err)).toBeInstanceOf(BatonError);
  const e = err as BatonError;
  expect({ code: e.code, status: e.status }, e.message).toEqual({ code, status: ErrorCodes[code] });
  expect(e.requestId, `${code}: request id`).toMatch(/^[\w.:/+=@-]{8,}$/);
  expect(e.retryAfterMs, `${code}: retryAfterMs`).toBe(retryAfterMs);
  expect(e.message.length).toBeGreaterThan(0);
  return e;
}

describe('BatonClient refusals as typed errors', () => {
  let api: ApiHarness;
  let base: string;
  let admin: BatonClient;
  /** A task whose only step waits for a signal that never comes. */
  let waiting: string;

  beforeAll(async () => {
    api = await startApi('pglite', (c) => {
      c.auth.hs256Secret = SECRET;
      c.server.bodyLimitBytes = BODY_LIMIT;
      c.orchestrator.admissionLimit = ADMISSION_LIMIT;
      c.orchestrator.timerIntervalMs = 50;
    });
    base = await api.app.listen({ host: '127.0.0.1', port: 0 });
    admin = new BatonClient(base, { token: await createToken({ secret: SECRET, scopes: ['admin'] }), retry: false });
    await admin.registerTemplate(ORDER_TEMPLATE);
    await admin.registerTemplate(APPROVAL);
  });
  afterAll(async () => api?.close());

  it('400 invalid_request: a malformed cursor', async () => {
    await refusal(admin.list({ cursor: 'not a cursor' }), 'invalid_request');
  });

  it('400 invalid_json: a body that is not JSON', async () => {
    await refusal(admin.registerTemplate('{"namespace": ', { format: 'json' }), 'invalid_json');
  });

  it('400 invalid_context: a context that fails the input schema, with every failure in details', async () => {
    const err = await refusal(admin.submit({ namespace: 'shop', name: 'order', context: { qty: 0 } }), 'invalid_context');
    expect((err.details as { errors: unknown[] }).errors.length).toBeGreaterThan(0);
  });

  it('400 invalid_template: a template missing its fields', async () => {
    const err = await refusal(admin.registerTemplate('name: x'), 'invalid_template');
    expect((err.details as { issues: unknown[] }).issues.length).toBeGreaterThan(0);
  });

  it('400 invalid_signal: a payload that fails the wait step’s schema', async () => {
    waiting = (await admin.submit({ namespace: 'ce', name: 'approval' })).id;
    await until(async () => (await admin.get(waiting)).steps[0]?.state === 'waiting', 10_000, 'the wait step to wait');
    await refusal(admin.signal(waiting, 'approval', { approved: 'yes' }), 'invalid_signal');
  });

  it('401 unauthorized: no token', async () => {
    await refusal(new BatonClient(base, { retry: false }).list(), 'unauthorized');
  });

  it('403 forbidden: a token without the scope, naming it', async () => {
    const reader = new BatonClient(base, { token: await createToken({ secret: SECRET, scopes: ['tasks:read'] }), retry: false });
    const err = await refusal(reader.submit({ namespace: 'shop', name: 'order', context: { order_id: 'o', qty: 1 } }), 'forbidden');
    expect(JSON.stringify(err.details)).toContain('tasks:write');
  });

  it('404 not_found: an unknown task; the request id is the one the request carried', async () => {
    await refusal(admin.get(UNKNOWN_TASK), 'not_found');
    const err = await refusal(admin.submit({ namespace: 'shop', name: 'nothing', correlationId: 'corr-404-abc' }), 'not_found');
    expect(err.requestId).toBe('corr-404-abc');
  });

  it('409 conflict: an idempotency key reused for another context', async () => {
    await admin.submit({ namespace: 'shop', name: 'order', context: { order_id: 'o1', qty: 1 }, idempotency_key: 'ce-key' });
    const err = await refusal(admin.submit({ namespace: 'shop', name: 'order', context: { order_id: 'o1', qty: 2 }, idempotency_key: 'ce-key' }), 'conflict');
    expect(err.details).toMatchObject({ idempotency_key: 'ce-key', mismatch: 'context' });
  });

  it('413 payload_too_large: a body over the limit', async () => {
    await refusal(admin.submit({ namespace: 'shop', name: 'order', context: { order_id: 'x'.repeat(BODY_LIMIT * 2), qty: 1 } }), 'payload_too_large');
  });

  it('415 unsupported_media_type: a content type the route does not take (set by a wrapping fetch)', async () => {
    const token = await createToken({ secret: SECRET, scopes: ['admin'] });
    const plain: typeof fetch = (input, init) => globalThis.fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), 'content-type': 'text/plain' } });
    await refusal(new BatonClient(base, { token, fetch: plain, retry: false }).submit({ namespace: 'shop', name: 'order', context: {} }), 'unsupported_media_type');
  });

  it('429 overloaded: past the admission limit, with Retry-After in ms', async () => {
    // Order tasks stay ready (no worker): fill the backlog, then wait out the backlog count's cache (about 1 s).
    for (let i = 0; i < ADMISSION_LIMIT; i++) await admin.submit({ namespace: 'shop', name: 'order', context: { order_id: `fill-${i}`, qty: 1 } });
    await new Promise((r) => setTimeout(r, 1100));
    await refusal(admin.submit({ namespace: 'shop', name: 'order', context: { order_id: 'one-too-many', qty: 1 } }), 'overloaded', 5000);
  });

  it('503 unavailable: the database is unreachable, with Retry-After in ms', async () => {
    const db = openPg({ url: 'postgresql://postgres@127.0.0.1:1/none', schema: 'baton', poolSize: 1 });
    const app = await buildTestServer({ engine: new Engine(db, testLogger), config: testConfig(), logger: testLogger });
    try {
      const down = new BatonClient(await app.listen({ host: '127.0.0.1', port: 0 }), { retry: false });
      await refusal(down.list(), 'unavailable', 5000);
      await refusal(down.submit({ namespace: 'shop', name: 'order' }), 'unavailable', 5000);
    } finally {
      await app.close();
      await db.close();
    }
  });

  it('wait_timeout: a client-side wait that runs out, with no request id (no answer said so)', async () => {
    const err = (await admin.wait(waiting, { timeoutMs: 100, pollMs: 20 }).catch((e: unknown) => e)) as BatonError;
    expect(err).toBeInstanceOf(BatonError);
    expect({ code: err.code, status: err.status, requestId: err.requestId }).toEqual({ code: 'wait_timeout', status: 408, requestId: undefined });
  });
});
