import type { JsonObject, TaskStatus } from '../domain/types.js';
import { type Db } from '../store/db.js';
import { type CommitObservers } from './observers.js';
import type { TemplateRegistry } from './template-registry.js';
export interface TaskRequest {
    namespace: string;
    name: string;
    version?: string;
    context?: JsonObject;
    idempotency_key?: string;
    priority?: number;
    tags?: string[];
    /** ISO time before which nothing of the task runs. */
    run_at?: string | Date;
    /**
     * Library mode: what ties this task to its cause, e.g. the id of the request
     * being served, or `ctx.correlationId` in a handler that submits a follow-up
     * task (1 to 128 characters). Handlers see it as `ctx.correlationId`, and
     * the worker's log lines of every step carry it as `correlationId`. Over HTTP
     * it is the submission's `x-request-id` (BatonClient sends it as that header).
     * @default the task's own id
     */
    correlationId?: string;
    /** Set by the engine for a child workflow: the task and step that start it, and the child's depth. */
    parent?: {
        taskId: string;
        step: string;
        depth: number;
    };
}
export interface SubmitResult {
    id: string;
    status: TaskStatus;
    /** false when an existing task was returned for the idempotency key. */
    created: boolean;
}
/** A submission's answer inside the engine: with the task's correlation id, for the API's log lines. */
export interface SubmittedTask extends SubmitResult {
    /** The correlation id of the task (of the existing task, when `created` is false). */
    correlationId: string;
}
export declare const MAX_BATCH = 10000;
/**
 * Creates tasks with all their steps and edges in one statement. Requests
 * that share an idempotency key (with each other or with a stored task) all
 * get the one task, if they name its template and context; else the
 * submission is refused with 409 `conflict`. A batch that carries keys runs in
 * a transaction, so such a refusal leaves none of it written.
 */
export declare function submitTasks(db: Db, templates: TemplateRegistry, requests: TaskRequest[], observers?: CommitObservers): Promise<SubmittedTask[]>;
