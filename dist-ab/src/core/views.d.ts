import type { JsonObject, JsonValue, StepError, StepState, TaskStatus } from '../domain/types.js';
import { type WorkerCapability } from '../domain/placement.js';
import { type WaitingView } from '../domain/waits.js';
import type { StepRow, TaskRow, TemplateRow, TransitionRow, WorkerRow } from '../store/rows.js';
/** API shapes (DESIGN §4 "task"). Rows are mapped here and nowhere else. */
export interface StepView {
    name: string;
    handler: string;
    kind: string;
    state: StepState;
    attempts: number;
    max_attempts: number;
    depends_on: string[];
    params: JsonObject;
    output: JsonValue | null;
    error: StepError | null;
    labels: Record<string, string>;
    visible_at: string | null;
    started_at: string | null;
    finished_at: string | null;
    worker: string | null;
    /** For a ready step that no live worker can take: why (missing handler or labels). */
    waiting_reason?: string;
    /** For a waiting step (sleep, wait): what it waits for and until when. */
    waiting?: WaitingView;
}
export interface TaskView {
    id: string;
    namespace: string;
    name: string;
    version: string;
    status: TaskStatus;
    context: JsonObject;
    priority: number;
    tags: string[];
    idempotency_key: string | null;
    /** The submit's x-request-id (or a library caller's correlationId), else the task's own id. */
    correlation_id: string;
    run_at: string | null;
    deadline_at: string | null;
    created_at: string;
    started_at: string | null;
    finished_at: string | null;
    /** For a child workflow: the task and step that started it. */
    parent_task_id: string | null;
    parent_step: string | null;
    steps?: StepView[];
    /** The child workflows this task started, oldest first (task detail only). */
    children?: ChildView[];
}
export interface ChildView {
    id: string;
    step: string | null;
    namespace: string;
    name: string;
    version: string;
    status: TaskStatus;
    created_at: string;
}
export declare function toStepView(row: StepRow, dependsOn: string[], waitingReason?: string | null): StepView;
export declare function toTaskView(row: TaskRow): TaskView;
export declare function toChildView(row: Pick<TaskRow, 'id' | 'namespace' | 'name' | 'version' | 'status' | 'parent_step' | 'created_at'>): ChildView;
/**
 * A task with every step: dependencies by name, params resolved as the
 * handler saw them once its dependencies are done, and for a ready step that
 * none of `workers` can take, why.
 */
export declare function toTaskDetail(task: TaskRow, steps: StepRow[], edges: {
    from_step: number;
    to_step: number;
}[], workers: WorkerCapability[], flow?: FlowState): TaskView & {
    steps: StepView[];
};
/** What flow control says about a task's ready steps: running steps per concurrency key, and when full rate-limit windows have room (by `name\0key`). */
export interface FlowState {
    runningByKey: ReadonlyMap<string, number>;
    windowRoom: ReadonlyMap<string, Date | null>;
}
/** `GET /v1/rate-limits`. */
export interface RateLimitView {
    name: string;
    limit: number;
    per_ms: number;
    updated_at: string;
}
export declare function toRateLimitView(row: {
    name: string;
    limit: number;
    per_ms: number;
    updated_at: Date;
}): RateLimitView;
export interface TemplateView {
    namespace: string;
    name: string;
    version: string;
    description: string | null;
    digest: string;
    created_at: string;
    definition?: TemplateRow['definition'];
}
export declare function toTemplateView(row: TemplateRow, withDefinition: boolean): TemplateView;
/** `GET /v1/workers` (mapped by `toWorkerView` in worker-pool.ts, beside the query it reads). */
export interface WorkerView {
    id: string;
    name: string;
    transport: 'direct' | 'http';
    handlers: string[];
    labels: Record<string, string>;
    capacity: number;
    state: WorkerRow['state'];
    in_flight: number;
    last_heartbeat_at: string;
    last_error: string | null;
    created_at: string;
}
export interface EventView {
    id: number;
    type: 'transition' | 'progress' | 'signal';
    task_id: string;
    step: string | null;
    from: string | null;
    to: string | null;
    attempt: number | null;
    reason: string | null;
    worker: string | null;
    actor: string | null;
    data: JsonValue | null;
    at: string;
}
export declare function toEventView(row: TransitionRow): EventView;
