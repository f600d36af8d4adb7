/**
 * Glossary
 *
 * - template: a named, versioned workflow definition: a DAG of steps.
 * - task: one run of a template with a JSON context.
 * - step: one node of a task's DAG; it runs a handler.
 * - attempt: one execution of a step by a worker; counted when it is claimed.
 * - lease: a claim's right to report on an attempt (`lease_id` + expiry). Only
 *   the current lease may complete, fail, checkpoint or extend a step.
 * - execution: what a worker receives for an attempt (the step id is its id).
 * - handler: the named function a worker runs for a step.
 * - ready: a step whose dependencies are done; it is claimable from `visible_at`.
 * - finalization: the single transaction that moves a task to a terminal state.
 *
 * The template definition below is stored in the wire format (snake_case, as
 * written in YAML), fully normalised: defaults applied, `mode: sequential`
 * expanded into explicit `depends_on`, so the engine never re-derives it.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | {
    [key: string]: JsonValue;
};
export type JsonObject = {
    [key: string]: JsonValue;
};
export declare const BackoffKinds: readonly ["none", "fixed", "linear", "exponential"];
export type BackoffKind = (typeof BackoffKinds)[number];
export interface RetryPolicy {
    max_attempts: number;
    backoff: BackoffKind;
    base_ms: number;
    max_ms: number;
    jitter: boolean;
}
export declare const StepKinds: readonly ["task", "decision", "fan_out", "sleep", "wait", "workflow"];
export type StepKind = (typeof StepKinds)[number];
/**
 * Kinds whose steps no worker runs: the engine moves them `ready -> waiting`
 * and ends them itself (a timer, a signal, an event). They are stored with an
 * empty handler, which no worker can register, so no claim ever takes them.
 */
export declare const WORKERLESS_KINDS: readonly StepKind[];
export declare const TimeoutActions: readonly ["fail", "skip"];
export type TimeoutAction = (typeof TimeoutActions)[number];
/** `kind: sleep`: one of a literal `duration` (`3d`) or an `until` time (usually a `${...}` reference). */
export interface SleepSpec {
    duration?: string;
    until?: string;
}
/**
 * `concurrency`: at most `limit` steps with the same resolved `key` run at
 * once, across every worker. The key may reference the context only
 * (`${context.customer_id}`): it is resolved at submission.
 */
export interface ConcurrencySpec {
    key: string;
    limit: number;
}
/**
 * `rate_limit`: each start of the step takes `units` of the named limit
 * (declared with POST /v1/rate-limits), counted per resolved `key` (a
 * `${context...}` reference or literal; none shares one window per name).
 */
export interface RateLimitSpec {
    name: string;
    key?: string;
    units: number;
}
/** `kind: workflow`: a child task of another template; its context may hold `${...}` references. */
export interface WorkflowSpec {
    namespace: string;
    name: string;
    /** A pinned version; without one, the latest when the child starts. */
    version?: string;
    context: JsonObject;
}
/** `kind: wait`: for a signal sent to the task, or for an external event matched by key. */
export interface WaitSpec {
    signal?: string;
    event?: string;
    /** The event key this step waits for; `${...}` references allowed. Required with `event`. */
    match?: string;
    /** How long to wait before `on_timeout` applies (`48h`); none means forever. */
    timeout?: string;
    on_timeout: TimeoutAction;
    /** JSON Schema a signal's payload must satisfy. */
    schema?: JsonObject;
}
export interface FanOutSpec {
    /** Name of the step instantiated once per chunk of items. */
    each: string;
    batch_size: number;
    /** A `${...}` reference giving the items; otherwise the handler returns `{items}`. */
    items?: string;
}
export interface StepDefinition {
    name: string;
    handler: string;
    kind: StepKind;
    depends_on: string[];
    params: JsonObject;
    retry: RetryPolicy;
    /** Per-attempt deadline; null means none. */
    timeout_seconds: number | null;
    labels: Record<string, string>;
    fan_out?: FanOutSpec;
    sleep?: SleepSpec;
    wait?: WaitSpec;
    workflow?: WorkflowSpec;
    concurrency?: ConcurrencySpec;
    rate_limit?: RateLimitSpec;
}
export declare const FailureModes: readonly ["stop", "continue"];
export type FailureMode = (typeof FailureModes)[number];
export interface TemplateDefinition {
    namespace: string;
    name: string;
    version: string;
    description?: string;
    input_schema?: JsonObject;
    timeout_seconds: number | null;
    on_failure: FailureMode;
    steps: StepDefinition[];
}
export declare const TaskStatuses: {
    readonly pending: "pending";
    readonly running: "running";
    /** Running, but its only live work is a step in backoff, until a worker picks the retry up. */
    readonly waiting_for_retry: "waiting_for_retry";
    readonly complete: "complete";
    readonly error: "error";
    readonly cancelled: "cancelled";
    readonly timed_out: "timed_out";
};
export type TaskStatus = (typeof TaskStatuses)[keyof typeof TaskStatuses];
export declare const StepStates: {
    readonly pending: "pending";
    readonly ready: "ready";
    readonly running: "running";
    /** A worker-less step (sleep, wait) waiting for its time, signal or event. */
    readonly waiting: "waiting";
    readonly complete: "complete";
    readonly failed: "failed";
    readonly error: "error";
    readonly skipped: "skipped";
    readonly cancelled: "cancelled";
    readonly resolved: "resolved";
};
export type StepState = (typeof StepStates)[keyof typeof StepStates];
/** Error recorded on a failed attempt (and shown in the API). */
export interface StepError {
    message: string;
    code?: string;
    details?: JsonValue;
}
export declare const DEFAULT_RETRY: RetryPolicy;
