/**
 * The worker protocol over HTTP (docs/worker-protocol.md): the same Worker
 * runs against a Baton server URL instead of the database.
 */
import type { Logger } from 'pino';
import type { Execution } from '../core/claim.js';
import type { ReportResult } from '../core/outcomes.js';
import type { JsonValue, StepError } from '../domain/types.js';
import type { BackoffPolicy } from '../domain/backoff.js';
import { stepError } from '../domain/step-errors.js';
import { isBatonError } from '../errors.js';
import { ClaimIds } from './claim-ids.js';
import { createProtocolClient, type ProtocolClient } from './http-client.js';
import type { HeartbeatResult, LeaseHandle, WorkerTransport } from './transport.js';
import { retry } from '../retry.js';
import { sleepUnlessAborted as sleep } from '../sleep.js';
import { isPermanentRefusal, isTransientFailure, logEachWait, retryWorkerCall } from './retry-policy.js';

export interface HttpTransportOptions {
  /** Base URL of the Baton API. @example "http://127.0.0.1:8080" */
  serverUrl: string;
  /** Sent as `Authorization: Bearer <token>`. @default none */
  token?: string;
  /** Shown in `GET /v1/workers`. */
  name: string;
  /** Handler names this worker runs: it is given only their steps. */
  handlers: string[];
  /** Placement labels; a step with labels goes only to workers that have all of them. @default {} */
  labels?: Record<string, string>;
  /** Steps run at once (shown in `GET /v1/workers`). */
  capacity: number;
  /** How long one claim waits on the server for work. @default 20000 */
  claimWaitMs?: number;
  /** Timeout of every call but the long-poll (which gets its wait on top). @default 30000 */
  requestTimeoutMs?: number;
  logger?: Logger;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /**
   * Ends the wait for the server at start: registration is retried (logged
   * at warn, with backoff) until the server answers, and this makes `create`
   * reject with the signal's reason instead. @default none: wait until it answers or refuses
   */
  signal?: AbortSignal;
}

/** Heartbeats a few times per lease, and at least every 2 s: over HTTP they are how cancellation is learnt. */
export function httpHeartbeatMs(leaseMs: number): number {
  return Math.max(100, Math.min(2000, Math.floor(leaseMs / 3)));
}

type ReportWire = 'ok' | 'duplicate' | 'stale_lease' | 'not_found';
type Completion = LeaseHandle & { output: JsonValue };
type Failure = LeaseHandle & { error: StepError; retryable: boolean };

const fromWire = (s: ReportWire): ReportResult => (s === 'stale_lease' ? 'stale' : s);
const tooLarge = (err: unknown) => isBatonError(err) && err.status === 413;
const MAX_BATCH = 1000;
/** 200 ms, then 400 ms, between the tries of a deregistration. */
const DEREGISTER_BACKOFF: BackoffPolicy = { backoff: 'linear', base_ms: 200, max_ms: 1000, jitter: false };

/**
 * A WorkerTransport over the HTTP worker protocol. Claims long-poll (the
 * server wakes them on NOTIFY); cancellation arrives in heartbeat answers, so
 * heartbeats should run every `heartbeatMs`.
 */
export class HttpTransport implements WorkerTransport {
  private lastError: string | undefined;
  private lastClaimWasFullWait = false;
  /** A claim that failed (its answer may have been lost after the server committed it) is retried under its id by the next. */
  private readonly claimIds = new ClaimIds();
  /** Aborted by `close()`: ends the waits of retries still going (a re-registration, a heartbeat). */
  private readonly closing = new AbortController();

  private constructor(
    private readonly opts: HttpTransportOptions,
    private readonly client: ProtocolClient,
    private id: string,
    /** The server's lease length. */
    readonly leaseMs: number,
  ) {}

  /**
   * Registers with the server (`POST /v1/workers`), waiting for it: a server
   * not up yet (refused, 502/503/504, 429) is tried again with backoff until it
   * answers; a refusal that retrying cannot fix (401/403, a 400 for the
   * registration) rejects at once.
   */
  static async create(opts: HttpTransportOptions): Promise<HttpTransport> {
    const client = createProtocolClient({
      serverUrl: opts.serverUrl,
      requestTimeoutMs: opts.requestTimeoutMs ?? 30_000,
      ...(opts.token !== undefined ? { token: opts.token } : {}),
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
    });
    const { id, lease_ms } = await register(client, opts, opts.signal);
    return new HttpTransport(opts, client, id, lease_ms);
  }

  /** This worker's id on the server (changes if the server forgot it and it registered again). */
  get workerId(): string {
    return this.id;
  }

  /** The heartbeat interval to give the Worker. */
  get heartbeatMs(): number {
    return httpHeartbeatMs(this.leaseMs);
  }

  private note(err: unknown): void {
    this.lastError = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
  }

  private reregistering: Promise<void> | undefined;

  /**
   * The server no longer knows this worker (removed, or forgotten after being
   * lost): its leases are gone; register again, waiting for the server as at
   * start. Claims and heartbeats may both find out at once: only the first one
   * registers, the others wait for it (or until their `signal` aborts).
   */
  private async reregister(seenId: string, signal?: AbortSignal): Promise<void> {
    if (this.id !== seenId) return;
    this.reregistering ??= (async () => {
      try {
        const { id } = await register(this.client, this.opts, this.closing.signal);
        this.opts.logger?.warn({ oldWorkerId: seenId, workerId: id }, 'the server did not know this worker; registered again');
        this.id = id;
      } finally {
        this.reregistering = undefined;
      }
    })();
    await untilAborted(this.reregistering, signal);
  }

  /** Retries of claims and heartbeats: transient failures only, logged at `level`. */
  private retryTransient<T>(fn: () => Promise<T>, what: string, level: 'warn' | 'debug', limits: { signal?: AbortSignal; deadlineMs?: number } = {}): Promise<T> {
    const signal = limits.signal ? AbortSignal.any([limits.signal, this.closing.signal]) : this.closing.signal;
    return retryWorkerCall(fn, {
      isRetryable: isTransientFailure,
      signal,
      ...(limits.deadlineMs !== undefined ? { deadlineMs: limits.deadlineMs } : {}),
      onRetry: logEachWait(this.opts.logger, `the Baton server at ${this.opts.serverUrl} (${what})`, level),
    });
  }

  /**
   * One long-poll claim. A transient failure (server down or restarting,
   * 429/502/503/504) is retried with backoff, under the same claim id, until
   * the server answers or `signal` aborts; each wait is logged at warn.
   */
  async claim(max: number, signal?: AbortSignal): Promise<Execution[]> {
    const waitMs = this.opts.claimWaitMs ?? 20_000;
    let started = Date.now();
    const id = this.id;
    this.lastClaimWasFullWait = false;
    try {
      const { executions } = await this.retryTransient(
        () => ((started = Date.now()), this.claimIds.run((claimId) => this.client.claim(id, Math.min(max, 100), waitMs, signal, claimId))),
        'claim',
        'warn',
        signal ? { signal } : {},
      );
      this.lastClaimWasFullWait = executions.length === 0 && Date.now() - started >= waitMs / 2;
      return executions;
    } catch (err) {
      // Aborted by shutdown: whatever the server claimed meanwhile it hands back on the disconnect.
      if (signal?.aborted || this.closing.signal.aborted) return [];
      if (isBatonError(err, 'not_found')) {
        await this.reregister(id, signal).catch((e: unknown) => {
          if (!signal?.aborted) throw e;
        });
        return [];
      }
      this.note(err);
      throw err;
    }
  }

  async waitForWork(timeoutMs: number, signal: AbortSignal): Promise<void> {
    // The claim itself waited on the server; only a claim that came back early and empty needs a pause.
    if (this.lastClaimWasFullWait) return;
    await sleep(Math.min(timeoutMs, 1000), signal);
  }

  async complete(items: Completion[]): Promise<ReportResult[]> {
    const results: ReportResult[] = [];
    for (let i = 0; i < items.length; i += MAX_BATCH) results.push(...(await this.completeBatch(items.slice(i, i + MAX_BATCH))));
    return results;
  }

  /** One output alone over the server's body limit fails its step for good. */
  private completeBatch(items: Completion[]): Promise<ReportResult[]> {
    return sendInHalves(
      items,
      (batch) =>
        this.report(
          'complete',
          batch.map((i) => ({ execution_id: i.executionId, lease_id: i.leaseId, output: i.output })),
        ),
      (item, err) => {
        const error = stepError('output_too_large', `the step's output is larger than the server's request body limit: ${(err as Error).message}`);
        return this.fail([{ ...item, error, retryable: false }]);
      },
    );
  }

  async fail(items: Failure[]): Promise<ReportResult[]> {
    if (items.length === 0) return [];
    const last = items[items.length - 1];
    this.lastError = `step failed (execution ${last.executionId}): ${last.error.message}`.slice(0, 1000);
    const results: ReportResult[] = [];
    for (let i = 0; i < items.length; i += MAX_BATCH) results.push(...(await this.failBatch(items.slice(i, i + MAX_BATCH))));
    // Make the error visible in GET /v1/workers now, not at the next heartbeat (an idle worker sends none).
    void this.sendLastError();
    return results;
  }

  private failBatch(items: Failure[]): Promise<ReportResult[]> {
    return sendInHalves(
      items,
      (batch) =>
        this.report(
          'fail',
          batch.map((i) => ({ execution_id: i.executionId, lease_id: i.leaseId, error: i.error, retryable: i.retryable })),
        ),
      // Error details too large: keep the message's start and the code.
      ({ error: { message, code }, ...item }) => this.failBatch([{ ...item, error: { message: message.slice(0, 2000), ...(code ? { code } : {}) } }]),
    );
  }

  private async report(kind: 'complete' | 'fail', wire: object[]): Promise<ReportResult[]> {
    const { results } = await this.client.report(kind, wire);
    return results.map((r) => fromWire(r.status as ReportWire));
  }

  private async sendLastError(): Promise<void> {
    const lastError = this.lastError;
    if (lastError === undefined) return;
    try {
      // An empty list extends no lease and aborts nothing: only the error is recorded.
      await this.client.heartbeat(this.id, [], lastError);
      if (this.lastError === lastError) this.lastError = undefined;
    } catch {
      // Sent with the next heartbeat instead.
    }
  }

  progress(lease: LeaseHandle, data: JsonValue): Promise<ReportResult> {
    return this.leaseCall(lease, 'progress', { data });
  }

  checkpoint(lease: LeaseHandle, data: JsonValue): Promise<ReportResult> {
    return this.leaseCall(lease, 'checkpoint', { data });
  }

  private async leaseCall(lease: LeaseHandle, what: 'progress' | 'checkpoint', body: object): Promise<ReportResult> {
    try {
      await this.client.execution(lease.executionId, what, { lease_id: lease.leaseId, ...body });
      return 'ok';
    } catch (err) {
      if (isBatonError(err, 'stale_lease')) return 'stale';
      if (isBatonError(err, 'not_found')) return 'not_found';
      throw err;
    }
  }

  /**
   * Extends the leases. A transient failure is retried with backoff for up to
   * one heartbeat interval (the next heartbeat, with a fresh list, takes over
   * after that); the waits are logged at debug, the claims already say the
   * server is away.
   */
  async heartbeat(leases: LeaseHandle[]): Promise<HeartbeatResult> {
    const lastError = this.lastError;
    const id = this.id;
    try {
      const executionIds = leases.map((l) => l.executionId);
      const answer = await this.retryTransient(() => this.client.heartbeat(id, executionIds, lastError), 'heartbeat', 'debug', { deadlineMs: this.heartbeatMs });
      if (this.lastError === lastError) this.lastError = undefined;
      return { abort: answer.abort, cancelled: answer.cancelled ?? [], state: answer.state };
    } catch (err) {
      if (!isBatonError(err, 'not_found')) {
        this.note(err);
        throw err;
      }
      // Removed by an operator (its leases were released) or forgotten: abort
      // everything now, and register again meanwhile (the claims wait for it).
      void this.reregister(id).catch((e: unknown) => {
        if (!this.closing.signal.aborted) this.opts.logger?.error({ err: e }, 'could not register again with the server; claims will try again');
      });
      return { abort: leases.map((l) => l.executionId), cancelled: [] };
    }
  }

  /**
   * Called by a stopping Worker for the steps that outlived the grace period.
   * The hand-back itself is `close()`'s DELETE, which releases every lease the
   * worker still holds at once: sent now, it could also release a step whose
   * completion is still queued in the reporter, and that step would run twice.
   */
  async release(_leases: LeaseHandle[]): Promise<void> {}

  /** Over HTTP nothing is pushed early; heartbeat answers carry the aborts. */
  async onTaskStopped(_onAbort: (taskId: string) => void): Promise<() => Promise<void>> {
    return async () => {};
  }

  /** Deregisters (`DELETE /v1/workers/:id`): the leases still held go back to `ready` at once. */
  async close(): Promise<void> {
    this.closing.abort();
    try {
      const { released } = await retry(() => this.client.remove(this.id), { attempts: 3, policy: DEREGISTER_BACKOFF });
      if (released > 0) this.opts.logger?.info({ released }, 'handed unfinished steps back to the server');
    } catch (err) {
      this.opts.logger?.warn({ err }, 'could not deregister; held leases will expire and their steps be retried');
    }
  }
}

/** Sends a batch; one over the server's body limit is sent in halves, and an item alone over it goes to `alone`. */
async function sendInHalves<I>(items: I[], send: (batch: I[]) => Promise<ReportResult[]>, alone: (item: I, err: unknown) => Promise<ReportResult[]>): Promise<ReportResult[]> {
  try {
    return await send(items);
  } catch (err) {
    if (!tooLarge(err)) throw err;
    if (items.length <= 1) return alone(items[0], err);
    const half = Math.ceil(items.length / 2);
    return [...(await sendInHalves(items.slice(0, half), send, alone)), ...(await sendInHalves(items.slice(half), send, alone))];
  }
}

function registration(opts: HttpTransportOptions) {
  return { name: opts.name, handlers: opts.handlers, labels: opts.labels ?? {}, capacity: opts.capacity };
}

/** `POST /v1/workers` until the server answers: everything but a permanent refusal is retried, each wait logged at warn. */
function register(client: ProtocolClient, opts: HttpTransportOptions, signal?: AbortSignal): Promise<{ id: string; lease_ms: number }> {
  return retryWorkerCall(() => client.register(registration(opts)), {
    isRetryable: (err) => !isPermanentRefusal(err),
    ...(signal ? { signal } : {}),
    onRetry: logEachWait(opts.logger, `the Baton server at ${opts.serverUrl}`),
  });
}

/** `promise`, or the signal's reason as soon as it aborts (the promise itself runs on for its other waiters). */
function untilAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Registers a worker with a Baton server and returns its transport; give it to
 * `new Worker({ transport, heartbeatMs: transport.heartbeatMs, ... })`.
 *
 * @example
 * const transport = await createHttpTransport({ serverUrl: 'http://127.0.0.1:8080', name: 'w1', handlers: ['shop.ship'], capacity: 10 });
 */
export function createHttpTransport(opts: HttpTransportOptions): Promise<HttpTransport> {
  return HttpTransport.create(opts);
}
