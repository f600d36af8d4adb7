import { SignJWT } from 'jose';
import type { InjectOptions } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { accessFor, registeredRoutes, RouteAccess, Scopes, type Scope } from '../../src/api/auth.js';
import { buildTestServer } from '../support/server.js';
import { createToken } from '../../src/api/token.js';
import { backends } from '../support/db.js';
import { startHarness } from '../support/harness.js';
import { testLogger } from '../support/logger.js';
import { ONE_STEP_YAML, startApi, type ApiHarness } from './api-harness.js';

const SECRET = 'an-hs256-secret-of-at-least-32-bytes!';
const STACK_LINE = /\bat .*\.(ts|js):\d+/;
const NO_TASK = '00000000-0000-4000-8000-000000000000';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const mint = (scopes: Scope[], extra: Partial<Parameters<typeof createToken>[0]> = {}) => createToken({ secret: SECRET, scopes, ...extra });

/** One representative request per group of the access table, and the scopes that open it. */
const GROUPS: { group: string; req: InjectOptions; opens: Scope[] }[] = [
  { group: 'read tasks', req: { method: 'GET', url: '/v1/tasks' }, opens: ['tasks:read'] },
  { group: 'read a task', req: { method: 'GET', url: `/v1/tasks/${NO_TASK}` }, opens: ['tasks:read'] },
  { group: 'read templates', req: { method: 'GET', url: '/v1/templates' }, opens: ['tasks:read'] },
  { group: 'submit', req: { method: 'POST', url: '/v1/tasks', payload: { namespace: 'no', name: 'such' } }, opens: ['tasks:write'] },
  { group: 'cancel', req: { method: 'POST', url: `/v1/tasks/${NO_TASK}/cancel`, payload: {} }, opens: ['tasks:write'] },
  { group: 'retry step', req: { method: 'POST', url: `/v1/tasks/${NO_TASK}/steps/a/retry`, payload: {} }, opens: ['tasks:write'] },
  { group: 'resolve step', req: { method: 'POST', url: `/v1/tasks/${NO_TASK}/steps/a/resolve`, payload: { output: 1 } }, opens: ['tasks:write'] },
  {
    group: 'register template',
    req: { method: 'POST', url: '/v1/templates', headers: { 'content-type': 'application/yaml' }, payload: ONE_STEP_YAML },
    opens: ['templates:write'],
  },
  { group: 'worker register', req: { method: 'POST', url: '/v1/workers', payload: { name: 'w', handlers: ['x'] } }, opens: ['workers'] },
  { group: 'worker heartbeat', req: { method: 'POST', url: `/v1/workers/${NO_TASK}/heartbeat`, payload: {} }, opens: ['workers'] },
  { group: 'worker drain', req: { method: 'POST', url: `/v1/workers/${NO_TASK}/drain`, payload: {} }, opens: ['workers'] },
  { group: 'worker delete', req: { method: 'DELETE', url: `/v1/workers/${NO_TASK}` }, opens: ['workers'] },
  { group: 'worker list', req: { method: 'GET', url: '/v1/workers' }, opens: ['workers', 'tasks:read'] },
  { group: 'execution report', req: { method: 'POST', url: '/v1/executions/1/complete', payload: { lease_id: NO_TASK } }, opens: ['workers'] },
  { group: 'metrics', req: { method: 'GET', url: '/metrics' }, opens: ['admin'] },
];

describe.each(backends)('auth on %s', (backend) => {
  let api: ApiHarness;
  afterEach(async () => api?.close());

  const withSecret = (more: (c: Parameters<NonNullable<Parameters<typeof startApi>[1]>>[0]) => void = () => {}) =>
    startApi(backend, (c) => {
      c.auth.hs256Secret = SECRET;
      more(c);
    });

  it('refuses a missing, malformed, forged, unsigned or expired token with 401 unauthorized', async () => {
    api = await withSecret();
    const now = Math.floor(Date.now() / 1000);
    const payload = { scope: 'admin', sub: 'mallory' };
    const valid = await mint(['admin']);
    const cases: [string, Record<string, string>, string][] = [
      ['no token', {}, 'missing'],
      ['empty header', { authorization: '' }, 'missing'],
      ['basic scheme', { authorization: 'Basic dXNlcjpwYXNz' }, 'malformed'],
      ['bearer without token', { authorization: 'Bearer' }, 'malformed'],
      ['not a JWT', bearer('not-a-jwt'), 'malformed'],
      ['bad signature', bearer(await createToken({ secret: 'another-secret-of-at-least-32-bytes!!', scopes: ['admin'] })), 'bad_signature'],
      ['tampered payload', bearer([valid.split('.')[0], b64({ scope: 'admin', sub: 'root' }), valid.split('.')[2]].join('.')), 'bad_signature'],
      ['alg none', bearer(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`), 'algorithm_not_allowed'],
      ['alg none, signature kept', bearer(`${b64({ alg: 'none' })}.${b64(payload)}.${valid.split('.')[2]}`), 'algorithm_not_allowed'],
      ['HS512', bearer(await new SignJWT(payload).setProtectedHeader({ alg: 'HS512' }).sign(new TextEncoder().encode(SECRET.repeat(2)))), 'algorithm_not_allowed'],
      ['expired', bearer(await mint(['admin'], { nowSeconds: now - 3600, expiresIn: '10m' })), 'expired'],
      [
        'not yet valid',
        bearer(
          await new SignJWT(payload)
            .setProtectedHeader({ alg: 'HS256' })
            .setNotBefore(now + 600)
            .sign(new TextEncoder().encode(SECRET)),
        ),
        'not_yet_valid',
      ],
      ['scope not a string', bearer(await new SignJWT({ scope: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET))), 'invalid_scope_claim'],
    ];
    for (const [what, headers, reason] of cases) {
      const { res, body } = await api.call({ method: 'GET', url: '/v1/tasks', headers });
      expect(res.statusCode, what).toBe(401);
      expect(body.error, what).toEqual({ code: 'unauthorized', message: expect.any(String), details: { reason } });
      expect(res.headers['www-authenticate'], what).toMatch(/^Bearer realm="baton"/);
      expect(res.body, what).not.toMatch(STACK_LINE);
    }
    expect((await api.call({ method: 'GET', url: '/v1/tasks', headers: bearer(valid) })).res.statusCode).toBe(200);
    // Refused before the body is read: nothing is created.
    const submitted = await api.call({ method: 'POST', url: '/v1/templates', headers: { 'content-type': 'application/yaml' }, payload: ONE_STEP_YAML });
    expect(submitted.res.statusCode).toBe(401);
    expect(await api.h.engine.templates.list()).toHaveLength(0);
  });

  it("refuses a token without the route's scope with 403 forbidden naming the missing scope", async () => {
    api = await withSecret();
    const { res, body } = await api.call({ method: 'POST', url: '/v1/tasks', payload: { namespace: 'a', name: 'b' }, headers: bearer(await mint(['tasks:read'])) });
    expect(res.statusCode).toBe(403);
    expect(res.headers['www-authenticate']).toBeUndefined();
    expect(body.error.code).toBe('forbidden');
    expect(body.error.message).toContain('"tasks:write"');
    expect(body.error.details).toEqual({ missing_scope: 'tasks:write', accepted_scopes: ['tasks:write', 'admin'], token_scopes: ['tasks:read'] });
    const none = await api.call({
      method: 'GET',
      url: '/v1/tasks',
      headers: bearer(await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET))),
    });
    expect(none.res.statusCode).toBe(403);
    expect(none.body.error.details.token_scopes).toEqual([]);
  });

  it('opens to each scope exactly its routes; admin opens all; probes need no token', async () => {
    api = await withSecret();
    // Metrics are served once the metrics routes are registered; the rest are always there.
    const groups = GROUPS.filter((g) => g.req.url !== '/metrics' || registeredRoutes(api.app).includes('GET /metrics'));
    for (const scope of [...Scopes, undefined]) {
      const token = await mint(scope === undefined ? ['tasks:read'] : [scope]);
      for (const { group, req, opens } of groups) {
        const headers = scope === undefined ? {} : bearer(token);
        const { res, body } = await api.call({ ...req, headers: { ...req.headers, ...headers } });
        const allowed = scope === 'admin' || (scope !== undefined && opens.includes(scope));
        const expected = scope === undefined ? 401 : 403;
        if (allowed) expect([401, 403], `${scope} → ${group}: ${res.body}`).not.toContain(res.statusCode);
        else expect([res.statusCode, body?.error?.code], `${scope} → ${group}`).toEqual([expected, expected === 401 ? 'unauthorized' : 'forbidden']);
      }
    }
    const probes = ['/health/live', '/health/ready', ...(registeredRoutes(api.app).includes('GET /') ? ['/'] : [])];
    for (const url of probes) expect((await api.call({ method: 'GET', url })).res.statusCode, url).toBe(200);
    // Event streams are refused before they open.
    for (const url of ['/v1/events', `/v1/tasks/${NO_TASK}/events`]) {
      expect((await api.call({ method: 'GET', url })).res.statusCode, url).toBe(401);
      expect((await api.call({ method: 'GET', url, headers: bearer(await mint(['workers'])) })).res.statusCode, url).toBe(403);
    }
  });

  it('gives every registered route an entry in the access table, and refuses a route without one', async () => {
    api = await withSecret();
    const missing = registeredRoutes(api.app).filter((route) => {
      const [method, url] = route.split(' ');
      return accessFor(method, url) === undefined;
    });
    expect(missing, 'add these to RouteAccess in src/api/auth.ts').toEqual([]);
    for (const [route, access] of Object.entries(RouteAccess)) {
      if (access !== 'open')
        expect(
          access.anyOf.every((s) => Scopes.includes(s)),
          route,
        ).toBe(true);
    }

    const h = await startHarness(backend, { config: (c) => (c.auth.hs256Secret = SECRET) });
    const app = await buildTestServer({ engine: h.engine, config: h.runtime.config, logger: testLogger });
    app.get('/v1/unlisted', async () => ({ secret: true }));
    try {
      await app.ready();
      expect(registeredRoutes(app)).toContain('GET /v1/unlisted');
      const res = await app.inject({ method: 'GET', url: '/v1/unlisted', headers: bearer(await mint(['admin'])) });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
      expect((await app.inject({ method: 'GET', url: '/v1/unlisted' })).statusCode).toBe(401);
    } finally {
      await app.close();
      await h.close();
    }
  });

  it('checks aud and iss when configured', async () => {
    api = await withSecret((c) => {
      c.auth.audience = 'baton-api';
      c.auth.issuer = 'https://issuer.example';
    });
    const cases: [string, Partial<Parameters<typeof createToken>[0]>, number, string?][] = [
      ['neither', {}, 401, 'wrong_issuer'],
      ['no audience', { issuer: 'https://issuer.example' }, 401, 'wrong_audience'],
      ['wrong audience', { audience: 'other', issuer: 'https://issuer.example' }, 401, 'wrong_audience'],
      ['wrong issuer', { audience: 'baton-api', issuer: 'https://evil.example' }, 401, 'wrong_issuer'],
      ['no issuer', { audience: 'baton-api' }, 401, 'wrong_issuer'],
      ['both right', { audience: 'baton-api', issuer: 'https://issuer.example' }, 200],
    ];
    for (const [what, extra, status, reason] of cases) {
      const { res, body } = await api.call({ method: 'GET', url: '/v1/tasks', headers: bearer(await mint(['tasks:read'], extra)) });
      expect(res.statusCode, what).toBe(status);
      if (reason) expect(body.error, what).toMatchObject({ code: 'unauthorized', details: { reason } });
    }
  });

  it("records the token's subject as the actor of a cancel", async () => {
    api = await withSecret();
    const admin = bearer(await mint(['admin'], { subject: 'alice' }));
    await api.call({ method: 'POST', url: '/v1/templates', headers: { ...admin, 'content-type': 'application/yaml' }, payload: ONE_STEP_YAML });
    const { body } = await api.call({ method: 'POST', url: '/v1/tasks', headers: admin, payload: { namespace: 't', name: 'one' } });
    const cancelled = await api.call({ method: 'POST', url: `/v1/tasks/${body.id}/cancel`, headers: admin, payload: {} });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', changed: true });
    const events = await api.h.engine.events(body.id);
    const toCancelled = events.filter((e) => e.to === 'cancelled');
    expect(toCancelled.length).toBeGreaterThan(0);
    expect(toCancelled.every((e) => e.actor === 'alice')).toBe(true);
  });
});
