import type { Execution } from '../core/claim.js';
import type { Engine } from '../core/engine.js';
import type { ReportResult } from '../core/outcomes.js';
import type { WakeMode, Wakeup } from '../core/wakeup.js';
import type { JsonValue, StepError } from '../domain/types.js';
import { ClaimIds } from './claim-ids.js';
import type { HeartbeatResult, LeaseHandle, WorkerTransport } from './transport.js';

export interface DirectTransportOptions {
  engine: Engine;
  /** Shown in `GET /v1/workers`. */
  name: string;
  capacity: number;
  handlers: string[];
  labels: Record<string, string>;
  leaseMs: number;
  mode: WakeMode;
  pollIntervalMs: number;
  /** Wake-ups on the `ready` channel, made (and closed) by the caller: `createRuntime` shares one with the worker pool. */
  wakeup: Wakeup;
}

const toLeaseRef = (l: LeaseHandle) => ({ stepId: Number(l.executionId), leaseId: l.leaseId });

/** A worker talking to PostgreSQL directly: claims with SKIP LOCKED, wakes on NOTIFY. */
export class DirectTransport implements WorkerTransport {
  private readonly wakeup: Wakeup;

  private constructor(
    private readonly opts: DirectTransportOptions,
    readonly workerId: string,
  ) {
    this.wakeup = opts.wakeup;
  }

  /** Registers the worker, so operators see it and placement can be explained. */
  static async create(opts: DirectTransportOptions): Promise<DirectTransport> {
    const workerId = await opts.engine.registerWorker(DirectTransport.registration(opts));
    return new DirectTransport(opts, workerId);
  }

  private static registration(opts: DirectTransportOptions) {
    return { name: opts.name, transport: 'direct' as const, handlers: opts.handlers, labels: opts.labels, capacity: opts.capacity };
  }

  private seq = 0;
  /** The claim takes every ready step it may, up to `max`; wake-ups are counted from its start, so none is missed. */
  readonly shortClaimMeansEmpty = true;

  /**
   * Shared by `claim` and `completeAndClaim`: a claim whose connection broke
   * after its commit is replayed by the next claim of either kind.
   */
  private readonly claimIds = new ClaimIds();

  private claimRequest(limit: number, claimId: string, retry: boolean) {
    // Only a retry looks for an earlier try's steps: a new id saves the statement.
    return { workerId: this.workerId, handlers: this.opts.handlers, labels: this.opts.labels, limit, leaseMs: this.opts.leaseMs, claimId, replay: retry };
  }

  async claim(max: number): Promise<Execution[]> {
    this.seq = this.wakeup.seq;
    return this.claimIds.run((claimId, retry) => this.opts.engine.claim(this.claimRequest(max, claimId, retry)));
  }

  async completeAndClaim(items: (LeaseHandle & { output: JsonValue })[], max: number): Promise<{ results: ReportResult[]; claimed: Execution[] }> {
    const { results, executions } = await this.claimIds.run((claimId, retry) =>
      this.opts.engine.completeAndClaim(
        items.map((i) => ({ executionId: i.executionId, leaseId: i.leaseId, output: i.output })),
        this.claimRequest(max, claimId, retry),
      ),
    );
    return { results, claimed: executions };
  }

  async waitForWork(timeoutMs: number, signal: AbortSignal): Promise<void> {
    // Steps in backoff or scheduled with run_at send no NOTIFY when they come
    // due: sleep until the earliest one, bounded by the poll interval.
    const pollMs = this.opts.mode === 'event' ? Math.max(timeoutMs, 30_000) : Math.min(timeoutMs, this.opts.pollIntervalMs);
    let waitMs = pollMs;
    const next = await this.opts.engine.nextVisibleAt(this.opts.handlers, this.opts.labels).catch(() => null);
    if (next) waitMs = Math.min(waitMs, Math.max(0, next.getTime() - Date.now()) + 5);
    await this.wakeup.wait(this.seq, waitMs, signal);
  }

  complete(items: (LeaseHandle & { output: JsonValue })[]): Promise<ReportResult[]> {
    return this.opts.engine.completeMany(items.map((i) => ({ executionId: i.executionId, leaseId: i.leaseId, output: i.output })));
  }

  fail(items: (LeaseHandle & { error: StepError; retryable: boolean })[]): Promise<ReportResult[]> {
    return this.opts.engine.failMany(items);
  }

  progress(lease: LeaseHandle, data: JsonValue): Promise<ReportResult> {
    return this.opts.engine.progress(lease.executionId, lease.leaseId, data);
  }

  checkpoint(lease: LeaseHandle, data: JsonValue): Promise<ReportResult> {
    return this.opts.engine.checkpoint(lease.executionId, lease.leaseId, data);
  }

  async heartbeat(leases: LeaseHandle[]): Promise<HeartbeatResult> {
    // A row the sweeps deleted while this worker could not reach the database (an outage past the lost-worker
    // threshold) is registered again under the same id, so operators see the worker; a stopped one stays stopped.
    const state = await this.opts.engine.touchWorker(this.workerId);
    if (state === null) await this.opts.engine.reregisterWorker(this.workerId, DirectTransport.registration(this.opts));
    const lost = await this.opts.engine.extendLeases(leases.map(toLeaseRef), this.opts.leaseMs);
    // Cancels reach a direct worker by NOTIFY first (onTaskStopped); what a heartbeat finds is a lost lease.
    return { abort: lost.map(String), cancelled: [], state: state ?? 'active' };
  }

  async release(leases: LeaseHandle[]): Promise<void> {
    await this.opts.engine.releaseLeases(leases.map(toLeaseRef));
  }

  onTaskStopped(onAbort: (taskId: string) => void): Promise<() => Promise<void>> {
    return this.opts.engine.onTaskCancelled(onAbort);
  }

  /** Deregisters; the wake-ups are the caller's to close. */
  async close(): Promise<void> {
    await this.opts.engine.stopWorker(this.workerId).catch(() => {});
  }
}
