import type { Logger } from 'pino';
import type { Execution } from '../core/claim.js';
import type { JsonValue } from '../domain/types.js';
import { stepError } from '../domain/step-errors.js';
import { isPermanentError, StepAbortedError, type StepAbortReason } from '../errors.js';
import { Reporter } from './reporter.js';
import { createHandlerContext, logAttemptFailure, toJson, toStepError } from './handler-context.js';
import type { LeaseHandle, WorkerTransport } from './transport.js';
import type { HandlerContext, HandlerRegistration, Middleware } from './types.js';
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

/** Handlers faster than this on average make the worker claim ahead (see `buffer`). */
const PREFETCH_BELOW_MS = 50;
/** A prefetching worker claims ahead about this much work (at the handlers' average speed), at most `claimBatch` steps. */
const PREFETCH_WINDOW_MS = 100;



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
  private readonly stopController = new AbortController();
  private slotFreed: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private unsubscribeStops: (() => Promise<void>) | undefined;
  private readonly concurrency: number;
  private readonly claimBatch: number;
  private readonly heartbeatMs: number;
  private readonly shutdownGraceMs: number;
  private readonly idleWaitMs: number;
  private readonly logger: Logger;
  private stopping: Promise<void> | undefined;

  constructor(private readonly opts: WorkerOptions) {
    for (const h of opts.handlers) {
      if (this.handlers.has(h.name)) throw new Error(`handler "${h.name}" is registered twice`);
      this.handlers.set(h.name, h);
    }
    this.concurrency = opts.concurrency ?? 10;
    this.claimBatch = opts.claimBatch ?? 500;
    this.heartbeatMs = opts.heartbeatMs ?? 10_000;
    this.shutdownGraceMs = opts.shutdownGraceMs ?? 5000;
    this.idleWaitMs = opts.idleWaitMs ?? 1000;
    this.logger = opts.logger;
    this.reporter = new Reporter(opts.transport, opts.logger, {
      reserve: () => this.reserveClaimAlong(),
      take: (claimed, reserved) => this.takeClaimed(claimed, reserved),
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
    const dispatch = (i: number): Promise<JsonValue> =>
      i < chain.length ? chain[i](ctx, () => dispatch(i + 1)) : Promise.resolve(handler.fn(ctx) as JsonValue);
    return dispatch(0);
  }

  get handlerNames(): string[] {
    return [...this.handlers.keys()];
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  async start(): Promise<void> {
    if (this.loop) return;
    this.unsubscribeStops = await this.opts.transport.onTaskStopped((taskId) => {
      for (const f of this.inFlight.values()) if (f.execution.task.id === taskId) this.abort(f, 'cancelled');
      this.dropBuffered((e) => e.task.id === taskId);
    });
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), this.heartbeatMs);
    this.heartbeatTimer.unref();
    this.loop = this.claimLoop();
  }

  /**
   * Executions claimed ahead of a free slot. Only workers whose handlers are
   * quick prefetch (one commit then serves twice the steps); a worker with slow
   * handlers would otherwise sit on work another worker could start now.
   */
  private readonly buffer: Execution[] = [];
  private handlerMsAverage = 1000;

  private get prefetch(): number {
    if (this.handlerMsAverage >= PREFETCH_BELOW_MS) return 0;
    // Enough to keep every slot busy for the window: quick handlers get large
    // claims (one commit serves hundreds of steps), slower ones hold back less.
    const perSlot = Math.ceil(PREFETCH_WINDOW_MS / Math.max(this.handlerMsAverage, 0.1));
    return Math.min(this.claimBatch, this.concurrency * perSlot);
  }

  /** Executions asked for along with a batch of completions, not yet arrived. */
  private claimsOnTheWay = 0;
  /** The claim loop found nothing and sleeps until a wake-up. */
  private waitingForWork = false;

  /** Executions worth claiming now (0 while what is buffered still covers half the target). */
  private get wanted(): number {
    const target = this.concurrency + this.prefetch;
    const wanted = Math.min(this.claimBatch, target - this.inFlight.size - this.buffer.length - this.claimsOnTheWay);
    return wanted <= 0 || (this.buffer.length > 0 && wanted < Math.ceil(target / 2)) ? 0 : wanted;
  }

  private reserveClaimAlong(): number {
    // Only while the claim loop waits for work: a busy loop claims in parallel
    // with the reports (measured: two pipelines beat one on a busy database),
    // an idle one would wait for a NOTIFY about steps this commit releases.
    if (this.stopController.signal.aborted || !this.waitingForWork) return 0;
    const wanted = this.wanted;
    this.claimsOnTheWay += wanted;
    return wanted;
  }

  private async takeClaimed(claimed: Execution[], reserved: number): Promise<void> {
    this.claimsOnTheWay -= reserved;
    // The claim loop may be waiting on these: let it count again.
    this.wakeClaimLoop();
    if (claimed.length === 0) return;
    if (this.stopController.signal.aborted) {
      // Claimed while stopping: hand them back at once, uncounted.
      await this.opts.transport
        .release(claimed.map((e) => ({ executionId: e.execution_id, leaseId: e.lease_id })))
        .catch((err) => this.logger.warn({ err }, 'could not hand claimed leases back; they will expire and the steps be retried'));
      return;
    }
    this.buffer.push(...claimed);
    this.pump();
  }

  private async claimLoop(): Promise<void> {
    const stop = this.stopController.signal;
    let woken = false;
    while (!stop.aborted) {
      // Bound the reports waiting for their commit, so a slow database slows claiming too.
      if (this.reporter.pending > (this.concurrency + this.prefetch) * 2) await this.reporter.drain();
      let wanted = this.wanted;
      if (wanted === 0) {
        await new Promise<void>((resolve) => (this.slotFreed = resolve));
        continue;
      }
      // Woken from idle, ask first for what the slots can start: a small claim
      // is quick to plan (the pickup latency of a lone step); if it comes back
      // full, the next round asks for the rest.
      if (woken) wanted = Math.min(wanted, this.concurrency);
      woken = false;
      let claimed: Execution[] = [];
      try {
        claimed = await this.opts.transport.claim(wanted, stop);
      } catch (err) {
        this.logger.warn({ err }, 'claim failed; retrying');
        await sleep(Math.min(this.idleWaitMs, 1000), stop);
        continue;
      }
      this.buffer.push(...claimed);
      this.pump();
      const drained = claimed.length === 0 || (claimed.length < wanted && this.opts.transport.shortClaimMeansEmpty === true);
      // Nothing else is ready for us: wait for a wake-up rather than ask again.
      if (drained && !stop.aborted) {
        this.waitingForWork = true;
        await this.opts.transport.waitForWork(this.idleWaitMs, stop).catch(() => sleep(this.idleWaitMs, stop));
        this.waitingForWork = false;
        woken = true;
      }
    }
  }

  /** Starts buffered executions while slots are free. */
  private pump(): void {
    while (this.inFlight.size < this.concurrency && this.buffer.length > 0 && !this.stopController.signal.aborted) {
      this.run(this.buffer.shift()!);
    }
  }

  private run(execution: Execution): void {
    const controller = new AbortController();
    const flight: InFlight = { execution, controller, done: Promise.resolve() };
    this.inFlight.set(execution.execution_id, flight);
    const startedAt = performance.now();
    flight.done = this.execute(flight).finally(() => {
      this.handlerMsAverage = this.handlerMsAverage * 0.8 + (performance.now() - startedAt) * 0.2;
      this.inFlight.delete(execution.execution_id);
      this.pump();
      this.wakeClaimLoop();
    });
  }

  private wakeClaimLoop(): void {
    this.slotFreed?.();
    this.slotFreed = undefined;
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
    const ctx = createHandlerContext(execution, controller.signal, this.opts.transport, log);
    try {
      const outcome = await Promise.race([
        Promise.resolve().then(() => this.invoke(handler, ctx)).then(
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
        this.report(log, { kind: 'fail', ...lease, error, retryable: true });
        return;
      }
      if (outcome === 'aborted' || flight.reason) return; // cancelled, lease lost or shutdown: someone else owns the step's fate
      if (outcome.ok) {
        this.report(log, { kind: 'complete', ...lease, output: toJson(outcome.output) });
      } else {
        logAttemptFailure(log, outcome.error, execution);
        this.report(log, { kind: 'fail', ...lease, error: toStepError(outcome.error), retryable: !isPermanentError(outcome.error) });
      }
    } catch (err) {
      log.error({ err }, 'reporting a step outcome failed');
    } finally {
      clearTimeout(deadlineTimer);
    }
  }

  private report(log: Logger, report: Parameters<Reporter['send']>[0]): void {
    void this.reporter.send(report).then((result) => {
      if (result === 'stale') log.warn('outcome refused: the lease was no longer held (step cancelled, timed out or re-claimed)');
    });
  }

  private dropBuffered(match: (e: Execution) => boolean): Execution[] {
    const dropped = this.buffer.filter(match);
    for (const e of dropped) this.buffer.splice(this.buffer.indexOf(e), 1);
    return dropped;
  }

  private async heartbeat(): Promise<void> {
    const flights = [...this.inFlight.values()].filter((f) => !f.controller.signal.aborted);
    // An idle worker heartbeats too: that is how it stays `active` in the worker list and for placement.
    const held = [...flights.map((f) => f.execution), ...this.buffer];
    try {
      const lost = new Set(await this.opts.transport.heartbeat(held.map((e) => ({ executionId: e.execution_id, leaseId: e.lease_id }))));
      for (const f of flights) if (lost.has(f.execution.execution_id)) this.abort(f, 'lease_lost');
      this.dropBuffered((e) => lost.has(e.execution_id));
    } catch (err) {
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
    this.slotFreed?.();
    await this.loop;
    const unstarted = this.dropBuffered(() => true);
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
