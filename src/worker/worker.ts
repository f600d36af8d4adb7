import type { Logger } from 'pino';
import type { Execution } from '../core/claim.js';
import type { JsonValue } from '../domain/types.js';
import { stepError } from '../domain/step-errors.js';
import { isPermanentError, StepAbortedError, type StepAbortReason } from '../errors.js';
import { ClaimAhead } from './claim-ahead.js';
import { Reporter } from './reporter.js';
import { startStepTrace } from './step-trace.js';
import { createHandlerContext, logAttemptFailure, toJson, toStepError } from './handler-context.js';
import type { LeaseHandle, WorkerTransport } from './transport.js';
import type { HandlerContext, HandlerRegistration, Middleware } from './types.js';
import type { WorkerHealthInput } from '../domain/worker-health.js';
import { sleepUnlessAborted as sleep } from '../sleep.js';

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

interface InFlight {
  execution: Execution;
  controller: AbortController;
  reason?: AbortReason;
  done: Promise<void>;
}

/**
 * Runs handlers for claimed steps: a concurrency limit, per-step deadlines,
 * heartbeats that extend leases, aborts on cancellation or lease loss, batched
 * reports, and a graceful stop that hands unfinished leases back.
 */
export class Worker {
  private readonly handlers = new Map<string, HandlerRegistration>();
  private readonly middleware: Middleware[] = [];
  private readonly inFlight = new Map<string, InFlight>();
  private readonly reporter: Reporter;
  /** What to claim and when, and the executions claimed ahead of a free slot. */
  private readonly claims: ClaimAhead;
  private readonly stopController = new AbortController();
  private loop: Promise<void> | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private unsubscribeStops: (() => Promise<void>) | undefined;
  private readonly heartbeatMs: number;
  private readonly shutdownGraceMs: number;
  private readonly logger: Logger;
  private stopping: Promise<void> | undefined;

  constructor(private readonly opts: WorkerOptions) {
    for (const h of opts.handlers) {
      if (this.handlers.has(h.name)) throw new Error(`handler "${h.name}" is registered twice`);
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
    for (const mw of opts.middleware ?? []) this.use(mw);
  }

  /**
   * Adds a middleware around every handler call from now on, inside those
   * added before it (DESIGN §3).
   *
   * @example worker.use(async (ctx, next) => { audit('start', ctx.step.name); const out = await next(); audit('end', ctx.step.name); return out; });
   */
  use(middleware: Middleware): this {
    if (typeof middleware !== 'function') throw new TypeError('worker.use: middleware must be a function (ctx, next) => Promise<output>');
    this.middleware.push(middleware);
    return this;
  }

  /** The handler wrapped in the middleware chain, outermost first. */
  private invoke(handler: HandlerRegistration, ctx: HandlerContext): Promise<JsonValue> {
    const chain = [...this.middleware];
    const dispatch = (i: number): Promise<JsonValue> => (i < chain.length ? chain[i](ctx, () => dispatch(i + 1)) : Promise.resolve(handler.fn(ctx) as JsonValue));
    return dispatch(0);
  }

  get handlerNames(): string[] {
    return [...this.handlers.keys()];
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** When the last heartbeat (or, before the first, the start) succeeded; why the heartbeats since then failed. */
  private heartbeats: { okAt: number | null; failures: number; error?: string; sentAt?: number; state?: string } = { okAt: null, failures: 0 };

  /**
   * What this worker's readiness is decided on (`evaluateWorkerReadiness`,
   * served as `/health/ready` by `baton worker --metrics-port`).
   */
  health(now = Date.now()): WorkerHealthInput {
    const { okAt, failures, error } = this.heartbeats;
    return {
      running: this.loop !== undefined,
      draining: this.stopController.signal.aborted ? 'stopping' : this.heartbeats.state === 'draining' ? 'drain_requested' : false,
      heartbeatMs: this.heartbeatMs,
      lastHeartbeatOkAt: okAt,
      heartbeatFailures: failures,
      ...(error !== undefined ? { lastHeartbeatError: error } : {}),
      heartbeatInFlightSince: this.heartbeating ? (this.heartbeats.sentAt ?? null) : null,
      now,
    };
  }

  async start(): Promise<void> {
    if (this.loop) return;
    this.unsubscribeStops = await this.opts.transport.onTaskStopped((taskId) => {
      for (const f of this.inFlight.values()) if (f.execution.task.id === taskId) this.abort(f, 'cancelled');
      this.claims.drop((e) => e.task.id === taskId);
    });
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), this.heartbeatMs);
    this.heartbeatTimer.unref();
    // Registered (the transport exists) and subscribed: that counts as the first heartbeat.
    this.heartbeats = { okAt: Date.now(), failures: 0 };
    this.loop = this.claims.loop();
  }

  private run(execution: Execution): void {
    const controller = new AbortController();
    const flight: InFlight = { execution, controller, done: Promise.resolve() };
    this.inFlight.set(execution.execution_id, flight);
    const startedAt = performance.now();
    flight.done = this.execute(flight).finally(() => {
      this.inFlight.delete(execution.execution_id);
      this.claims.finished(performance.now() - startedAt);
    });
  }

  private abort(flight: InFlight, reason: AbortReason): void {
    if (flight.controller.signal.aborted) return;
    flight.reason = reason;
    flight.controller.abort(new StepAbortedError(reason));
  }

  private async execute(flight: InFlight): Promise<void> {
    const { execution, controller } = flight;
    const lease: LeaseHandle = { executionId: execution.execution_id, leaseId: execution.lease_id };
    const log = this.logger.child({ taskId: execution.task.id, step: execution.step, attempt: execution.attempt, correlationId: execution.correlation_id });
    const handler = this.handlers.get(execution.handler)!;
    let deadlineTimer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      if (!execution.deadline) return;
      const ms = Math.max(0, new Date(execution.deadline).getTime() - Date.now());
      deadlineTimer = setTimeout(() => {
        this.abort(flight, 'timeout');
        resolve('timeout');
      }, ms);
    });
    const aborted = new Promise<'aborted'>((resolve) => controller.signal.addEventListener('abort', () => resolve('aborted'), { once: true }));
    const steps = startStepTrace(execution);
    const ctx = createHandlerContext(execution, controller.signal, this.opts.transport, log, steps);
    try {
      const outcome = await Promise.race([
        Promise.resolve()
          .then(() => steps.run(() => this.invoke(handler, ctx)))
          .then(
            (output) => ({ ok: true as const, output }),
            (error: unknown) => ({ ok: false as const, error }),
          ),
        timedOut,
        aborted,
      ]);
      // Reports are handed to the batching reporter without waiting for their
      // commit: the slot is free for the next claim while the batch is written.
      if (outcome === 'timeout' || (outcome === 'aborted' && flight.reason === 'timeout')) {
        const error = stepError('timeout', `step timed out (deadline ${execution.deadline})`);
        steps.finish('timeout', undefined, this.report(log, { kind: 'fail', ...lease, error, retryable: true }));
        return;
      }
      if (outcome === 'aborted' || flight.reason) {
        steps.finish(flight.reason ?? 'cancelled');
        return; // cancelled, lease lost or shutdown: someone else owns the step's fate
      }
      if (outcome.ok) {
        steps.finish('complete', undefined, this.report(log, { kind: 'complete', ...lease, output: toJson(outcome.output) }));
      } else {
        logAttemptFailure(log, outcome.error, execution);
        const retryable = !isPermanentError(outcome.error);
        const sent = this.report(log, { kind: 'fail', ...lease, error: toStepError(outcome.error), retryable });
        steps.finish(retryable && execution.attempt < execution.max_attempts ? 'failed' : 'error', outcome.error, sent);
      }
    } catch (err) {
      log.error({ err }, 'reporting a step outcome failed');
    } finally {
      clearTimeout(deadlineTimer);
    }
  }

  /** Hands a report to the reporter; settles with its result once committed (the step span's `baton.complete` waits for it). */
  private report(log: Logger, report: Parameters<Reporter['send']>[0]): Promise<string> {
    return this.reporter.send(report).then((result) => {
      if (result === 'stale') log.warn('outcome refused: the lease was no longer held (step cancelled, timed out or re-claimed)');
      return result;
    });
  }

  /** A heartbeat still being sent (a transport may retry one for up to an interval): the next tick skips rather than piles up. */
  private heartbeating = false;

  private async heartbeat(): Promise<void> {
    if (this.heartbeating) return;
    this.heartbeating = true;
    this.heartbeats.sentAt = Date.now();
    try {
      await this.sendHeartbeat();
    } finally {
      this.heartbeating = false;
    }
  }

  private async sendHeartbeat(): Promise<void> {
    const flights = [...this.inFlight.values()].filter((f) => !f.controller.signal.aborted);
    // An idle worker heartbeats too: that is how it stays `active` in the worker list and for placement.
    const held = [...flights.map((f) => f.execution), ...this.claims.buffered];
    try {
      const answer = await this.opts.transport.heartbeat(held.map((e) => ({ executionId: e.execution_id, leaseId: e.lease_id })));
      const lost = new Set(answer.abort);
      const cancelled = new Set(answer.cancelled);
      for (const f of flights) {
        if (lost.has(f.execution.execution_id)) this.abort(f, cancelled.has(f.execution.execution_id) ? 'cancelled' : 'lease_lost');
      }
      this.claims.drop((e) => lost.has(e.execution_id));
      this.heartbeats = { okAt: Date.now(), failures: 0, ...(answer.state !== undefined ? { state: answer.state } : {}) };
    } catch (err) {
      this.heartbeats = { ...this.heartbeats, failures: this.heartbeats.failures + 1, error: String((err as Error)?.message ?? err).slice(0, 200) };
      this.logger.warn({ err }, 'heartbeat failed; leases may expire if this persists');
    }
  }

  /**
   * Stops claiming, lets in-flight steps finish within the grace period, then
   * aborts the rest and hands their leases back so they are retried at once.
   */
  stop(graceMs = this.shutdownGraceMs): Promise<void> {
    this.stopping ??= this.shutdown(graceMs);
    return this.stopping;
  }

  private async shutdown(graceMs: number): Promise<void> {
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
      for (const f of rest) this.abort(f, 'shutdown');
      try {
        await this.opts.transport.release(rest.map((f) => ({ executionId: f.execution.execution_id, leaseId: f.execution.lease_id })));
      } catch (err) {
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
