/** Schedules (DESIGN §8): create or replace, list, show, patch (pause, resume), delete, trigger now. */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../core/engine.js';
export interface ScheduleRoutesOptions {
    engine: Engine;
}
export declare function scheduleRoutes(app: FastifyInstance, opts: ScheduleRoutesOptions): Promise<void>;
