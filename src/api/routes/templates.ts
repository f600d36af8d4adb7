/** Templates: register (YAML or JSON), list, show. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Engine } from '../../core/engine.js';
import { toTemplateView } from '../../core/views.js';
import { BatonError, isBatonError } from '../../errors.js';
import { parseTemplateSource } from '../../domain/template-parse.js';
import { registerYamlParser } from '../content-types.js';
import { findUnstorableValue, parseRequest } from '../validation.js';

export interface TemplateRoutesOptions {
  engine: Engine;
}

const name = z.string().min(1).max(200);
export const listQuery = z.strictObject({});
export const showParams = z.strictObject({ namespace: name, name, version: name.optional() });

/**
 * The body as the template loader takes it: a parsed value, never text (text
 * would be parsed a second time). YAML is parsed here so that a value
 * PostgreSQL cannot store (a "\\0" escape, absurd nesting) is refused as a
 * template problem; JSON bodies were checked for that before the route.
 */
function templateSource(request: FastifyRequest): object {
  const body: unknown = request.body;
  if (body === undefined) {
    throw new BatonError('invalid_request', 'send the template as the request body (Content-Type: application/yaml or application/json)');
  }
  const isYaml = typeof body === 'string' && !(request.headers['content-type'] ?? '').toLowerCase().includes('json');
  const parsed = isYaml ? parseTemplateSource(body) : body;
  if (typeof parsed === 'string') {
    const message = 'template must be a mapping (an object), not a string';
    throw new BatonError('invalid_template', message, { details: { issues: [{ path: '', message }] } });
  }
  const bad = findUnstorableValue(parsed);
  if (bad) {
    const message = `${bad.path || 'template'} ${bad.message}`;
    throw new BatonError('invalid_template', `template: ${message}`, { details: { issues: [{ path: bad.path, message }] } });
  }
  // null, numbers and arrays go to the validator, which explains what a template must be.
  return (parsed ?? null) as object;
}

/** Every invalid_template answer lists its problems in details.issues, even a syntax error (which has one). */
function withIssues(err: unknown): unknown {
  if (!isBatonError(err, 'invalid_template')) return err;
  const details = (err.details ?? {}) as { issues?: unknown };
  if (Array.isArray(details.issues)) return err;
  const issues = [{ path: '', message: err.message }];
  return new BatonError('invalid_template', err.message, { details: { ...details, issues }, cause: err });
}

export async function templateRoutes(app: FastifyInstance, opts: TemplateRoutesOptions): Promise<void> {
  const { engine } = opts;
  registerYamlParser(app);

  app.post('/v1/templates', async (request, reply) => {
    let registered;
    try {
      registered = await engine.registerTemplate(templateSource(request));
    } catch (err) {
      throw withIssues(err);
    }
    return reply.code(registered.created ? 201 : 200).send({ template: toTemplateView(registered.row, true) });
  });

  app.get('/v1/templates', async (request) => {
    parseRequest(listQuery, request.query, 'query');
    const rows = await engine.templates.list();
    return { templates: rows.map((row) => toTemplateView(row, false)) };
  });

  const show = async (request: FastifyRequest) => {
    parseRequest(listQuery, request.query, 'query');
    const params = parseRequest(showParams, request.params, 'params');
    const row = await engine.templates.find(params.namespace, params.name, params.version);
    return { template: toTemplateView(row, true) };
  };
  app.get('/v1/templates/:namespace/:name', show);
  app.get('/v1/templates/:namespace/:name/:version', show);
}
