import type { Logger } from 'pino';
import { type StepAbortReason } from '../errors.js';
import type { WorkerTransport } from './transport.js';
import type { HandlerRegistration, Middleware } from './types.js';
export interface WorkerOptions {
    transport: WorkerTransport;
    handlers: HandlerRegistration[];
    logger: Logger;
    /** Steps run at once. @default 10 */
    concurrency?: number;
    /** Most steps claimed in one round trip, and claimed ahead by a worker with quick handlers. @default 500 */
    claimBatch?: number;
    /** How often leases are extended. @default 10000 */
    heartbeatMs?: number;
    /** On shutdown, how long in-flight steps may take to finish before their leases are given back. @default 5000 */
    shutdownGraceMs?: number;
    /** Longest idle sleep between claims when no wake-up arrives. @default 1000 */
    idleWaitMs?: number;
    /** Wrap every handler call, in this order (the first outermost); more can be added with `use`. @default [] */
    middleware?: Middleware[];
}
/** Why a handler's signal was aborted (its `reason` is a StepAbortedError saying so); also decides what is reported. */
export type AbortReason = StepAbortReason;
/**
 * Runs handlers for claimed steps: a concurrency limit, per-step deadlines,
 * heartbeats that extend leases, aborts on cancellation or lease loss, batched
 * reports, and a graceful stop that hands unfinished leases back.
 */
export declare class Worker {
    private readonly opts;
    private readonly handlers;
    private readonly middleware;
    private readonly inFlight;
    private readonly reporter;
    /** What to claim and when, and the executions claimed ahead of a free slot. */
    private readonly claims;
    private readonly stopController;
    private loop;
    private heartbeatTimer;
    private unsubscribeStops;
    private readonly heartbeatMs;
    private readonly shutdownGraceMs;
    private readonly logger;
    private stopping;
    constructor(opts: WorkerOptions);
    /**
     * Adds a middleware around every handler call from now on, inside those
     * added before it (DESIGN §3).
     *
     * @example worker.use(async (ctx, next) => { audit('start', ctx.step.name); const out = await next(); audit('end', ctx.step.name); return out; });
     */
    use(middleware: Middleware): this;
    /** The handler wrapped in the middleware chain, outermost first. */
    private invoke;
    get handlerNames(): string[];
    get inFlightCount(): number;
    start(): Promise<void>;
    private run;
    private abort;
    private execute;
    private report;
    /** A heartbeat still being sent (a transport may retry one for up to an interval): the next tick skips rather than piles up. */
    private heartbeating;
    private heartbeat;
    private sendHeartbeat;
    /**
     * Stops claiming, lets in-flight steps finish within the grace period, then
     * aborts the rest and hands their leases back so they are retried at once.
     */
    stop(graceMs?: number): Promise<void>;
    private shutdown;
}
