/**
 * The outside world's way in (DESIGN §8): a signal to one task's wait step,
 * and an external event to every step waiting for its name and key. Both
 * answer 202: the signal or event is recorded, delivered or kept.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Engine } from '../../core/engine.js';
import type { JsonValue } from '../../domain/types.js';
import { IDENTIFIER } from '../../domain/template-schema.js';
import { parseRequest } from '../validation.js';

const NAME_RULE = 'must start with a letter and contain only letters, digits, "_", "." or "-" (at most 128 characters)';
const name = z.string().regex(IDENTIFIER, { error: NAME_RULE });
const idempotencyKey = z.string().min(1).max(200);

export const signalParams = z.strictObject({ id: z.string().min(1).max(100), name });
export const signalBody = z.strictObject({ payload: z.unknown().optional(), idempotency_key: idempotencyKey.optional() }).optional();
export const eventBody = z.strictObject({
  name,
  key: z.union([z.string().min(1).max(500), z.number(), z.boolean()]).transform(String),
  payload: z.unknown().optional(),
  idempotency_key: idempotencyKey.optional(),
});

export async function signalRoutes(app: FastifyInstance, opts: { engine: Engine }): Promise<void> {
  const { engine } = opts;

  app.post('/v1/tasks/:id/signals/:name', async (request, reply) => {
    const { id, name: signal } = parseRequest(signalParams, request.params, 'params');
    const body = parseRequest(signalBody, request.body, 'body') ?? {};
    const result = await engine.signal({
      taskId: id,
      name: signal,
      payload: (body.payload ?? null) as JsonValue,
      idempotencyKey: body.idempotency_key ?? null,
      actor: request.actor ?? null,
    });
    return reply.code(202).send(result);
  });

  app.post('/v1/events', async (request, reply) => {
    const body = parseRequest(eventBody, request.body, 'body');
    const result = await engine.sendEvent({ name: body.name, key: body.key, payload: (body.payload ?? null) as JsonValue, idempotencyKey: body.idempotency_key ?? null });
    return reply.code(202).send(result);
  });
}
