/**
 * Authentication and authorization for the HTTP API (DESIGN §4, docs/security.md).
 *
 * With a key configured, every route needs a bearer JWT whose `scope` claim
 * grants one of the scopes its entry in `RouteAccess` lists; `admin` grants
 * everything. A route with no entry is refused even to admin (fail closed):
 * a new route must be given an entry before anyone can call it. With no key,
 * auth is off, which is allowed on a loopback address only (or with
 * `server.insecure`).
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { BatonConfig } from '../config/schema.js';
import { BatonError } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import { createTokenVerifier, unauthorized } from './token-verifier.js';

/** The scopes a token can carry in its space-separated `scope` claim. */
export const Scopes = ['tasks:read', 'tasks:write', 'templates:write', 'workers', 'admin'] as const;
export type Scope = (typeof Scopes)[number];

/** Who may call a route: `open` needs no token; otherwise a token with any of the listed scopes (or admin). */
export type Access = 'open' | { anyOf: readonly Scope[] };

const open = 'open' as const;
const anyOf = (...scopes: Scope[]): Access => ({ anyOf: scopes });

/**
 * Every route by `METHOD /pattern` (Fastify's route syntax). HEAD routes that
 * Fastify adds for GET routes follow their GET entry.
 */
export const RouteAccess: Readonly<Record<string, Access>> = {
  // Probes and the dashboard shell: load balancers and browsers fetch them without a token.
  'GET /health/live': open,
  'GET /health/ready': open,
  'GET /': open,
  'GET /dashboard/*': open,
  'GET /metrics': anyOf('admin'),
  // The API's description (src/api/openapi/): what the public docs say, no data.
  'GET /openapi.json': open,

  'GET /v1/templates': anyOf('tasks:read'),
  'GET /v1/templates/:namespace/:name': anyOf('tasks:read'),
  'GET /v1/templates/:namespace/:name/:version': anyOf('tasks:read'),
  'POST /v1/templates': anyOf('templates:write'),

  'GET /v1/tasks': anyOf('tasks:read'),
  'GET /v1/tasks/:id': anyOf('tasks:read'),
  'GET /v1/tasks/:id/events': anyOf('tasks:read'),
  'GET /v1/events': anyOf('tasks:read'),
  'POST /v1/tasks': anyOf('tasks:write'),
  'POST /v1/tasks/batch': anyOf('tasks:write'),
  'POST /v1/tasks/:id/cancel': anyOf('tasks:write'),
  'POST /v1/tasks/:id/steps/:step/retry': anyOf('tasks:write'),
  'POST /v1/tasks/:id/steps/:step/resolve': anyOf('tasks:write'),
  'POST /v1/tasks/cancel': anyOf('tasks:write'),
  'POST /v1/tasks/retry': anyOf('tasks:write'),
  'GET /v1/failures': anyOf('tasks:read'),
  'GET /v1/stats': anyOf('tasks:read'),
  'GET /v1/tasks/counts': anyOf('tasks:read'),

  // A schedule submits tasks: writing one needs what submitting and cancelling need.
  'GET /v1/schedules': anyOf('tasks:read'),
  'GET /v1/schedules/:name': anyOf('tasks:read'),
  'POST /v1/schedules': anyOf('tasks:write'),
  'PATCH /v1/schedules/:name': anyOf('tasks:write'),
  'DELETE /v1/schedules/:name': anyOf('tasks:write'),
  'POST /v1/schedules/:name/trigger': anyOf('tasks:write'),
  'POST /v1/tasks/:id/signals/:name': anyOf('tasks:write'),
  'POST /v1/events': anyOf('tasks:write'),
  'POST /v1/rate-limits': anyOf('templates:write'),
  'GET /v1/rate-limits': anyOf('tasks:read'),

  // Reading the pool is observation (the dashboard's workers page); changing it is the workers' own business.
  'GET /v1/workers': anyOf('workers', 'tasks:read'),
  'GET /v1/workers/:id': anyOf('workers', 'tasks:read'),
  'POST /v1/workers': anyOf('workers'),
  'POST /v1/workers/:id/claim': anyOf('workers'),
  'POST /v1/workers/:id/heartbeat': anyOf('workers'),
  'POST /v1/workers/:id/drain': anyOf('workers'),
  'DELETE /v1/workers/:id': anyOf('workers'),

  'POST /v1/executions/:id/complete': anyOf('workers'),
  'POST /v1/executions/:id/fail': anyOf('workers'),
  'POST /v1/executions/:id/progress': anyOf('workers'),
  'POST /v1/executions/:id/checkpoint': anyOf('workers'),
  'POST /v1/executions/complete': anyOf('workers'),
  'POST /v1/executions/fail': anyOf('workers'),
};

/** The table's key for a route: `GET /v1/tasks/:id`; HEAD shares GET's entry. */
export function routeKey(method: string, url: string): string {
  return `${method === 'HEAD' ? 'GET' : method} ${url}`;
}

/** The access rule of a route, or `undefined` when the table has none (refused). */
export function accessFor(method: string, url: string): Access | undefined {
  return Object.hasOwn(RouteAccess, routeKey(method, url)) ? RouteAccess[routeKey(method, url)] : undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Who made the request: the verified token's `sub`, for audit records
     * (e.g. who cancelled a task). `undefined` with auth off or no `sub`.
     */
    actor: string | undefined;
  }
}

/** Routes registered on each server, `METHOD /pattern`, as seen by the onRoute hook. */
const registered = new WeakMap<FastifyInstance, string[]>();

/** Every route registered on `app` after `registerAuth` (tests check each has an entry). */
export function registeredRoutes(app: FastifyInstance): string[] {
  return [...(registered.get(app) ?? [])];
}

/** Addresses that only this machine can reach: auth may be off there. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}

export interface AuthOptions {
  config: BatonConfig;
  logger: Logger;
}

/**
 * Installs the access check as an onRequest hook on the root instance (so it
 * runs before body parsing, for every route) and records the routes. Call it
 * before registering routes.
 *
 * @throws BatonError `invalid_config` for an unusable key, or auth off on a non-loopback host without `server.insecure`.
 */
export async function registerAuth(app: FastifyInstance, opts: AuthOptions): Promise<void> {
  const { config, logger } = opts;
  const verifier = await createTokenVerifier(config.auth);
  if (verifier === undefined) assertMayRunWithoutAuth(config, logger);
  else logger.info({ auth: verifier.kind, algorithms: verifier.algorithms }, 'auth on: bearer tokens required');

  const routes: string[] = [];
  registered.set(app, routes);
  app.addHook('onRoute', (route: RouteOptions) => {
    for (const method of [route.method].flat()) {
      routes.push(`${method} ${route.url}`);
      if (verifier !== undefined && accessFor(method, route.url) === undefined) {
        logger.warn({ route: `${method} ${route.url}` }, 'route has no entry in the access table (src/api/auth.ts); it will refuse every request');
      }
    }
  });

  app.decorateRequest('actor', undefined);
  if (verifier === undefined) return;
  app.addHook('onRequest', async (request, reply) => {
    const url = request.routeOptions.url;
    // No route matched: the not-found handler answers 404 and nothing is exposed.
    if (url === undefined) return;
    const access = accessFor(request.method, url);
    if (access === open) return;
    try {
      const token = await verifier.verify(bearerToken(request));
      request.actor = token.subject;
      if (access === undefined) {
        throw new BatonError('forbidden', `${request.method} ${url} is not in the server's access table, so no token may call it`, {
          details: { route: `${request.method} ${url}` },
        });
      }
      assertScope(access.anyOf, token.scopes);
    } catch (err) {
      if (err instanceof BatonError && err.code === 'unauthorized') {
        // RFC 6750 §3: a 401 names the scheme; `invalid_token` when one was sent but refused.
        const reason = (err.details as { reason?: string } | undefined)?.reason;
        reply.header('www-authenticate', reason === 'missing' ? 'Bearer realm="baton"' : 'Bearer realm="baton", error="invalid_token"');
      }
      throw err;
    }
  });
}

function assertMayRunWithoutAuth(config: BatonConfig, logger: Logger): void {
  const { host, insecure } = config.server;
  const keys = 'auth.hs256_secret (BATON_AUTH_HS256_SECRET), auth.public_key_file or auth.jwks_file';
  if (isLoopbackHost(host)) {
    logger.warn({ host }, `auth is off: every request is allowed; set ${keys} to require bearer tokens`);
    return;
  }
  if (!insecure) {
    throw new BatonError(
      'invalid_config',
      `refusing to serve on ${host} with auth off: anyone who can reach it could run and cancel tasks; set ${keys}, bind a loopback address (server.host = "127.0.0.1"), or pass --insecure (server.insecure = true) to serve without auth anyway`,
    );
  }
  logger.warn({ host }, `auth is off on a non-loopback address (server.insecure): anyone who can reach ${host} may call every route`);
}

/** The token of an `Authorization: Bearer <token>` header. */
function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (header === undefined || header === '') {
    throw unauthorized({ reason: 'missing', message: 'this route needs a bearer token: send "Authorization: Bearer <token>" (mint one with `baton token create`)' });
  }
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
  if (match === null) throw unauthorized({ reason: 'malformed', message: 'the Authorization header must be "Bearer <token>"' });
  return match[1];
}

/** @throws BatonError `forbidden` naming the scope the token lacks. */
function assertScope(accepted: readonly Scope[], granted: Set<string>): void {
  if (granted.has('admin') || accepted.some((s) => granted.has(s))) return;
  const needed = accepted.length === 1 ? `the "${accepted[0]}" scope` : `one of the scopes ${accepted.map((s) => `"${s}"`).join(', ')}`;
  const has = granted.size === 0 ? 'none' : [...granted].join(' ');
  throw new BatonError('forbidden', `this request needs ${needed} (or "admin"); the token's scopes: ${has}`, {
    details: { missing_scope: accepted[0], accepted_scopes: [...accepted, 'admin'], token_scopes: [...granted] },
  });
}
