/**
 * Log fields for what a request concerns. Fastify already puts `reqId` on
 * every line of a request; this adds `taskId`, `step`, `workerId` or
 * `executionId` from the route's parameters, so "request completed" and any
 * error line of `POST /v1/tasks/:id/cancel` can be found by task id.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
/** Adds `fields` to every later log line of this request, Fastify's own included. */
export declare function addLogFields(request: FastifyRequest, reply: FastifyReply, fields: Record<string, string>): void;
declare function logContextPlugin(app: FastifyInstance): Promise<void>;
export declare const logContext: typeof logContextPlugin;
export {};
