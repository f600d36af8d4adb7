/**
 * The worker protocol's calls (docs/worker-protocol.md) as typed functions over
 * fetch. Error answers become BatonErrors with the server's code and status.
 */
import type { Execution } from '../core/claim.js';
export interface ProtocolClientOptions {
    serverUrl: string;
    token?: string;
    /** Timeout of each call; a claim gets its `wait_ms` on top. */
    requestTimeoutMs: number;
    fetch?: typeof fetch;
}
export interface Registration {
    name: string;
    handlers: string[];
    labels: Record<string, string>;
    capacity: number;
}
export interface ReportAnswer {
    results: {
        execution_id: string;
        status: string;
    }[];
}
export interface HeartbeatAnswer {
    lease_ms: number;
    abort: string[];
    /** Which of `abort` were cancelled (absent from servers before 0.2). */
    cancelled?: string[];
    state: string;
}
/**
 * The protocol's calls; every one throws a BatonError for an error answer
 * (with its `requestId` and `retryAfterMs`) or an unreachable server
 * (`unavailable`). None retries: the transport decides what is worth it.
 */
export interface ProtocolClient {
    register(reg: Registration): Promise<{
        id: string;
        lease_ms: number;
    }>;
    /** `claimId`: this call's id, the same on its retries (the server then answers what a try whose answer was lost took). */
    claim(workerId: string, max: number, waitMs: number, signal?: AbortSignal, claimId?: string): Promise<{
        executions: Execution[];
    }>;
    heartbeat(workerId: string, executions: string[], lastError?: string): Promise<HeartbeatAnswer>;
    report(kind: 'complete' | 'fail', items: object[]): Promise<ReportAnswer>;
    execution(executionId: string, what: 'progress' | 'checkpoint' | 'complete' | 'fail', body: object): Promise<unknown>;
    remove(workerId: string): Promise<{
        released: number;
    }>;
}
export declare function createProtocolClient(opts: ProtocolClientOptions): ProtocolClient;
