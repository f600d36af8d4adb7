/** Operator actions on one step of a task: retry a step in error, or resolve it with an output. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Engine } from '../../core/engine.js';
import type { JsonValue } from '../../domain/types.js';
import { addLogFields } from '../log-context.js';
import { parseRequest } from '../validation.js';

export const stepParams = z.strictObject({ id: z.string().min(1).max(100), step: z.string().min(1).max(200) });
export const retryBody = z.strictObject({}).optional();
export const resolveBody = z.strictObject({ output: z.unknown() });

export async function operatorRoutes(app: FastifyInstance, opts: { engine: Engine }): Promise<void> {
  const { engine } = opts;

  app.post('/v1/tasks/:id/steps/:step/retry', async (request, reply) => {
    parseRequest(retryBody, request.body, 'body');
    const { id, step } = parseRequest(stepParams, request.params, 'params');
    const task = await engine.retryStep(id, step, request.actor ?? null);
    addLogFields(request, reply, { correlationId: task.correlation_id });
    return { task };
  });

  app.post('/v1/tasks/:id/steps/:step/resolve', async (request, reply) => {
    const { output } = parseRequest(resolveBody, request.body, 'body');
    const { id, step } = parseRequest(stepParams, request.params, 'params');
    const task = await engine.resolveStep(id, step, (output ?? null) as JsonValue, request.actor ?? null);
    addLogFields(request, reply, { correlationId: task.correlation_id });
    return { task };
  });
}
