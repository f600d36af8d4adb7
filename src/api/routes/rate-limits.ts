/** Named rate limits (DESIGN §8): declared here, used by steps' `rate_limit`, enforced by the claim. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Engine } from '../../core/engine.js';
import { IDENTIFIER } from '../../domain/template-schema.js';
import { parseRequest } from '../validation.js';

export const body = z.strictObject({
  name: z.string().regex(IDENTIFIER, { error: 'must start with a letter and contain only letters, digits, "_", "." or "-" (at most 128 characters)' }),
  limit: z
    .number({ error: 'must be a whole number of units, at least 1' })
    .int({ error: 'must be a whole number of units, at least 1' })
    .min(1, { error: 'must be at least 1' })
    .max(1_000_000),
  per: z.string({ error: 'must be a duration such as "1s", "1m" or "1h"' }).min(1).max(32),
});

export async function rateLimitRoutes(app: FastifyInstance, opts: { engine: Engine }): Promise<void> {
  const { engine } = opts;

  app.post('/v1/rate-limits', async (request, reply) => {
    const { name, limit, per } = parseRequest(body, request.body, 'body');
    const existed = (await engine.listRateLimits()).some((l) => l.name === name);
    const view = await engine.setRateLimit(name, limit, per);
    return reply.code(existed ? 200 : 201).send(view);
  });

  app.get('/v1/rate-limits', async () => ({ rate_limits: await engine.listRateLimits() }));
}
