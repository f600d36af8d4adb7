/**
 * The worker protocol's reports: complete, fail and progress on one execution,
 * and complete/fail on many at once. Every report is fenced by its lease: a
 * stale lease changes nothing and is answered 409 `stale_lease`.
 * (Worker register, claim and heartbeat routes will live in workers.ts.)
 */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../core/engine.js';
export interface ExecutionRoutesOptions {
    engine: Engine;
}
/** Most reports in one batch call. */
export declare const MAX_REPORT_BATCH = 1000;
export declare function executionRoutes(app: FastifyInstance, opts: ExecutionRoutesOptions): Promise<void>;
