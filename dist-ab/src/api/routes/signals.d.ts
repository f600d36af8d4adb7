/**
 * The outside world's way in (DESIGN §8): a signal to one task's wait step,
 * and an external event to every step waiting for its name and key. Both
 * answer 202: the signal or event is recorded, delivered or kept.
 */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../core/engine.js';
export declare function signalRoutes(app: FastifyInstance, opts: {
    engine: Engine;
}): Promise<void>;
