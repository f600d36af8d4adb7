/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the route list
 * (./registry.ts) with zod's own JSON Schema output (draft 2020-12, the
 * dialect of OpenAPI 3.1). Requests are described as the routes accept them
 * (`io: 'input'`: a query integer is the text it arrives as), answers as they
 * are sent (`io: 'output'`). Schemas named with `.meta({ id })` become
 * `#/components/schemas/<id>`.
 */
import { z } from 'zod';
import { RouteAccess, type Access } from '../auth.js';
import { apiRoutes } from './registry.js';
import { errorResponse } from './responses.js';
import type { ResponseDoc, RouteDoc } from './route-doc.js';

type JsonSchema = Record<string, unknown>;

/** The parts of an OpenAPI 3.1 document Baton writes (the rest is JSON). */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string; license: { name: string; identifier: string } };
  tags: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown>; headers: Record<string, unknown> };
}

interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: unknown[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, unknown>;
  security: Record<string, string[]>[];
}

export interface OpenApiOptions {
  /** The API's version, `info.version` (Baton's package version). */
  version: string;
  /** @default apiRoutes */
  routes?: readonly RouteDoc[];
  /** Who may call each route (`METHOD /path`). @default RouteAccess */
  access?: Readonly<Record<string, Access>>;
}

/**
 * Routes the document leaves out: the dashboard's static files (an HTML page
 * and its scripts, not API). Fastify's automatic HEAD routes are left out too.
 */
export const UNDOCUMENTED_ROUTES: readonly string[] = ['GET /', 'GET /dashboard/*'];

/** `/v1/tasks/:id` -> `/v1/tasks/{id}`. */
export function toOpenApiPath(fastifyPath: string): string {
  return fastifyPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** Collects the named schemas of every conversion, checking that one name always means one schema. */
class SchemaComponents {
  readonly schemas: Record<string, JsonSchema> = {};

  convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const converted = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
    const { $schema: _dialect, $defs, ...rest } = converted;
    for (const [name, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
      // zod names an unnamed recursive schema `__schema0`: it would clash between conversions.
      if (name.startsWith('__schema')) {
        throw new Error(`a recursive schema has no name; give it .meta({ id: 'Name' }) (as jsonValue in src/api/validation.ts)`);
      }
      const component = this.relocate(def);
      const known = this.schemas[name];
      if (known !== undefined && JSON.stringify(known) !== JSON.stringify(component)) {
        throw new Error(`two different schemas are named ${name} (one as a request, one as an answer?); give them different ids`);
      }
      this.schemas[name] = component;
    }
    return this.relocate(rest);
  }

  /** Local `#/$defs/X` references become `#/components/schemas/X`. */
  private relocate(schema: JsonSchema): JsonSchema {
    return JSON.parse(JSON.stringify(schema).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
  }
}

function objectProperties(schema: JsonSchema): { properties: Record<string, JsonSchema>; required: string[] } {
  return { properties: (schema.properties ?? {}) as Record<string, JsonSchema>, required: (schema.required ?? []) as string[] };
}

/** A parameter; a property's description moves up to the parameter, where generators look for it. */
function parameter(name: string, where: 'path' | 'query' | 'header', required: boolean, schema: JsonSchema): Record<string, unknown> {
  const { description, ...rest } = schema;
  return { name, in: where, required, ...(typeof description === 'string' ? { description } : {}), schema: rest };
}

function parameters(route: RouteDoc, components: SchemaComponents): unknown[] {
  const out: unknown[] = [];
  const params = route.params ? objectProperties(components.convert(route.params, 'input')).properties : {};
  for (const [, name] of route.path.matchAll(/:([A-Za-z0-9_]+)/g)) out.push(parameter(name, 'path', true, params[name] ?? { type: 'string' }));
  if (route.query) {
    const { properties, required } = objectProperties(components.convert(route.query, 'input'));
    for (const [name, schema] of Object.entries(properties)) out.push(parameter(name, 'query', required.includes(name), schema));
  }
  for (const [name, header] of Object.entries(route.headers ?? {})) {
    out.push({ ...parameter(name, 'header', false, components.convert(header.schema, 'input')), description: header.description });
  }
  return out;
}

function requestBody(route: RouteDoc, components: SchemaComponents): Operation['requestBody'] {
  if (!route.body) return undefined;
  const content: Record<string, { schema: JsonSchema }> = { 'application/json': { schema: components.convert(route.body, 'input') } };
  for (const [type, schema] of Object.entries(route.otherBodies ?? {})) content[type] = { schema: components.convert(schema, 'input') };
  return { required: route.bodyRequired ?? !route.body.safeParse(undefined).success, content };
}

const REQUEST_ID_HEADER = { 'x-request-id': { $ref: '#/components/headers/RequestId' } };

function response(doc: ResponseDoc, components: SchemaComponents): Record<string, unknown> {
  const contentType = doc.contentType ?? 'application/json';
  const schema = doc.schema ? components.convert(doc.schema, 'output') : { type: 'string' };
  return { description: doc.description, headers: REQUEST_ID_HEADER, content: { [contentType]: { schema } } };
}

/** Open routes need nothing; the others a bearer token with any of their scopes, or `admin`. */
function security(access: Access | undefined): Record<string, string[]>[] {
  if (access === 'open') return [];
  const scopes = [...new Set([...(access?.anyOf ?? []), 'admin'])];
  return scopes.map((scope) => ({ bearer: [scope] }));
}

function operation(route: RouteDoc, access: Access | undefined, components: SchemaComponents): Operation {
  const responses: Record<string, unknown> = {};
  for (const [status, doc] of Object.entries(route.responses)) if (doc) responses[status] = response(doc, components);
  for (const range of ['4XX', '5XX']) {
    responses[range] ??= response(
      { description: range === '4XX' ? 'refused: the error envelope (docs/errors.md)' : 'failed: the error envelope', schema: errorResponse },
      components,
    );
  }
  const params = parameters(route, components);
  const body = requestBody(route, components);
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: route.tags,
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(body ? { requestBody: body } : {}),
    responses,
    security: security(access),
  };
}

/**
 * Builds the document. Throws when two routes share a method and path or an
 * operationId, or when two different schemas share a component name.
 *
 * @example buildOpenApiDocument({ version: packageVersion() })
 */
export function buildOpenApiDocument(opts: OpenApiOptions): OpenApiDocument {
  const routes = opts.routes ?? apiRoutes;
  const access = opts.access ?? RouteAccess;
  const components = new SchemaComponents();
  const paths: OpenApiDocument['paths'] = {};
  const operationIds = new Set<string>();
  for (const route of routes) {
    const path = toOpenApiPath(route.path);
    const method = route.method.toLowerCase();
    paths[path] ??= {};
    if (paths[path][method] || operationIds.has(route.operationId)) throw new Error(`route ${route.method} ${route.path} (${route.operationId}) is described twice`);
    operationIds.add(route.operationId);
    paths[path][method] = operation(route, access[`${route.method} ${route.path}`], components);
  }
  const tags = [...new Set(routes.flatMap((r) => r.tags))].map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Baton HTTP API',
      version: opts.version,
      description:
        'Durable workflows on PostgreSQL: templates, tasks, schedules, events and the HTTP worker protocol. Errors are `{error: {code, message, details?}}` with the stable codes of docs/errors.md. Generated from the zod schemas the server validates with.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    tags,
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(components.schemas).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A JWT whose `scope` claim grants the scopes an operation lists (`admin` grants all); see docs/security.md.',
        },
      },
      headers: {
        RequestId: { description: "The request's id (the client's `x-request-id`, or one the server made): quote it when reporting a problem.", schema: { type: 'string' } },
      },
    },
  };
}
