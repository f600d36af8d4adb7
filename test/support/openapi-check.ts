/**
 * Checks answers against the OpenAPI document: the API harness runs every
 * answer a test receives through `checkResponse`, so a route that sends a
 * field, a status or a content type its description does not name fails the
 * test that saw it.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildOpenApiDocument, type OpenApiDocument } from '../../src/api/openapi/document.js';

// ajv-formats is CommonJS: its default export arrives wrapped under NodeNext.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

interface PathEntry {
  path: string;
  pattern: RegExp;
  /** Segments that are not parameters: `/v1/tasks/batch` wins over `/v1/tasks/{id}`. */
  fixed: number;
}

/** `/v1/tasks/{id}` matched against a concrete path. */
function pathEntries(document: OpenApiDocument): PathEntry[] {
  return Object.keys(document.paths).map((path) => {
    const source = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
    return { path, pattern: new RegExp(`^${source}$`), fixed: path.split('/').filter((s) => s !== '' && !s.startsWith('{')).length };
  });
}

/** JSON pointer escaping (RFC 6901). */
const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

export interface ResponseChecker {
  /** Throws, naming the route, status and every mismatch, when `res` is not what the document says. */
  check(method: string, url: string, res: LightMyRequestResponse): void;
}

let shared: ResponseChecker | undefined;

/** One checker per test file (compiling the document's schemas once). */
export function responseChecker(): ResponseChecker {
  return (shared ??= createResponseChecker(buildOpenApiDocument({ version: 'test' })));
}

export function createResponseChecker(document: OpenApiDocument): ResponseChecker {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(document, 'openapi');
  const compiled = new Map<string, ValidateFunction>();
  const validator = (ref: string): ValidateFunction => {
    let fn = compiled.get(ref);
    if (!fn) compiled.set(ref, (fn = ajv.compile({ $ref: `openapi#/${ref}` })));
    return fn;
  };
  const entries = pathEntries(document);

  return {
    check(method, url, res) {
      const lower = method.toLowerCase();
      const path = url.split('?')[0];
      // HEAD answers have no body; the dashboard's files are not API (UNDOCUMENTED_ROUTES).
      if (lower === 'head' || (lower === 'get' && (path === '/' || path.startsWith('/dashboard/')) && res.statusCode < 400)) return;
      const found = entries.filter((e) => e.pattern.test(path) && document.paths[e.path][lower] !== undefined).sort((a, b) => b.fixed - a.fixed)[0];
      const status = String(res.statusCode);
      const where = `${method} ${url} -> ${status}`;
      const mediaType = String(res.headers['content-type'] ?? '')
        .split(';')[0]
        .trim();
      let ref: string;
      if (found === undefined) {
        // No such route: the not-found handler (or an early refusal) answered with the error envelope.
        if (res.statusCode < 400) throw new Error(`${where}: answered ${status} but the OpenAPI document has no ${method} ${path}`);
        ref = 'components/schemas/Error';
        if (mediaType !== 'application/json') throw new Error(`${where}: an error answer must be application/json, got ${mediaType || 'none'}`);
      } else {
        const responses = (document.paths[found.path][lower] as { responses: Record<string, { content: Record<string, unknown> }> }).responses;
        const key = [status, `${status[0]}XX`, 'default'].find((k) => responses[k] !== undefined);
        if (key === undefined) throw new Error(`${where}: the OpenAPI document names no ${status} answer for ${method} ${found.path}`);
        const content = responses[key].content;
        if (content[mediaType] === undefined) {
          throw new Error(`${where}: content type ${mediaType || 'none'} is not among ${Object.keys(content).join(', ')} in the OpenAPI document`);
        }
        if (mediaType !== 'application/json') return;
        ref = pointer('paths', found.path, lower, 'responses', key, 'content', mediaType, 'schema');
      }
      const validate = validator(ref);
      const body: unknown = res.body === '' ? undefined : res.json();
      if (!validate(body)) {
        const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
        throw new Error(`${where}: the answer does not match the OpenAPI document (${ref}):\n  ${problems.join('\n  ')}\nbody: ${res.body.slice(0, 2000)}`);
      }
    },
  };
}

/**
 * Makes `app.inject(opts)` (so `call` too) check every answer against the
 * OpenAPI document: a mismatch rejects the call.
 * The chained form (`app.inject().get(...)`) is left as it is. On a server not
 * yet ready, routes a test adds after this call (probes of its own) are not
 * checked: they are not the API.
 */
export function checkAnswers(app: FastifyInstance): void {
  const checker = responseChecker();
  const testRoutes: { method: string; pattern: RegExp }[] = [];
  try {
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) testRoutes.push({ method, pattern: new RegExp(`^${route.url.replace(/:[A-Za-z0-9_]+/g, '[^/]+')}$`) });
    });
  } catch {
    // Ready already: no route can be added any more.
  }
  const inject = app.inject.bind(app);
  const checked = (opts?: InjectOptions | string, callback?: unknown): unknown => {
    if (opts === undefined || callback !== undefined) return (inject as (...args: unknown[]) => unknown)(opts, callback);
    return inject(opts).then((res) => {
      const method = res.raw.req.method ?? 'GET';
      const url = res.raw.req.url ?? '/';
      if (!testRoutes.some((r) => r.method === method && r.pattern.test(url.split('?')[0]))) checker.check(method, url, res);
      return res;
    });
  };
  app.inject = checked as FastifyInstance['inject'];
}
