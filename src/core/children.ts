/**
 * Child workflows (`kind: workflow`, DESIGN §8). The step starts its child in
 * the transaction that starts it waiting; the child's finalization wakes the
 * step (`wakeParents`, with the commit that finalizes it), and the step then
 * completes with the child's outputs or fails and, while its retry policy
 * allows, starts a new child. A parent that ends cancels its children, down
 * the tree, always locking parent before child.
 */
import { computeBackoffMs } from '../domain/backoff.js';
import { stepError } from '../domain/step-errors.js';
import { DONE_STEP_STATES, TERMINAL_TASK_STATUSES } from '../domain/state-machine.js';
import type { JsonObject, JsonValue, RetryPolicy, StepError, WorkflowSpec } from '../domain/types.js';
import { BatonError } from '../errors.js';
import type { Db } from '../store/db.js';
import type { StepRow, TaskRow } from '../store/rows.js';
import { listSteps } from '../store/steps.js';
import { findTask } from '../store/tasks.js';
import { transactionAsDb } from '../store/transaction-db.js';
import { markStepWaiting, retryWaitingStep } from '../store/waits.js';
import { syncBackoffStatus, stopTask } from './outcomes.js';
import { submitTasks } from './submit.js';
import type { TaskUnit } from './task-unit.js';
import type { TemplateRegistry } from './template-registry.js';
import type { WaitEnd } from './waiting.js';

/** What starting a child needs beyond the unit: the database (its transaction joins the unit's), the templates and the depth cap. */
export interface ChildContext {
  db: Db;
  templates: TemplateRegistry;
  maxDepth: number;
}

/**
 * Starts the child of a ready workflow step and moves the step to waiting for
 * it, in one transaction: a transaction retried after a conflict starts the
 * child again from nothing, so no child is ever started twice. Returns
 * how the step ends at once when the child cannot start (too deep, unknown
 * template, a context its input schema refuses), else null.
 */
export async function startChild(unit: TaskUnit, ctx: ChildContext, task: TaskRow, step: StepRow, spec: WorkflowSpec): Promise<WaitEnd | null> {
  const attempt = step.attempts + 1;
  const target = `${spec.namespace}/${spec.name}${spec.version ? `@${spec.version}` : ''}`;
  const refuse = async (error: StepError): Promise<WaitEnd> => {
    await markStepWaiting(unit.tx, step.id, { waitFor: `workflow:${target}`, waitKey: null });
    unit.log({ taskId: task.id, stepName: step.name, from: 'ready', to: 'waiting', attempt, reason: `starting ${target}` });
    return { to: 'error', error };
  };
  if (task.depth + 1 > ctx.maxDepth) {
    const message = `starting ${target} would nest workflows ${task.depth + 1} deep, past the cap of ${ctx.maxDepth} (orchestrator.max_workflow_depth)`;
    return refuse(stepError('depth_exceeded', message, { workflow: target }));
  }
  let childId: string;
  try {
    const [child] = await submitTasks(transactionAsDb(ctx.db, unit.tx), ctx.templates, [
      {
        namespace: spec.namespace,
        name: spec.name,
        ...(spec.version ? { version: spec.version } : {}),
        // A fan-out instance's child also gets its slice of the items.
        context: step.fan_out ? { ...spec.context, fan_out: step.fan_out as unknown as JsonValue } : spec.context,
        priority: task.priority,
        correlationId: task.correlation_id ?? task.id,
        parent: { taskId: task.id, step: step.name, depth: task.depth + 1 },
        // The child joins the parent task's trace.
        ...(task.traceparent ? { traceparent: task.traceparent } : {}),
      },
    ]);
    childId = child.id;
  } catch (err) {
    if (!(err instanceof BatonError) || (err.code !== 'not_found' && err.code !== 'invalid_context')) throw err;
    return refuse(stepError('child_refused', `could not start ${target}: ${err.message}`, { workflow: target }));
  }
  await markStepWaiting(unit.tx, step.id, { waitFor: `workflow:${target}`, waitKey: childId });
  unit.log({ taskId: task.id, stepName: step.name, from: 'ready', to: 'waiting', attempt, reason: `waiting for child task ${childId} (${target})`, data: { child: childId } });
  unit.wake = true;
  return null;
}

/** A child's outputs as its parent step's output: `{steps: {name: output}}` of the steps that completed or were resolved. */
async function childOutputs(unit: TaskUnit, childId: string): Promise<JsonObject> {
  const steps: Record<string, JsonValue> = {};
  for (const s of await listSteps(unit.tx, childId)) if (DONE_STEP_STATES.includes(s.state)) steps[s.name] = s.output;
  return { task_id: childId, steps };
}

/**
 * A workflow step woken by its child: completes with the child's outputs, or
 * fails. A failed child is retried by the step's policy (back to ready after
 * the backoff: a new child starts); the last failure is the step's error.
 * Returns how the step ends, or null when it was handled (retried, or woken
 * while its child still runs).
 */
export async function childSettled(unit: TaskUnit, task: TaskRow, step: StepRow): Promise<WaitEnd | null> {
  const child = step.wait_key ? await findTask(unit.tx, step.wait_key) : null;
  if (child && !TERMINAL_TASK_STATUSES.includes(child.status)) {
    // A spurious wake (or an operator retry reopened the child): wait on.
    await retryWaitingStep(unit.tx, step.id, null);
    return null;
  }
  if (child?.status === 'complete') return { to: 'complete', output: await childOutputs(unit, child.id), reason: `child task ${child.id} complete` };
  const status = child?.status ?? 'gone';
  const message = `child task ${step.wait_key} ended ${status}`;
  const error = stepError('child_failed', message, { child: step.wait_key, status });
  if (step.attempts < step.max_attempts) {
    const delayMs = computeBackoffMs(step.retry as unknown as RetryPolicy, step.attempts);
    await retryWaitingStep(unit.tx, step.id, { error: error as unknown as JsonValue, delayMs });
    const base = { taskId: task.id, stepName: step.name, attempt: step.attempts };
    unit.log({ ...base, from: 'waiting', to: 'failed', reason: message, data: error as unknown as JsonValue });
    unit.log({ ...base, from: 'failed', to: 'ready', reason: `new child in ${delayMs} ms` });
    if (delayMs === 0) unit.wake = true;
    else await syncBackoffStatus(unit, task);
    return null;
  }
  return { to: 'error', error };
}

/** Cancels the children of workflow steps that stopped waiting (cancelled, skipped or resolved), and theirs, in this unit. */
export async function cancelChildren(unit: TaskUnit, parentId: string, stopped: { from: string; kind: string; wait_key: string | null }[], why: string): Promise<void> {
  for (const s of stopped) {
    if (s.kind !== 'workflow' || s.from !== 'waiting' || !s.wait_key) continue;
    await stopTask(unit, s.wait_key, { status: 'cancelled', reason: `parent task ${parentId} ${why}` }).catch((err: unknown) => {
      // A child pruned by retention is gone already: nothing to cancel.
      if (!(err instanceof BatonError && err.code === 'not_found')) throw err;
    });
  }
}
