import type { FastifyInstance } from 'fastify';
/**
 * On close: destroys at once every connection that has sent no byte, and,
 * `graceMs` later, every connection still open (a request that has not arrived
 * in full by then never would within the request timeout). Requests under way
 * finish meanwhile; a client cut off retries against another server.
 */
export declare function closeStragglersOnShutdown(app: FastifyInstance, graceMs: number): void;
