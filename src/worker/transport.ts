import type { Execution } from '../core/claim.js';
import type { ReportResult } from '../core/outcomes.js';
import type { JsonValue, StepError } from '../domain/types.js';

/** What a heartbeat learned: executions to abort, and those of them whose task or step was cancelled. */
export interface HeartbeatResult {
  abort: string[];
  cancelled: string[];
  /** The worker's state where it is registered (`draining` once an operator drained it); absent when the transport cannot tell. */
  state?: string;
}

export interface LeaseHandle {
  executionId: string;
  leaseId: string;
}

/**
 * How a worker reaches Baton: straight to PostgreSQL, or over the HTTP worker
 * protocol. Everything above it (concurrency, timeouts, heartbeats, shutdown)
 * is the same for both.
 */
export interface WorkerTransport {
  /**
   * Claims up to `max` executions. `signal` aborts on shutdown: a transport
   * that waits inside the claim (an HTTP long-poll) stops waiting and returns [].
   */
  claim(max: number, signal?: AbortSignal): Promise<Execution[]>;
  /**
   * True when a claim that returns fewer than `max` means nothing else is
   * ready now (the worker then waits for a wake-up instead of asking again).
   */
  readonly shortClaimMeansEmpty?: boolean;
  /** Resolves when new work may be ready, after `timeoutMs` at the latest. */
  waitForWork(timeoutMs: number, signal: AbortSignal): Promise<void>;
  complete(items: (LeaseHandle & { output: JsonValue })[]): Promise<ReportResult[]>;
  /**
   * Optional: `complete`, and claim up to `max` executions in the same
   * commit. A transport that has it saves a round trip per batch, and hands
   * the steps a completion released straight to the worker.
   */
  completeAndClaim?(items: (LeaseHandle & { output: JsonValue })[], max: number): Promise<{ results: ReportResult[]; claimed: Execution[] }>;
  fail(items: (LeaseHandle & { error: StepError; retryable: boolean })[]): Promise<ReportResult[]>;
  progress(lease: LeaseHandle, data: JsonValue): Promise<ReportResult>;
  /** Saves a checkpoint, fenced by the lease. */
  checkpoint(lease: LeaseHandle, data: JsonValue): Promise<ReportResult>;
  /** Extends the leases; returns the execution ids to abort, and which of them were cancelled (the rest lost their lease). */
  heartbeat(leases: LeaseHandle[]): Promise<HeartbeatResult>;
  /** Gives leases back so the steps are retried elsewhere at once. */
  release(leases: LeaseHandle[]): Promise<void>;
  /** Calls `onAbort(taskId)` when a task is cancelled, if the transport can tell early. */
  onTaskStopped(onAbort: (taskId: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
