/** Named rate limits (DESIGN §8): declared here, used by steps' `rate_limit`, enforced by the claim. */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../core/engine.js';
export declare function rateLimitRoutes(app: FastifyInstance, opts: {
    engine: Engine;
}): Promise<void>;
