/** Templates: register (YAML or JSON), list, show. */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../core/engine.js';
export interface TemplateRoutesOptions {
    engine: Engine;
}
export declare function templateRoutes(app: FastifyInstance, opts: TemplateRoutesOptions): Promise<void>;
