/**
 * Live events as Server-Sent Events (DESIGN §4): `GET /v1/tasks/:id/events`
 * (one task, ends after its terminal transition) and `GET /v1/events` (every
 * task, the dashboard's feed). Events come from the transitions log through
 * PostgreSQL, so steps run by other processes show up too.
 */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../core/engine.js';
import type { WakeMode } from '../../core/wakeup.js';
import { SseHub, type SseLimits } from '../sse-hub.js';
declare module 'fastify' {
    interface FastifyInstance {
        /** The event streams of this server (`app.sse.openStreams` for metrics). */
        sse: SseHub;
    }
}
export interface EventRoutesOptions {
    engine: Engine;
    /** How the feed hears of new events (the orchestrator mode). @default 'hybrid' */
    mode?: WakeMode;
    limits?: Partial<SseLimits>;
}
export declare function eventRoutes(app: FastifyInstance, opts: EventRoutesOptions): Promise<void>;
