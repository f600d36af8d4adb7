import type { BatonConfig } from '../config/schema.js';
import { type Logger } from '../observability/logger.js';
import { type Runtime } from '../runtime.js';
import type { Db } from '../store/db.js';
/** Where a workload runs: PostgreSQL (a fresh schema unless one is named) or embedded PGlite in a temporary directory. */
export type BatonTarget = {
    kind: 'pg';
    url: string;
    schema?: string;
} | {
    kind: 'pglite';
};
export interface BatonEnv {
    backend: 'pg' | 'pglite';
    /** The client runtime: submits, and answers the "is it done" queries. No worker, no sweeper. */
    client: Runtime;
    db: Db;
    /** Starts a worker runtime running `bench.noop`, calling `onStart` as each handler begins. */
    startWorker(onStart?: () => void): Promise<Runtime>;
    close(): Promise<void>;
}
export declare function openBatonEnv(target: BatonTarget, config: BatonConfig, logger?: Logger): Promise<BatonEnv>;
