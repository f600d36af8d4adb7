/** Bulk cancel and retry by filter, and the dead-letter view (`GET /v1/failures`). */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../core/engine.js';
export declare function bulkRoutes(app: FastifyInstance, opts: {
    engine: Engine;
}): Promise<void>;
