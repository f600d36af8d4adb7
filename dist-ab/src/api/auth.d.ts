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
import type { FastifyInstance } from 'fastify';
import type { BatonConfig } from '../config/schema.js';
import type { Logger } from '../observability/logger.js';
/** The scopes a token can carry in its space-separated `scope` claim. */
export declare const Scopes: readonly ["tasks:read", "tasks:write", "templates:write", "workers", "admin"];
export type Scope = (typeof Scopes)[number];
/** Who may call a route: `open` needs no token; otherwise a token with any of the listed scopes (or admin). */
export type Access = 'open' | {
    anyOf: readonly Scope[];
};
/**
 * Every route by `METHOD /pattern` (Fastify's route syntax). HEAD routes that
 * Fastify adds for GET routes follow their GET entry.
 */
export declare const RouteAccess: Readonly<Record<string, Access>>;
/** The table's key for a route: `GET /v1/tasks/:id`; HEAD shares GET's entry. */
export declare function routeKey(method: string, url: string): string;
/** The access rule of a route, or `undefined` when the table has none (refused). */
export declare function accessFor(method: string, url: string): Access | undefined;
declare module 'fastify' {
    interface FastifyRequest {
        /**
         * Who made the request: the verified token's `sub`, for audit records
         * (e.g. who cancelled a task). `undefined` with auth off or no `sub`.
         */
        actor: string | undefined;
    }
}
/** Every route registered on `app` after `registerAuth` (tests check each has an entry). */
export declare function registeredRoutes(app: FastifyInstance): string[];
/** Addresses that only this machine can reach: auth may be off there. */
export declare function isLoopbackHost(host: string): boolean;
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
export declare function registerAuth(app: FastifyInstance, opts: AuthOptions): Promise<void>;
