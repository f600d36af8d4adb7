/**
 * Liveness and readiness probes (unauthenticated, outside /v1). Liveness says
 * only that the process answers. Readiness gathers the values (a database
 * round trip, the LISTEN connection, the ready backlog, the shutdown flag)
 * and leaves the decision to the pure evaluator in src/domain/health.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { BatonConfig } from '../../config/schema.js';
import type { Engine } from '../../core/engine.js';
export interface HealthRoutesOptions {
    engine: Engine;
    /** Limits and mode; without it, no backlog limits and `hybrid` mode. */
    config?: BatonConfig;
    /** How long the database check may take before the server counts as unready. @default 2000 */
    checkTimeoutMs?: number;
}
export declare function healthRoutes(app: FastifyInstance, opts: HealthRoutesOptions): Promise<void>;
