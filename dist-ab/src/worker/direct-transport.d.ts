import type { Execution } from '../core/claim.js';
import type { Engine } from '../core/engine.js';
import type { ReportResult } from '../core/outcomes.js';
import type { WakeMode, Wakeup } from '../core/wakeup.js';
import type { JsonValue, StepError } from '../domain/types.js';
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
/** A worker talking to PostgreSQL directly: claims with SKIP LOCKED, wakes on NOTIFY. */
export declare class DirectTransport implements WorkerTransport {
    private readonly opts;
    readonly workerId: string;
    private readonly wakeup;
    private constructor();
    /** Registers the worker, so operators see it and placement can be explained. */
    static create(opts: DirectTransportOptions): Promise<DirectTransport>;
    private seq;
    /** The claim takes every ready step it may, up to `max`; wake-ups are counted from its start, so none is missed. */
    readonly shortClaimMeansEmpty = true;
    /**
     * Shared by `claim` and `completeAndClaim`: a claim whose connection broke
     * after its commit is replayed by the next claim of either kind.
     */
    private readonly claimIds;
    private claimRequest;
    claim(max: number): Promise<Execution[]>;
    completeAndClaim(items: (LeaseHandle & {
        output: JsonValue;
    })[], max: number): Promise<{
        results: ReportResult[];
        claimed: Execution[];
    }>;
    waitForWork(timeoutMs: number, signal: AbortSignal): Promise<void>;
    complete(items: (LeaseHandle & {
        output: JsonValue;
    })[]): Promise<ReportResult[]>;
    fail(items: (LeaseHandle & {
        error: StepError;
        retryable: boolean;
    })[]): Promise<ReportResult[]>;
    progress(lease: LeaseHandle, data: JsonValue): Promise<ReportResult>;
    checkpoint(lease: LeaseHandle, data: JsonValue): Promise<ReportResult>;
    heartbeat(leases: LeaseHandle[]): Promise<HeartbeatResult>;
    release(leases: LeaseHandle[]): Promise<void>;
    onTaskStopped(onAbort: (taskId: string) => void): Promise<() => Promise<void>>;
    /** Deregisters; the wake-ups are the caller's to close. */
    close(): Promise<void>;
}
