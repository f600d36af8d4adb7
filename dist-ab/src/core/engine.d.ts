import type { Logger } from 'pino';
import type { JsonValue, StepError, TaskStatus } from '../domain/types.js';
import { type Db } from '../store/db.js';
import { type ClaimRequest, type LeaseRef } from '../store/leases.js';
import { type TaskFilter } from '../store/tasks.js';
import { type NewWorker } from '../store/workers.js';
import { type Execution } from './claim.js';
import { type ReportResult } from './outcomes.js';
import { type SubmittedTask, type TaskRequest } from './submit.js';
import { assertTaskId, parseExecutionId } from './ids.js';
import { type CommitObservers } from './observers.js';
import { type EventRequest, type EventResult, type SignalRequest, type SignalResult } from './signals.js';
import { TemplateRegistry, type RegisteredTemplate } from './template-registry.js';
import { type EventView, type RateLimitView, type TaskView } from './views.js';
/** Where the routes have long found them. */
export { assertTaskId, parseExecutionId };
export interface CompletionItem {
    executionId: string;
    leaseId: string;
    output: JsonValue;
}
export interface FailureItem {
    executionId: string;
    leaseId: string;
    error: StepError;
    retryable: boolean;
}
/** Bounds on what a step may store, so one handler cannot bloat a transaction or a NOTIFY. */
export interface EngineLimits {
    /** Largest step output, as JSON. Over it, the step fails permanently naming the limit. @default 1048576 */
    maxOutputBytes: number;
    /** Largest progress or checkpoint payload, as JSON. Over it, the call is refused (413). @default 65536 */
    maxProgressBytes: number;
    /** Most steps a registered template may list (`templates.max_steps`). @default 10000 */
    maxTemplateSteps: number;
    /** How long an event that reached no waiting step is kept for one (`orchestrator.event_keep_seconds`). @default 86400 */
    eventKeepSeconds: number;
}
export declare const DEFAULT_LIMITS: EngineLimits;
export interface TaskPage {
    tasks: TaskView[];
    next_cursor: string | null;
}
/**
 * The orchestration core's commands, over one database. Every state change is
 * a transaction guarded in SQL, so any number of engines (processes) may share
 * the database.
 */
export declare class Engine {
    readonly db: Db;
    readonly logger: Logger;
    readonly observers: CommitObservers;
    readonly templates: TemplateRegistry;
    readonly limits: EngineLimits;
    /** This engine's turn through concurrency keys and rate-limit windows. */
    private readonly flow;
    /**
     * @param observers hear of every unit of work and claim this engine commits
     *   (the composition root passes the metrics'); none by default.
     */
    constructor(db: Db, logger: Logger, limits?: Partial<EngineLimits>, observers?: CommitObservers);
    registerTemplate(source: string | object): Promise<RegisteredTemplate>;
    submit(request: TaskRequest): Promise<SubmittedTask>;
    submitMany(requests: TaskRequest[]): Promise<SubmittedTask[]>;
    getTask(id: string): Promise<TaskView & {
        steps: NonNullable<TaskView['steps']>;
    }>;
    listTasks(filter: Omit<TaskFilter, 'before'> & {
        cursor?: string;
    }): Promise<TaskPage>;
    events(taskId: string, afterId?: number, limit?: number): Promise<EventView[]>;
    /**
     * Cancels a live task; returns its status afterwards. A task already
     * cancelled or timed out is left as it is (`changed: false`).
     * @throws BatonError `conflict` when the task finished (complete or error): there is nothing to cancel.
     */
    cancel(taskId: string, actor?: string): Promise<{
        changed: boolean;
        status: TaskStatus;
        correlationId: string;
    }>;
    /** A unit of work on `db` (the reserved connections for reports), told to this engine's observers. */
    private inUnit;
    /** Sends a signal to a task's wait step (DESIGN §8); see `sendSignal` for what it answers and refuses. */
    signal(req: SignalRequest): Promise<SignalResult>;
    /** Delivers an external event to every step waiting for its name and key, or keeps it for one. */
    sendEvent(req: EventRequest): Promise<EventResult>;
    /** Declares (or changes) a named rate limit: `limit` units per `per` (`1s`, `1m`, `1h`, any duration). */
    setRateLimit(name: string, limit: number, per: string): Promise<RateLimitView>;
    listRateLimits(): Promise<RateLimitView[]>;
    /** Operator: re-runs a step in error and what it blocked; the task reopens. */
    retryStep(taskId: string, step: string, actor?: string | null): Promise<TaskView & {
        steps: NonNullable<TaskView['steps']>;
    }>;
    /** Operator: marks a step resolved with `output`; the task goes on. */
    resolveStep(taskId: string, step: string, output: JsonValue, actor?: string | null): Promise<TaskView & {
        steps: NonNullable<TaskView['steps']>;
    }>;
    claim(req: ClaimRequest): Promise<Execution[]>;
    /**
     * What an earlier try of claim call `claimId` took for this worker and still
     * runs under its leases (the try's answer was lost): a retry's answer. Empty
     * when there is nothing to replay.
     */
    replayClaim(workerId: string, claimId: string, leaseMs: number): Promise<Execution[]>;
    complete(executionId: string, leaseId: string, output: JsonValue): Promise<ReportResult>;
    /** Many completions in one transaction (one commit), each fenced by its own lease, each answered. */
    completeMany(items: CompletionItem[]): Promise<ReportResult[]>;
    /**
     * `completeMany`, then claims up to `claim.limit` steps in the same
     * transaction: one commit reports the finished steps and hands over the
     * next ones, the dependents those completions released among them.
     */
    completeAndClaim(items: CompletionItem[], claim: ClaimRequest): Promise<{
        results: ReportResult[];
        executions: Execution[];
    }>;
    private failOversized;
    fail(executionId: string, leaseId: string, error: StepError, retryable?: boolean): Promise<ReportResult>;
    failMany(items: FailureItem[]): Promise<ReportResult[]>;
    private assertPayload;
    progress(executionId: string, leaseId: string, data: JsonValue): Promise<ReportResult>;
    /** Saves a step's checkpoint; refused ('stale') unless the lease is current. */
    checkpoint(executionId: string, leaseId: string, data: JsonValue): Promise<ReportResult>;
    /** Extends leases; returns the execution ids whose lease is gone (abort them). */
    extendLeases(leases: LeaseRef[], leaseMs: number): Promise<number[]>;
    releaseLeases(leases: LeaseRef[]): Promise<number>;
    /** Registers a worker (operators see it, placement is explained against it); its id is assigned here. */
    registerWorker(registration: Omit<NewWorker, 'id'>): Promise<string>;
    /** Records that a worker is alive, on the reserved connections; false when it is unknown or removed. */
    touchWorker(workerId: string, lastError?: string | null): Promise<boolean>;
    /** Marks a worker stopped (deregistered); what it still holds is the caller's to release. */
    stopWorker(workerId: string): Promise<void>;
    /** When the next step for these handlers in backoff or scheduled (`run_at`) comes due: they send no NOTIFY. */
    nextVisibleAt(handlers: string[]): Promise<Date | null>;
    /** Calls `onCancel(taskId)` for every task cancelled from now on (in any process); resolves to the unsubscribe. */
    onTaskCancelled(onCancel: (taskId: string) => void): Promise<() => Promise<void>>;
}
