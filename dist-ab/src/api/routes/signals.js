import { z } from 'zod';
import { IDENTIFIER } from '../../domain/template-schema.js';
import { parseRequest } from '../validation.js';
const NAME_RULE = 'must start with a letter and contain only letters, digits, "_", "." or "-" (at most 128 characters)';
const name = z.string().regex(IDENTIFIER, { error: NAME_RULE });
const idempotencyKey = z.string().min(1).max(200);
const signalParams = z.strictObject({ id: z.string().min(1).max(100), name });
const signalBody = z.strictObject({ payload: z.unknown().optional(), idempotency_key: idempotencyKey.optional() }).optional();
const eventBody = z.strictObject({
    name,
    key: z.union([z.string().min(1).max(500), z.number(), z.boolean()]).transform(String),
    payload: z.unknown().optional(),
    idempotency_key: idempotencyKey.optional(),
});
export async function signalRoutes(app, opts) {
    const { engine } = opts;
    app.post('/v1/tasks/:id/signals/:name', async (request, reply) => {
        const { id, name: signal } = parseRequest(signalParams, request.params, 'params');
        const body = parseRequest(signalBody, request.body, 'body') ?? {};
        const result = await engine.signal({
            taskId: id,
            name: signal,
            payload: (body.payload ?? null),
            idempotencyKey: body.idempotency_key ?? null,
            actor: request.actor ?? null,
        });
        return reply.code(202).send(result);
    });
    app.post('/v1/events', async (request, reply) => {
        const body = parseRequest(eventBody, request.body, 'body');
        const result = await engine.sendEvent({ name: body.name, key: body.key, payload: (body.payload ?? null), idempotencyKey: body.idempotency_key ?? null });
        return reply.code(202).send(result);
    });
}
//# sourceMappingURL=signals.js.map