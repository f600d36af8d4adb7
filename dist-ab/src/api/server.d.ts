/**
 * The HTTP API (DESIGN §4) as a Fastify instance. `buildServer` wires routes,
 * parsers and the error mapping over the parts it is given (engine, worker
 * pool, metrics: `createRuntime` builds them); it never listens (the caller
 * does, so tests use `app.inject()` and the CLI chooses the address).
 */
import { type FastifyInstance } from 'fastify';
import type { BatonConfig } from '../config/schema.js';
import type { Engine } from '../core/engine.js';
import type { Logger } from '../observability/logger.js';
import { type BodyDrainLimits } from './early-refusals.js';
import type { SseLimits } from './sse-hub.js';
import type { BatonMetrics } from '../observability/metrics.js';
import type { WorkerPool } from '../core/worker-pool.js';
export interface BuildServerOptions {
    engine: Engine;
    config: BatonConfig;
    logger: Logger;
    /** The metrics served on `GET /metrics` (`app.metrics`), wired to the engine's commits by the caller (`createRuntime`). */
    metrics: BatonMetrics;
    /** The worker pool behind `/v1/workers` (the caller builds it and closes its wake-ups after the server). */
    workers: WorkerPool;
    /** Event-stream limits beyond the config's (heartbeat, buffer cap; tests make them tiny). */
    sse?: Partial<SseLimits>;
    /**
     * Socket timeouts in place of {@link ServerTimeouts} (tests make them short
     * so that a slow client is closed within seconds). `headersTimeoutMs` must not
     * exceed `requestTimeoutMs`.
     * @example buildServer({ engine, config, logger, metrics, workers, timeouts: { headersTimeoutMs: 500, requestTimeoutMs: 1000 } })
     * @default ServerTimeouts
     */
    timeouts?: Partial<ServerTimeoutsMs>;
    /**
     * How much of a body the server reads and discards after refusing its
     * request early (413, 401/403, 415, 429), so that the client, still sending,
     * reads the answer (src/api/early-refusals.ts).
     * @example buildServer({ engine, config, logger, metrics, workers, drain: { maxMs: 500 } })
     * @default BodyDrain (64 MiB within 10 s)
     */
    drain?: Partial<BodyDrainLimits>;
}
/** The server's socket timeouts, in milliseconds; see {@link ServerTimeouts}. */
export interface ServerTimeoutsMs {
    /** Time to receive a whole request, headers and body. */
    requestTimeoutMs: number;
    /** Time to receive a request's headers; what closes slow-loris connections. */
    headersTimeoutMs: number;
    /** Idle time after which a socket is closed, whether or not a request is under way. */
    connectionTimeoutMs: number;
    /** How long a kept-alive socket waits for its next request. */
    keepAliveTimeoutMs: number;
    /**
     * How often Node compares incomplete requests with the two request timeouts.
     * Node's default (30 s) would let a slow client outlive `headersTimeoutMs`
     * by up to that much; a sweep over the open sockets each second costs little.
     */
    checkIntervalMs: number;
}
/**
 * Socket timeouts. `requestTimeout` bounds the time to receive a whole request
 * (headers and body) and `headersTimeout` its headers alone, which is what
 * closes slow-loris connections. `connectionTimeout` closes a socket idle that
 * long, so long-polls and event streams must send something more often
 * (claim `wait_ms` stays below it; SSE sends keep-alive comments).
 * `keepAliveTimeout` outlives the 60 s idle timeout of common load balancers,
 * so they never reuse a socket that we are closing.
 */
export declare const ServerTimeouts: Readonly<ServerTimeoutsMs>;
export declare function buildServer(opts: BuildServerOptions): Promise<FastifyInstance>;
