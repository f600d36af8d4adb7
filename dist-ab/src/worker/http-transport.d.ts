/**
 * The worker protocol over HTTP (docs/worker-protocol.md): the same Worker
 * runs against a Baton server URL instead of the database.
 */
import type { Logger } from 'pino';
import type { Execution } from '../core/claim.js';
import type { ReportResult } from '../core/outcomes.js';
import type { JsonValue, StepError } from '../domain/types.js';
import type { HeartbeatResult, LeaseHandle, WorkerTransport } from './transport.js';
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
export declare function httpHeartbeatMs(leaseMs: number): number;
type Completion = LeaseHandle & {
    output: JsonValue;
};
type Failure = LeaseHandle & {
    error: StepError;
    retryable: boolean;
};
/**
 * A WorkerTransport over the HTTP worker protocol. Claims long-poll (the
 * server wakes them on NOTIFY); cancellation arrives in heartbeat answers, so
 * heartbeats should run every `heartbeatMs`.
 */
export declare class HttpTransport implements WorkerTransport {
    private readonly opts;
    private readonly client;
    private id;
    /** The server's lease length. */
    readonly leaseMs: number;
    private lastError;
    private lastClaimWasFullWait;
    /** A claim that failed (its answer may have been lost after the server committed it) is retried under its id by the next. */
    private readonly claimIds;
    /** Aborted by `close()`: ends the waits of retries still going (a re-registration, a heartbeat). */
    private readonly closing;
    private constructor();
    /**
     * Registers with the server (`POST /v1/workers`), waiting for it: a server
     * not up yet (refused, 502/503/504, 429) is tried again with backoff until it
     * answers; a refusal that retrying cannot fix (401/403, a 400 for the
     * registration) rejects at once.
     */
    static create(opts: HttpTransportOptions): Promise<HttpTransport>;
    /** This worker's id on the server (changes if the server forgot it and it registered again). */
    get workerId(): string;
    /** The heartbeat interval to give the Worker. */
    get heartbeatMs(): number;
    private note;
    private reregistering;
    /**
     * The server no longer knows this worker (removed, or forgotten after being
     * lost): its leases are gone; register again, waiting for the server as at
     * start. Claims and heartbeats may both find out at once: only the first one
     * registers, the others wait for it (or until their `signal` aborts).
     */
    private reregister;
    /** Retries of claims and heartbeats: transient failures only, logged at `level`. */
    private retryTransient;
    /**
     * One long-poll claim. A transient failure (server down or restarting,
     * 429/502/503/504) is retried with backoff, under the same claim id, until
     * the server answers or `signal` aborts; each wait is logged at warn.
     */
    claim(max: number, signal?: AbortSignal): Promise<Execution[]>;
    waitForWork(timeoutMs: number, signal: AbortSignal): Promise<void>;
    complete(items: Completion[]): Promise<ReportResult[]>;
    /** One output alone over the server's body limit fails its step for good. */
    private completeBatch;
    fail(items: Failure[]): Promise<ReportResult[]>;
    private failBatch;
    private report;
    private sendLastError;
    progress(lease: LeaseHandle, data: JsonValue): Promise<ReportResult>;
    checkpoint(lease: LeaseHandle, data: JsonValue): Promise<ReportResult>;
    private leaseCall;
    /**
     * Extends the leases. A transient failure is retried with backoff for up to
     * one heartbeat interval (the next heartbeat, with a fresh list, takes over
     * after that); the waits are logged at debug, the claims already say the
     * server is away.
     */
    heartbeat(leases: LeaseHandle[]): Promise<HeartbeatResult>;
    /**
     * Called by a stopping Worker for the steps that outlived the grace period.
     * The hand-back itself is `close()`'s DELETE, which releases every lease the
     * worker still holds at once: sent now, it could also release a step whose
     * completion is still queued in the reporter, and that step would run twice.
     */
    release(_leases: LeaseHandle[]): Promise<void>;
    /** Over HTTP nothing is pushed early; heartbeat answers carry the aborts. */
    onTaskStopped(_onAbort: (taskId: string) => void): Promise<() => Promise<void>>;
    /** Deregisters (`DELETE /v1/workers/:id`): the leases still held go back to `ready` at once. */
    close(): Promise<void>;
}
/**
 * Registers a worker with a Baton server and returns its transport; give it to
 * `new Worker({ transport, heartbeatMs: transport.heartbeatMs, ... })`.
 *
 * @example
 * const transport = await createHttpTransport({ serverUrl: 'http://127.0.0.1:8080', name: 'w1', handlers: ['shop.ship'], capacity: 10 });
 */
export declare function createHttpTransport(opts: HttpTransportOptions): Promise<HttpTransport>;
export {};
