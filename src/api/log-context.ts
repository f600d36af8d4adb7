/**
 * Log fields for what a request concerns. Fastify already puts `reqId` on
 * every line of a request; this adds `taskId`, `step`, `workerId` or
 * `executionId` from the route's parameters, so "request completed" and any
 * error line of `POST /v1/tasks/:id/cancel` can be found by task id.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const MAX_FIELD_LENGTH = 200;

/** The id-carrying route prefixes and the log field their `:id` becomes. */
const ID_FIELDS: [prefix: string, field: string][] = [
  ['/v1/tasks/', 'taskId'],
  ['/v1/workers/', 'workerId'],
  ['/v1/executions/', 'executionId'],
];

/** Adds `fields` to every later log line of this request, Fastify's own included. */
export function addLogFields(request: FastifyRequest, reply: FastifyReply, fields: Record<string, string>): void {
  request.log = request.log.child(fields);
  reply.log = request.log;
}

async function logContextPlugin(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', async (request, reply) => {
    const params = request.params as Record<string, unknown> | undefined;
    const route = request.routeOptions.url;
    if (!params || !route) return;
    const fields: Record<string, string> = {};
    const id = params.id;
    if (typeof id === 'string') {
      const match = ID_FIELDS.find(([prefix]) => route.startsWith(prefix));
      if (match) fields[match[1]] = id.slice(0, MAX_FIELD_LENGTH);
    }
    if (typeof params.step === 'string') fields.step = params.step.slice(0, MAX_FIELD_LENGTH);
    if (Object.keys(fields).length > 0) addLogFields(request, reply, fields);
  });
}

// Unencapsulated (as fastify-plugin would make it): the hook covers every route.
(logContextPlugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

export const logContext = logContextPlugin;
