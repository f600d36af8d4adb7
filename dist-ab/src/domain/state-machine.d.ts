import type { StepState, TaskStatus } from './types.js';
/** Allowed task transitions, by current status. A task's first row is `null -> pending`. */
export declare const TASK_TRANSITIONS: Readonly<Record<TaskStatus, readonly TaskStatus[]>>;
/** Allowed step transitions, by current state. A step starts `pending` (it has dependencies) or `ready`. */
export declare const STEP_TRANSITIONS: Readonly<Record<StepState, readonly StepState[]>>;
/** The states from which a step may move to `to`, read off the table: what the store's guards list. */
export declare function stepStatesBefore(to: StepState): StepState[];
/** Steps that have not started and so may still be skipped (by a failure upstream or `on_failure: stop`). */
export declare const SKIPPABLE_STEP_STATES: readonly StepState[];
/** Steps a cancel or a task timeout ends. */
export declare const CANCELLABLE_STEP_STATES: readonly StepState[];
/** Step states that need nothing more from the engine. */
export declare const TERMINAL_STEP_STATES: readonly StepState[];
/** Step states that still owe work: counted in a task's `remaining_steps`, cancelled with their task. */
export declare const LIVE_STEP_STATES: readonly StepState[];
/** Step states whose output downstream steps may use. */
export declare const DONE_STEP_STATES: readonly StepState[];
/** Step states that release a dependent (count against its pending dependencies). */
export declare const SETTLED_STEP_STATES: readonly StepState[];
/** Task statuses in which a task is finished (`error` may still be reopened by an operator retry). */
export declare const TERMINAL_TASK_STATUSES: readonly TaskStatus[];
/** Task statuses in which a task is live: it can still be finalized, cancelled or timed out. */
export declare const LIVE_TASK_STATUSES: readonly TaskStatus[];
/** Whether a task may move from `from` to `to`. */
export declare function canTransitionTask(from: TaskStatus, to: TaskStatus): boolean;
/** Whether a step may move from `from` to `to`. */
export declare function canTransitionStep(from: StepState, to: StepState): boolean;
/**
 * @throws BatonError `conflict` when a step may not move from `from` to `to`
 *   (typically: another actor changed the step first).
 */
export declare function assertStepTransition(from: StepState, to: StepState): void;
/**
 * @throws BatonError `conflict` when a task may not move from `from` to `to`.
 */
export declare function assertTaskTransition(from: TaskStatus, to: TaskStatus): void;
/** A log row as the engine is about to write it. */
export interface LoggedTransition {
    stepName?: string | null;
    kind?: 'transition' | 'progress' | 'signal';
    from?: string | null;
    to?: string | null;
}
/**
 * The engine's guard on its own log: a row that changes a state must be a
 * transition of the tables above. A refusal is a bug in the engine, never a
 * user error, so it is `internal` and rolls the transaction back.
 * Rows without a `to` (progress, fan-out notes) change no state and pass.
 */
export declare function assertLoggedTransition(row: LoggedTransition): void;
/** Whether a task status is final (see TERMINAL_TASK_STATUSES). */
export declare function isTerminalTask(status: TaskStatus): boolean;
/** Whether a step state is final (see TERMINAL_STEP_STATES). */
export declare function isTerminalStep(state: StepState): boolean;
