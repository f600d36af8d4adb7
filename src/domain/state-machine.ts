/**
 * The task and step state machines of DESIGN §1, as data. The store guards
 * every transition in SQL (`WHERE state = $from`); these tables say which
 * `from -> to` pairs may be attempted at all, and the tests pin them.
 */
import { BatonError } from '../errors.js';
import type { StepState, TaskStatus } from './types.js';

/** Allowed task transitions, by current status. */
export const TASK_TRANSITIONS: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = {
  // pending -> complete/error: a task can be finalized before it ever ran a
  // step (e.g. all steps resolved, or an input failure).
  pending: ['running', 'cancelled', 'timed_out', 'complete', 'error'],
  running: ['complete', 'error', 'cancelled', 'timed_out'],
  // An operator retry of an errored step reopens its task.
  error: ['running'],
  complete: [],
  cancelled: [],
  timed_out: [],
};

/** Allowed step transitions, by current state. */
export const STEP_TRANSITIONS: Readonly<Record<StepState, readonly StepState[]>> = {
  pending: ['ready', 'skipped', 'cancelled'],
  ready: ['running', 'skipped', 'cancelled'],
  // running -> ready: a lease handed back on graceful shutdown (not counted as
  // an attempt) or a failed attempt with retries left. The log records the
  // latter as running -> failed, failed -> ready, while the row goes straight
  // to ready in one update.
  running: ['complete', 'failed', 'error', 'cancelled', 'ready'],
  failed: ['ready', 'error'],
  // Operator retry re-runs an errored step; resolve supplies its output.
  error: ['ready', 'resolved'],
  // Operator retry un-skips what an errored step blocked.
  skipped: ['ready', 'pending'],
  complete: [],
  cancelled: [],
  resolved: [],
};

/** Step states that need nothing more from the engine. */
export const TERMINAL_STEP_STATES: readonly StepState[] = ['complete', 'error', 'skipped', 'cancelled', 'resolved'];

/** Task statuses in which a task is finished (`error` may still be reopened by an operator retry). */
export const TERMINAL_TASK_STATUSES: readonly TaskStatus[] = ['complete', 'error', 'cancelled', 'timed_out'];

/** Whether a task may move from `from` to `to`. */
export function canTransitionTask(from: TaskStatus, to: TaskStatus): boolean {
  return TASK_TRANSITIONS[from]?.includes(to) ?? false;
}

/** Whether a step may move from `from` to `to`. */
export function canTransitionStep(from: StepState, to: StepState): boolean {
  return STEP_TRANSITIONS[from]?.includes(to) ?? false;
}

/**
 * @throws BatonError `conflict` when a step may not move from `from` to `to`
 *   (typically: another actor changed the step first).
 */
export function assertStepTransition(from: StepState, to: StepState): void {
  if (!canTransitionStep(from, to)) {
    throw new BatonError('conflict', `a step cannot go from ${from} to ${to}`, { details: { from, to } });
  }
}

/**
 * @throws BatonError `conflict` when a task may not move from `from` to `to`.
 */
export function assertTaskTransition(from: TaskStatus, to: TaskStatus): void {
  if (!canTransitionTask(from, to)) {
    throw new BatonError('conflict', `a task cannot go from ${from} to ${to}`, { details: { from, to } });
  }
}

/** Whether a task status is final (see TERMINAL_TASK_STATUSES). */
export function isTerminalTask(status: TaskStatus): boolean {
  return TERMINAL_TASK_STATUSES.includes(status);
}

/** Whether a step state is final (see TERMINAL_STEP_STATES). */
export function isTerminalStep(state: StepState): boolean {
  return TERMINAL_STEP_STATES.includes(state);
}
