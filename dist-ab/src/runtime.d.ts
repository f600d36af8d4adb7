import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { type BuildServerOptions } from './api/server.js';
import type { BatonConfig } from './config/schema.js';
import { Engine } from './core/engine.js';
import { WorkerPool } from './core/worker-pool.js';
import { type BatonMetrics } from './observability/metrics.js';
import type { Db } from './store/db.js';
import type { HandlerRegistration, Middleware } from './worker/types.js';
import { Worker } from './worker/worker.js';
export interface RuntimeOptions {
    config: BatonConfig;
    logger?: Logger;
    /** An already open database (tests); otherwise opened from `config.database`. */
    db?: Db;
    /** Run the background sweeps (lease reaper, timeouts, reconciler). @default true */
    sweeper?: boolean;
    /** Run the retention pruner (when `retention.finishedTasksDays` > 0). @default the value of `sweeper` */
    pruner?: boolean;
    /**
     * Count this process's commits: metrics made by the caller, or `true` to
     * make them (`runtime.metrics`). The HTTP API always has them.
     * @default none, or made when `http` is set
     */
    metrics?: BatonMetrics | boolean;
    /**
     * Build the HTTP API (`runtime.app`) and the worker pool behind it. It does
     * not listen until `runtime.listen()` (tests use `app.inject()`); `true`, or
     * socket timeouts and event-stream limits beyond the config's (tests).
     * @example createRuntime({ config, http: true })
     * @default false
     */
    http?: boolean | Pick<BuildServerOptions, 'sse' | 'timeouts'>;
    /** Run a worker in this process for these handlers. */
    handlers?: HandlerRegistration[];
    /** Worker labels for placement. */
    labels?: Record<string, string>;
    /** Middleware around every handler call of the worker (DESIGN §3). */
    middleware?: Middleware[];
    /**
     * Wait for a database that does not answer yet, instead of failing: while
     * opening, migrating or registering fails with a connection error (refused,
     * reset, "starting up": `isConnectionError` in src/store/sqlstate.ts), the
     * whole start is undone and tried again with backoff (200 ms doubling to
     * 5 s), each wait logged at warn. Any other error (bad credentials, an
     * unknown database, a schema too new, bad config) still fails at once.
     * `baton worker` sets it, since processes of a deployment start in any order;
     * `Baton.start` passes its `waitForDatabase`.
     * @default false
     */
    waitForDatabase?: boolean;
    /** Ends a wait for the database (`waitForDatabase`): `createRuntime` then rejects with the signal's reason. */
    signal?: AbortSignal;
}
/**
 * The composition root, the one place a Baton is put together (`baton start`,
 * `baton server`, `baton worker`, `Baton.start`): it builds the database,
 * metrics, engine, wake-ups, worker pool, HTTP server, background loops and
 * worker from the config and hands each its parts; one `stop()` takes them
 * down in order.
 */
export interface Runtime {
    config: BatonConfig;
    logger: Logger;
    db: Db;
    engine: Engine;
    /** Fed by the engine's and sweeper's commits and the worker pool; with `http` or `metrics`. */
    metrics: BatonMetrics | undefined;
    /** The HTTP worker protocol's pool; with `http`. */
    workers: WorkerPool | undefined;
    /** The HTTP API, not listening until `listen()`; with `http`. */
    app: FastifyInstance | undefined;
    worker: Worker | undefined;
    /** Serves the HTTP API on `config.server.host` and `port`; resolves to its base URL (`http://127.0.0.1:8080`). */
    listen(): Promise<string>;
    /** Stops serving (requests, long-polls, event streams), then the worker, the loops, the wake-ups and the database. Safe to call twice. */
    stop(): Promise<void>;
}
/**
 * Builds and starts a runtime (see `Runtime`); with `waitForDatabase`, waits
 * for an unreachable database first.
 *
 * @example const runtime = await createRuntime({ config, handlers, waitForDatabase: true });
 */
export declare function createRuntime(opts: RuntimeOptions): Promise<Runtime>;
