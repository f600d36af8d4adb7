/**
 * The life of a step no worker runs (DESIGN §8): it starts waiting when it is
 * ready (`startWaiting`), and ends when its timer fires (`wakeStep`), its
 * signal arrives (`signals.ts`) or its event does (`deliverEvent`). Each runs
 * in a TaskUnit holding the task's lock, like a worker's completion, so the
 * log stays causal and the task is settled exactly once.
 */
import { resolveParams } from '../domain/references.js';
import { stepError } from '../domain/step-errors.js';
import { LIVE_TASK_STATUSES } from '../domain/state-machine.js';
import type { JsonObject, JsonValue, StepError, WaitSpec, WorkflowSpec } from '../domain/types.js';
import { planWait } from '../domain/waits.js';
import type { StepRow, TaskRow } from '../store/rows.js';
import { findOutputs } from '../store/steps.js';
import { lockTask, setTaskStatus } from '../store/tasks.js';
import {
  completeWaitingStep,
  countEventDelivery,
  lockStepIn,
  lockTaskUnlessBusy,
  markStepWaiting,
  skipWaitingStep,
  takeKeptEvent,
  takeSignal,
  type StepRef,
} from '../store/waits.js';
import { errorStep, propagate, settle } from './outcomes.js';
import type { TaskUnit } from './task-unit.js';
import type { TemplateRegistry } from './template-registry.js';
import { childSettled, startChild, type ChildContext } from './children.js';

/** How a wait ended. */
export type WaitEnd = { to: 'complete'; output: JsonValue; reason: string; actor?: string | null } | { to: 'error'; error: StepError } | { to: 'skipped'; reason: string };

/**
 * Locks the task, then the step if it is still in `state`; null when either has moved on.
 * `fromTimer`: only once due, and skip a task another transaction holds (the timer comes back for it).
 */
async function lockBoth(unit: TaskUnit, ref: StepRef, state: 'ready' | 'waiting', fromTimer: boolean): Promise<{ task: TaskRow; step: StepRow } | null> {
  const task = fromTimer ? await lockTaskUnlessBusy(unit.tx, ref.task_id) : await lockTask(unit.tx, ref.task_id);
  if (!task || !LIVE_TASK_STATUSES.includes(task.status)) return null;
  const step = await lockStepIn(unit.tx, ref.id, state, fromTimer && state === 'waiting');
  return step ? { task, step } : null;
}

/** The step's spec with its `${...}` references resolved against the context and upstream outputs. */
async function resolveSpec(unit: TaskUnit, task: TaskRow, step: StepRow, templates: TemplateRegistry): Promise<JsonObject> {
  const template = await templates.byIdOrThrow(task.template_id, unit.tx);
  const names = templates.upstream(template, step.template_step ?? step.name);
  const outputs = await findOutputs(
    unit.tx,
    names.map((name) => ({ taskId: task.id, name })),
  );
  const results: Record<string, JsonValue> = {};
  for (const name of names) {
    const output = outputs.get(`${task.id}/${name}`);
    if (output !== undefined) results[name] = output;
  }
  return resolveParams(step.params, { context: task.context, steps: results });
}

/** Ends a waiting step the caller has locked: completes, fails or skips it, releases what follows, settles the task. */
export async function endWait(unit: TaskUnit, task: TaskRow, step: StepRow, end: WaitEnd): Promise<void> {
  const base = { taskId: task.id, stepName: step.name, attempt: step.attempts, handler: step.handler };
  if (end.to === 'error') {
    await errorStep(unit, task, step, end.error, 'waiting');
    return;
  }
  if (end.to === 'complete') {
    await completeWaitingStep(unit.tx, step.id, end.output);
    unit.log({ ...base, from: 'waiting', to: 'complete', reason: end.reason, actor: end.actor ?? null });
    const propagated = await propagate(unit, task, [{ id: step.id, name: step.name, skipped: false }]);
    await settle(unit, task, 1 + propagated, 0);
    return;
  }
  await skipWaitingStep(unit.tx, step.id);
  unit.log({ ...base, from: 'waiting', to: 'skipped', reason: end.reason });
  const propagated = await propagate(unit, task, [{ id: step.id, name: step.name, skipped: true }]);
  await settle(unit, task, 1 + propagated, 0);
}

/**
 * ready -> waiting for a worker-less step: resolves its spec, stores its wait
 * and timer, and ends it at once when what it waits for is already there (a
 * signal sent early, a kept event, an `until` in the past). Returns false when
 * another process got there first.
 */
export async function startWaiting(unit: TaskUnit, ref: StepRef, ctx: ChildContext): Promise<boolean> {
  const { templates } = ctx;
  const locked = await lockBoth(unit, ref, 'ready', true);
  if (!locked) return false;
  const { task, step } = locked;
  if (task.status !== 'running' && (await setTaskStatus(unit.tx, task.id, [task.status], 'running'))) {
    unit.log({ taskId: task.id, from: task.status, to: 'running', reason: 'a step started waiting' });
    task.status = 'running';
  }
  const kind = step.kind === 'sleep' ? 'sleep' : step.kind === 'workflow' ? 'workflow' : 'wait';
  let resolved: JsonObject;
  try {
    resolved = await resolveSpec(unit, task, step, templates);
  } catch (err) {
    const plan = { waitFor: null, waitKey: null };
    await markStepWaiting(unit.tx, step.id, plan);
    unit.log({ taskId: task.id, stepName: step.name, from: 'ready', to: 'waiting', attempt: step.attempts + 1, reason: 'resolving its references' });
    await endWait(unit, task, { ...step, attempts: step.attempts + 1 }, { to: 'error', error: stepError('invalid_reference', (err as Error).message) });
    return true;
  }
  if (kind === 'workflow') {
    const refused = await startChild(unit, ctx, task, step, resolved as unknown as WorkflowSpec);
    if (refused) await endWait(unit, task, { ...step, attempts: step.attempts + 1, state: 'waiting' }, refused);
    return true;
  }
  const planned = planWait(kind, resolved);
  const plan = planned.ok ? planned.plan : { waitFor: null, waitKey: null, describe: 'reading its time' };
  const started = await markStepWaiting(unit.tx, step.id, plan);
  const waiting = { ...step, attempts: step.attempts + 1, state: 'waiting' as const };
  unit.log({ taskId: task.id, stepName: step.name, from: 'ready', to: 'waiting', attempt: waiting.attempts, reason: plan.describe });
  if (!planned.ok) {
    await endWait(unit, task, waiting, { to: 'error', error: stepError('invalid_until', planned.message) });
  } else if (kind === 'sleep' && started.due) {
    await endWait(unit, task, waiting, { to: 'complete', output: { slept_until: started.wake_at!.toISOString() }, reason: 'its time had already come' });
  } else if (kind === 'wait') {
    const spec = resolved as unknown as WaitSpec;
    const early = spec.signal !== undefined ? await takeSignal(unit.tx, task.id, spec.signal, step.name) : await takeKeptEvent(unit.tx, spec.event!, plan.waitKey ?? '');
    if (early) {
      const what = spec.signal !== undefined ? `signal "${spec.signal}", sent before the step waited` : `event "${spec.event}", kept until a step waited for it`;
      await endWait(unit, task, waiting, { to: 'complete', output: early.payload, reason: what });
    }
  }
  return true;
}

/** A waiting step's timer fired: a sleep completes with `{slept_until}`; a wait times out by its `on_timeout`. */
export async function wakeStep(unit: TaskUnit, ref: StepRef): Promise<boolean> {
  const locked = await lockBoth(unit, ref, 'waiting', true);
  if (!locked) return false;
  const { task, step } = locked;
  if (step.kind === 'sleep') {
    await endWait(unit, task, step, { to: 'complete', output: { slept_until: step.wake_at!.toISOString() }, reason: 'slept until its time' });
    return true;
  }
  if (step.kind === 'workflow') {
    const end = await childSettled(unit, task, step);
    if (end) await endWait(unit, task, step, end);
    return true;
  }
  const spec = step.params as unknown as WaitSpec;
  const what = spec.signal !== undefined ? `signal "${spec.signal}"` : `event "${spec.event}" with key "${step.wait_key}"`;
  if (spec.on_timeout === 'skip') {
    await endWait(unit, task, step, { to: 'skipped', reason: `no ${what} within ${spec.timeout}` });
  } else {
    await endWait(unit, task, step, { to: 'error', error: stepError('wait_expired', `no ${what} within ${spec.timeout}`, { timeout: spec.timeout ?? null }) });
  }
  return true;
}

/** Delivers an external event to one waiting step; false when the step stopped waiting first. */
export async function deliverEvent(unit: TaskUnit, ref: StepRef, event: { id: number; name: string; payload: JsonValue }): Promise<boolean> {
  const locked = await lockBoth(unit, ref, 'waiting', false);
  if (!locked) return false;
  await countEventDelivery(unit.tx, event.id);
  await endWait(unit, locked.task, locked.step, { to: 'complete', output: event.payload, reason: `event "${event.name}"` });
  return true;
}
