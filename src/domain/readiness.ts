/**
 * Pure decisions the orchestration core takes when steps settle: how many
 * dependencies each step waits for, which steps a failure or a decision
 * skips, and what a task's final status is.
 */
import { dependentsOf, downstreamOf } from './dag.js';
import { canTransitionStep, isTerminalStep } from './state-machine.js';
import type { FailureMode, StepState, TaskStatus, TemplateDefinition } from './types.js';

type Steps = Pick<TemplateDefinition, 'steps'>;

/**
 * Unmet-dependency count of every step when a task is created. A step is
 * ready when its count reaches zero (roots start at zero).
 */
export function initialPendingCounts(def: Steps): Map<string, number> {
  return new Map(def.steps.map((s) => [s.name, s.depends_on.length]));
}

/**
 * The status a task finalizes to, or null while any step still has work
 * (any non-terminal state, including a transient `failed`).
 *
 * Precedence: an operator's cancel wins, then the deadline, then any step in
 * `error`, then any step `cancelled` (a cancel that reached steps before the
 * task row); otherwise `complete` (every step complete, skipped or resolved).
 */
export function taskOutcome(stepStates: readonly StepState[], cancelled: boolean, timedOut: boolean): TaskStatus | null {
  if (!stepStates.every(isTerminalStep)) return null;
  if (cancelled) return 'cancelled';
  if (timedOut) return 'timed_out';
  if (stepStates.includes('error')) return 'error';
  if (stepStates.includes('cancelled')) return 'cancelled';
  return 'complete';
}

/** A step that has not started and so may still be skipped. */
function isSkippable(state: StepState | undefined): boolean {
  return state !== undefined && canTransitionStep(state, 'skipped');
}

/**
 * Steps to mark `skipped` after `failedStep` ended in error (or was cancelled).
 *
 * - `continue`: the transitive dependents of `failedStep` that have not started
 *   (pending or ready); independent branches go on.
 * - `stop`: every step in `states` that has not started. Running steps are left
 *   alone: they settle by themselves and the task finalizes after them.
 *
 * Steps missing from `states` are ignored. Order: template order for
 * `continue`, `states` order for `stop`.
 */
export function stepsToSkip(
  def: Steps,
  failedStep: string,
  onFailure: FailureMode,
  states: ReadonlyMap<string, StepState>,
): string[] {
  if (onFailure === 'stop') {
    return [...states].filter(([name, state]) => name !== failedStep && isSkippable(state)).map(([name]) => name);
  }
  const downstream = downstreamOf(def, failedStep);
  return def.steps.map((s) => s.name).filter((name) => downstream.has(name) && isSkippable(states.get(name)));
}

/**
 * Steps a decision step skips when its handler returned `{ activate }`: its
 * direct dependents that were not activated, and, transitively, every step all
 * of whose dependencies are skipped. A join that also waits on a branch that
 * runs is not skipped: it waits only for the branches that run (DESIGN §2).
 *
 * Names in `activate` that are not dependents of the decision are ignored here;
 * the caller rejects them. Result in template order.
 */
export function stepsSkippedByDecision(def: Steps, decisionStep: string, activate: readonly string[]): string[] {
  const dependents = dependentsOf(def);
  const depCount = new Map(def.steps.map((s) => [s.name, s.depends_on.length]));
  const chosen = new Set(activate);
  const skipped = new Set<string>();
  const skippedDeps = new Map<string, number>();
  const queue = (dependents.get(decisionStep) ?? []).filter((name) => !chosen.has(name));
  for (const name of queue) skipped.add(name);
  // Propagate: a step is skipped once every one of its dependencies is.
  for (let head = 0; head < queue.length; head++) {
    for (const next of dependents.get(queue[head]) ?? []) {
      if (skipped.has(next)) continue;
      const n = (skippedDeps.get(next) ?? 0) + 1;
      skippedDeps.set(next, n);
      if (n === depCount.get(next)) {
        skipped.add(next);
        queue.push(next);
      }
    }
  }
  return def.steps.map((s) => s.name).filter((name) => skipped.has(name));
}
