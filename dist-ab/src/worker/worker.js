import { stepError } from '../domain/step-errors.js';
import { isPermanentError, StepAbortedError } from '../errors.js';
import { ClaimAhead } from './claim-ahead.js';
import { Reporter } from './reporter.js';
import { createHandlerContext, logAttemptFailure, toJson, toStepError } from './handler-context.js';
import { sleepUnlessAborted as sleep } from '../sleep.js';
/**
 * Runs handlers for claimed steps: a concurrency limit, per-step deadlines,
 * heartbeats that extend leases, aborts on cancellation or lease loss, batched
 * reports, and a graceful stop that hands unfinished leases back.
 */
export class Worker {
    opts;
    handlers = new Map();
    middleware = [];
    inFlight = new Map();
    reporter;
    /** What to claim and when, and the executions claimed ahead of a free slot. */
    claims;
    stopController = new AbortController();
    loop;
    heartbeatTimer;
    unsubscribeStops;
    heartbeatMs;
    shutdownGraceMs;
    logger;
    stopping;
    constructor(opts) {
        this.opts = opts;
        for (const h of opts.handlers) {
            if (this.handlers.has(h.name))
                throw new Error(`handler "${h.name}" is registered twice`);
            this.handlers.set(h.name, h);
        }
        this.heartbeatMs = opts.heartbeatMs ?? 10_000;
        this.shutdownGraceMs = opts.shutdownGraceMs ?? 5000;
        this.logger = opts.logger;
        this.reporter = new Reporter(opts.transport, opts.logger, {
            reserve: () => this.claims.reserveAlong(),
            take: (claimed, reserved) => this.claims.takeClaimed(claimed, reserved),
        });
        this.claims = new ClaimAhead({
            transport: opts.transport,
            logger: opts.logger,
            concurrency: opts.concurrency ?? 10,
            claimBatch: opts.claimBatch ?? 500,
            idleWaitMs: opts.idleWaitMs ?? 1000,
            signal: this.stopController.signal,
            reports: this.reporter,
            running: () => this.inFlight.size,
            start: (execution) => this.run(execution),
        });
        for (const mw of opts.middleware ?? [])
            this.use(mw);
    }
    /**
     * Adds a middleware around every handler call from now on, inside those
     * added before it (DESIGN §3).
     *
     * @example worker.use(async (ctx, next) => { audit('start', ctx.step.name); const out = await next(); audit('end', ctx.step.name); return out; });
     */
    use(middleware) {
        if (typeof middleware !== 'function')
            throw new TypeError('worker.use: middleware must be a function (ctx, next) => Promise<output>');
        this.middleware.push(middleware);
        return this;
    }
    /** The handler wrapped in the middleware chain, outermost first. */
    invoke(handler, ctx) {
        const chain = [...this.middleware];
        const dispatch = (i) => (i < chain.length ? chain[i](ctx, () => dispatch(i + 1)) : Promise.resolve(handler.fn(ctx)));
        return dispatch(0);
    }
    get handlerNames() {
        return [...this.handlers.keys()];
    }
    get inFlightCount() {
        return this.inFlight.size;
    }
    async start() {
        if (this.loop)
            return;
        this.unsubscribeStops = await this.opts.transport.onTaskStopped((taskId) => {
            for (const f of this.inFlight.values())
                if (f.execution.task.id === taskId)
                    this.abort(f, 'cancelled');
            this.claims.drop((e) => e.task.id === taskId);
        });
        this.heartbeatTimer = setInterval(() => void this.heartbeat(), this.heartbeatMs);
        this.heartbeatTimer.unref();
        this.loop = this.claims.loop();
    }
    run(execution) {
        const controller = new AbortController();
        const flight = { execution, controller, done: Promise.resolve() };
        this.inFlight.set(execution.execution_id, flight);
        const startedAt = performance.now();
        flight.done = this.execute(flight).finally(() => {
            this.inFlight.delete(execution.execution_id);
            this.claims.finished(performance.now() - startedAt);
        });
    }
    abort(flight, reason) {
        if (flight.controller.signal.aborted)
            return;
        flight.reason = reason;
        flight.controller.abort(new StepAbortedError(reason));
    }
    async execute(flight) {
        const { execution, controller } = flight;
        const lease = { executionId: execution.execution_id, leaseId: execution.lease_id };
        const log = this.logger.child({ taskId: execution.task.id, step: execution.step, attempt: execution.attempt, correlationId: execution.correlation_id });
        const handler = this.handlers.get(execution.handler);
        let deadlineTimer;
        const timedOut = new Promise((resolve) => {
            if (!execution.deadline)
                return;
            const ms = Math.max(0, new Date(execution.deadline).getTime() - Date.now());
            deadlineTimer = setTimeout(() => {
                this.abort(flight, 'timeout');
                resolve('timeout');
            }, ms);
        });
        const aborted = new Promise((resolve) => controller.signal.addEventListener('abort', () => resolve('aborted'), { once: true }));
        const ctx = createHandlerContext(execution, controller.signal, this.opts.transport, log);
        try {
            const outcome = await Promise.race([
                Promise.resolve()
                    .then(() => this.invoke(handler, ctx))
                    .then((output) => ({ ok: true, output }), (error) => ({ ok: false, error })),
                timedOut,
                aborted,
            ]);
            // Reports are handed to the batching reporter without waiting for their
            // commit: the slot is free for the next claim while the batch is written.
            if (outcome === 'timeout' || (outcome === 'aborted' && flight.reason === 'timeout')) {
                const error = stepError('timeout', `step timed out (deadline ${execution.deadline})`);
                this.report(log, { kind: 'fail', ...lease, error, retryable: true });
                return;
            }
            if (outcome === 'aborted' || flight.reason)
                return; // cancelled, lease lost or shutdown: someone else owns the step's fate
            if (outcome.ok) {
                this.report(log, { kind: 'complete', ...lease, output: toJson(outcome.output) });
            }
            else {
                logAttemptFailure(log, outcome.error, execution);
                this.report(log, { kind: 'fail', ...lease, error: toStepError(outcome.error), retryable: !isPermanentError(outcome.error) });
            }
        }
        catch (err) {
            log.error({ err }, 'reporting a step outcome failed');
        }
        finally {
            clearTimeout(deadlineTimer);
        }
    }
    report(log, report) {
        void this.reporter.send(report).then((result) => {
            if (result === 'stale')
                log.warn('outcome refused: the lease was no longer held (step cancelled, timed out or re-claimed)');
        });
    }
    /** A heartbeat still being sent (a transport may retry one for up to an interval): the next tick skips rather than piles up. */
    heartbeating = false;
    async heartbeat() {
        if (this.heartbeating)
            return;
        this.heartbeating = true;
        try {
            await this.sendHeartbeat();
        }
        finally {
            this.heartbeating = false;
        }
    }
    async sendHeartbeat() {
        const flights = [...this.inFlight.values()].filter((f) => !f.controller.signal.aborted);
        // An idle worker heartbeats too: that is how it stays `active` in the worker list and for placement.
        const held = [...flights.map((f) => f.execution), ...this.claims.buffered];
        try {
            const answer = await this.opts.transport.heartbeat(held.map((e) => ({ executionId: e.execution_id, leaseId: e.lease_id })));
            const lost = new Set(answer.abort);
            const cancelled = new Set(answer.cancelled);
            for (const f of flights) {
                if (lost.has(f.execution.execution_id))
                    this.abort(f, cancelled.has(f.execution.execution_id) ? 'cancelled' : 'lease_lost');
            }
            this.claims.drop((e) => lost.has(e.execution_id));
        }
        catch (err) {
            this.logger.warn({ err }, 'heartbeat failed; leases may expire if this persists');
        }
    }
    /**
     * Stops claiming, lets in-flight steps finish within the grace period, then
     * aborts the rest and hands their leases back so they are retried at once.
     */
    stop(graceMs = this.shutdownGraceMs) {
        this.stopping ??= this.shutdown(graceMs);
        return this.stopping;
    }
    async shutdown(graceMs) {
        this.stopController.abort();
        this.claims.wake();
        await this.loop;
        const unstarted = this.claims.drop(() => true);
        await this.opts.transport
            .release(unstarted.map((e) => ({ executionId: e.execution_id, leaseId: e.lease_id })))
            .catch((err) => this.logger.warn({ err }, 'could not hand prefetched leases back; they will expire and the steps be retried'));
        const all = Promise.all([...this.inFlight.values()].map((f) => f.done));
        // The grace timer is cleared once the steps finish: a pending timer would keep a stopped process alive.
        const grace = new AbortController();
        const finished = await Promise.race([all.then(() => true), sleep(graceMs, grace.signal).then(() => false)]);
        grace.abort();
        if (!finished) {
            const rest = [...this.inFlight.values()];
            for (const f of rest)
                this.abort(f, 'shutdown');
            try {
                await this.opts.transport.release(rest.map((f) => ({ executionId: f.execution.execution_id, leaseId: f.execution.lease_id })));
            }
            catch (err) {
                this.logger.warn({ err }, 'could not hand leases back; they will expire and the steps be retried');
            }
            await all;
        }
        await this.reporter.drain();
        clearInterval(this.heartbeatTimer);
        await this.unsubscribeStops?.();
        await this.opts.transport.close();
    }
}
//# sourceMappingURL=worker.js.map