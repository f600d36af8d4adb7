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
export const BackoffKinds = ['none', 'fixed', 'linear', 'exponential'];
export const StepKinds = ['task', 'decision', 'fan_out', 'sleep', 'wait', 'workflow'];
/**
 * Kinds whose steps no worker runs: the engine moves them `ready -> waiting`
 * and ends them itself (a timer, a signal, an event). They are stored with an
 * empty handler, which no worker can register, so no claim ever takes them.
 */
export const WORKERLESS_KINDS = ['sleep', 'wait', 'workflow'];
export const TimeoutActions = ['fail', 'skip'];
export const FailureModes = ['stop', 'continue'];
export const TaskStatuses = {
    pending: 'pending',
    running: 'running',
    /** Running, but its only live work is a step in backoff, until a worker picks the retry up. */
    waiting_for_retry: 'waiting_for_retry',
    complete: 'complete',
    error: 'error',
    cancelled: 'cancelled',
    timed_out: 'timed_out',
};
export const StepStates = {
    pending: 'pending',
    ready: 'ready',
    running: 'running',
    /** A worker-less step (sleep, wait) waiting for its time, signal or event. */
    waiting: 'waiting',
    complete: 'complete',
    failed: 'failed',
    error: 'error',
    skipped: 'skipped',
    cancelled: 'cancelled',
    resolved: 'resolved',
};
export const DEFAULT_RETRY = {
    max_attempts: 3,
    backoff: 'exponential',
    base_ms: 1000,
    max_ms: 60_000,
    jitter: true,
};
//# sourceMappingURL=types.js.map