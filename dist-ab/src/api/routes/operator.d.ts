/** Operator actions on one step of a task: retry a step in error, or resolve it with an output. */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../core/engine.js';
export declare function operatorRoutes(app: FastifyInstance, opts: {
    engine: Engine;
}): Promise<void>;
