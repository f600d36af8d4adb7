/**
 * The task and step state machines of DESIGN §1, as data. These tables are the
 * engine's: every transition the engine logs is checked against them
 * (`assertLoggedTransition`, called by the one log writer), and the store's SQL
 * takes its state lists from the sets below (`store/state-sql.ts`).
 */
import { BatonError } from '../errors.js';
/** Allowed task transitions, by current status. A task's first row is `null -> pending`. */
export const TASK_TRANSITIONS = {
    // pending -> complete/error: a task can be finalized before it ever ran a
    // step (e.g. all steps resolved, or an input failure).
    pending: ['running', 'cancelled', 'timed_out', 'complete', 'error'],
    running: ['waiting_for_retry', 'complete', 'error', 'cancelled', 'timed_out'],
    // Back to running when a worker claims the retry (or an operator gives it
    // other work); finalized directly when an operator settles its last step.
    waiting_for_retry: ['running', 'complete', 'error', 'cancelled', 'timed_out'],
    // An operator retry of an errored step reopens its task.
    error: ['running'],
    complete: [],
    cancelled: [],
    timed_out: [],
};
/** Allowed step transitions, by current state. A step starts `pending` (it has dependencies) or `ready`. */
export const STEP_TRANSITIONS = {
    // pending -> complete: a fan-in step completes when its last instance does.
    pending: ['ready', 'complete', 'skipped', 'cancelled'],
    // ready -> resolved: an operator resolves a step no worker can take.
    // ready -> waiting: a worker-less step (sleep, wait) starts waiting.
    ready: ['running', 'waiting', 'skipped', 'cancelled', 'resolved'],
    // waiting -> complete: its time came, its signal or event arrived, or its
    // child workflow completed; -> error or skipped: its wait timed out
    // (on_timeout: fail | skip), its `until` could not be read, or its child
    // failed for the last time; -> failed: its child failed and the retry policy
    // starts another; -> resolved: an operator settled it.
    waiting: ['complete', 'failed', 'error', 'skipped', 'cancelled', 'resolved'],
    // running -> ready: a lease handed back on graceful shutdown (not counted as
    // an attempt). A failed attempt with retries left is logged
    // running -> failed, failed -> ready, while the row goes straight to ready.
    running: ['complete', 'failed', 'error', 'cancelled', 'ready'],
    failed: ['ready', 'error'],
    // Operator retry re-runs an errored step; resolve supplies its output.
    error: ['ready', 'resolved'],
    // Operator retry un-skips what an errored step blocked (a fan-in step whose
    // instances are all done completes at once).
    skipped: ['ready', 'pending', 'complete'],
    complete: [],
    cancelled: [],
    resolved: [],
};
/** The states from which a step may move to `to`, read off the table: what the store's guards list. */
export function stepStatesBefore(to) {
    return Object.keys(STEP_TRANSITIONS).filter((from) => STEP_TRANSITIONS[from].includes(to));
}
/** Steps that have not started and so may still be skipped (by a failure upstream or `on_failure: stop`). */
export const SKIPPABLE_STEP_STATES = stepStatesBefore('skipped');
/** Steps a cancel or a task timeout ends. */
export const CANCELLABLE_STEP_STATES = stepStatesBefore('cancelled');
/** Step states that need nothing more from the engine. */
export const TERMINAL_STEP_STATES = ['complete', 'error', 'skipped', 'cancelled', 'resolved'];
/** Step states that still owe work: counted in a task's `remaining_steps`, cancelled with their task. */
export const LIVE_STEP_STATES = ['pending', 'ready', 'running', 'waiting'];
/** Step states whose output downstream steps may use. */
export const DONE_STEP_STATES = ['complete', 'resolved'];
/** Step states that release a dependent (count against its pending dependencies). */
export const SETTLED_STEP_STATES = ['complete', 'resolved', 'skipped'];
/** Task statuses in which a task is finished (`error` may still be reopened by an operator retry). */
export const TERMINAL_TASK_STATUSES = ['complete', 'error', 'cancelled', 'timed_out'];
/** Task statuses in which a task is live: it can still be finalized, cancelled or timed out. */
export const LIVE_TASK_STATUSES = ['pending', 'running', 'waiting_for_retry'];
/** Whether a task may move from `from` to `to`. */
export function canTransitionTask(from, to) {
    return TASK_TRANSITIONS[from]?.includes(to) ?? false;
}
/** Whether a step may move from `from` to `to`. */
export function canTransitionStep(from, to) {
    return STEP_TRANSITIONS[from]?.includes(to) ?? false;
}
/**
 * @throws BatonError `conflict` when a step may not move from `from` to `to`
 *   (typically: another actor changed the step first).
 */
export function assertStepTransition(from, to) {
    if (!canTransitionStep(from, to)) {
        throw new BatonError('conflict', `a step cannot go from ${from} to ${to}`, { details: { from, to } });
    }
}
/**
 * @throws BatonError `conflict` when a task may not move from `from` to `to`.
 */
export function assertTaskTransition(from, to) {
    if (!canTransitionTask(from, to)) {
        throw new BatonError('conflict', `a task cannot go from ${from} to ${to}`, { details: { from, to } });
    }
}
/**
 * The engine's guard on its own log: a row that changes a state must be a
 * transition of the tables above. A refusal is a bug in the engine, never a
 * user error, so it is `internal` and rolls the transaction back.
 * Rows without a `to` (progress, fan-out notes) change no state and pass.
 */
export function assertLoggedTransition(row) {
    if ((row.kind ?? 'transition') !== 'transition' || row.to == null)
        return;
    const ok = row.stepName
        ? row.from != null && canTransitionStep(row.from, row.to)
        : row.from == null
            ? row.to === 'pending'
            : canTransitionTask(row.from, row.to);
    if (!ok) {
        const what = row.stepName ? `step "${row.stepName}"` : 'task';
        throw new BatonError('internal', `engine bug: refused to log ${what} going from ${row.from ?? 'nothing'} to ${row.to}`, {
            details: { step: row.stepName ?? null, from: row.from ?? null, to: row.to },
        });
    }
}
/** Whether a task status is final (see TERMINAL_TASK_STATUSES). */
export function isTerminalTask(status) {
    return TERMINAL_TASK_STATUSES.includes(status);
}
/** Whether a step state is final (see TERMINAL_STEP_STATES). */
export function isTerminalStep(state) {
    return TERMINAL_STEP_STATES.includes(state);
}
//# sourceMappingURL=state-machine.js.map