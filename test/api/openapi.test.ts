/**
 * The OpenAPI document (`GET /openapi.json`): valid OpenAPI 3.1 by a real
 * validator, and in step with the server: every route it registers is
 * described, with its method and its access rule. That every answer matches
 * its description is checked by the API harness, for every answer every API
 * test receives (test/support/openapi-check.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { Validator } from '@seriousme/openapi-schema-validator';
import { RouteAccess, registeredRoutes } from '../../src/api/auth.js';
import { buildOpenApiDocument, toOpenApiPath, UNDOCUMENTED_ROUTES } from '../../src/api/openapi/document.js';
import { apiRoutes } from '../../src/api/openapi/registry.js';
import { packageVersion } from '../../src/cli/package-info.js';
import { backends } from '../support/db.js';
import { startApi, type ApiHarness } from './api-harness.js';
import { createResponseChecker } from '../support/openapi-check.js';

const document = buildOpenApiDocument({ version: packageVersion() });
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** `GET /v1/tasks/{id}` for every operation in the document. */
function documentedOperations(): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((m) => METHODS.includes(m))
      .map((m) => `${m.toUpperCase()} ${path}`),
  );
}

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(JSON.stringify(document)) as object);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('gives every operation a unique operationId, the access rule of its route, and the error envelope', () => {
    const ids = apiRoutes.map((r) => r.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const route of apiRoutes) {
      const op = document.paths[toOpenApiPath(route.path)][route.method.toLowerCase()];
      const access = RouteAccess[`${route.method} ${route.path}`];
      expect(access, `${route.method} ${route.path} needs an entry in RouteAccess`).toBeDefined();
      expect(op.security, route.path).toEqual(access === 'open' ? [] : [...new Set([...access.anyOf, 'admin'])].map((s) => ({ bearer: [s] })));
      expect(Object.keys(op.responses), route.path).toEqual(expect.arrayContaining(['4XX', '5XX']));
    }
  });

  it('describes requests as the routes accept them: a query integer is text, an optional body is not required', () => {
    const list = document.paths['/v1/tasks'].get;
    expect(list.parameters).toContainEqual({ name: 'limit', in: 'query', required: false, schema: { type: 'string', pattern: '^-?[0-9]{1,9}$' } });
    expect(document.paths['/v1/tasks/{id}/cancel'].post.requestBody?.required).toBe(false);
    expect(document.paths['/v1/tasks'].post.requestBody?.required).toBe(true);
    expect(Object.keys(document.paths['/v1/templates'].post.requestBody?.content ?? {})).toEqual(['application/json', 'application/yaml']);
    expect(Object.keys(document.components.schemas)).toEqual(expect.arrayContaining(['Error', 'Task', 'Step', 'Execution', 'JsonValue']));
  });
});

describe.each(backends)('GET /openapi.json on %s', (backend) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi(backend);
  });
  afterAll(async () => api?.close());

  it('describes every route the server registers, and no route it does not', () => {
    const registered = registeredRoutes(api.app)
      .filter((r) => !r.startsWith('HEAD ') && !UNDOCUMENTED_ROUTES.includes(r))
      .map((r) => {
        const [method, path] = r.split(' ');
        return `${method} ${toOpenApiPath(path)}`;
      });
    expect(new Set(registered).size).toBe(registered.length);
    expect(documentedOperations().sort()).toEqual(registered.sort());
  });

  it('serves the document, with no token needed', async () => {
    expect(RouteAccess['GET /openapi.json']).toBe('open');
    const { res, body } = await api.call({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(body).toEqual(JSON.parse(JSON.stringify(document)));
  });
});

describe('the response check of the API harness', () => {
  const checker = createResponseChecker(document);
  const answer = (statusCode: number, body: unknown, type = 'application/json') =>
    ({ statusCode, headers: { 'content-type': type }, body: JSON.stringify(body), json: () => body }) as unknown as LightMyRequestResponse;

  it('accepts what the document says and names what differs', () => {
    expect(() => checker.check('GET', '/health/live', answer(200, { status: 'ok' }))).not.toThrow();
    expect(() => checker.check('GET', '/v1/tasks/x', answer(404, { error: { code: 'not_found', message: 'no task' } }))).not.toThrow();
    expect(() => checker.check('GET', '/health/live', answer(200, { status: 'ok', extra: 1 }))).toThrow(/additional properties.*extra/);
    expect(() => checker.check('GET', '/v1/tasks/x', answer(404, { error: { code: 'no_such_code', message: 'x' } }))).toThrow(/\/error\/code/);
    expect(() => checker.check('POST', '/v1/tasks', answer(201, { id: 'x', status: 'pending' }))).toThrow(/no 201 answer/);
    expect(() => checker.check('GET', '/health/live', answer(200, 'ok', 'text/plain'))).toThrow(/content type text\/plain/);
    expect(() => checker.check('GET', '/v1/nothing', answer(200, {}))).toThrow(/has no GET \/v1\/nothing/);
  });
});
