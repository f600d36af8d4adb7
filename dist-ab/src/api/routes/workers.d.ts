/**
 * The worker side of the HTTP protocol (DESIGN §4, docs/worker-protocol.md):
 * register, long-poll claim, heartbeat, drain, remove and list. Reports
 * (complete, fail, progress) are in executions.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { WorkerPool } from '../../core/worker-pool.js';
export interface WorkerRoutesOptions {
    /** The worker pool the composition root built (with its wake-ups and metrics observer); it outlives the server. */
    pool: WorkerPool;
}
/** Longest claim wait; stays below the server's idle-connection timeout (75 s). */
export declare const MAX_CLAIM_WAIT_MS = 60000;
/** Most executions one claim returns. */
export declare const MAX_CLAIM = 100;
export declare function workerRoutes(app: FastifyInstance, opts: WorkerRoutesOptions): Promise<void>;
