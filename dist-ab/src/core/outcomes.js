import { computeBackoffMs } from '../domain/backoff.js';
import { BatonError } from '../errors.js';
import { applyDecision, expandFanOut } from './dynamic-steps.js';
import { cancelLiveSteps, findStep, lockLeasedStep, markStepComplete, markStepError, markStepRetrying, releaseDependents, skipAllWaiting, skipDownstream } from '../store/steps.js';
import { completeFanIn } from '../store/dynamic-steps.js';
import { lockTask, lockTaskOfStep, refreshBackoffStatus, setTaskStatus, settleTaskSteps } from '../store/tasks.js';
import { LIVE_TASK_STATUSES } from '../domain/state-machine.js';
import { cancelChildren } from './children.js';
/** Whether a claim moves a task in this status to `running` (the claim statement does the same in SQL). */
export function isPromotable(status) {
    return status === 'pending' || status === 'waiting_for_retry';
}
/** Logs the promotion of a task the caller has moved to `running`, and notes it on `task`. */
export function logPromotion(unit, task) {
    unit.log({ taskId: task.id, from: task.status, to: 'running', reason: task.status === 'pending' ? 'first step claimed' : 'retry claimed' });
    task.status = 'running';
}
async function promoteIfPending(unit, task) {
    // The claim skipped this promotion because we held the task's lock; do it here.
    if (isPromotable(task.status) && (await setTaskStatus(unit.tx, task.id, [task.status], 'running')))
        logPromotion(unit, task);
}
/**
 * Keeps a running task's reported status true after its steps changed without
 * a claim (a failed attempt, an operator's action): `waiting_for_retry` when
 * its only live work is a step in backoff, `running` otherwise.
 */
export async function syncBackoffStatus(unit, task) {
    if (task.status !== 'running' && task.status !== 'waiting_for_retry')
        return;
    const to = await refreshBackoffStatus(unit.tx, task.id);
    if (to === null)
        return;
    unit.log({ taskId: task.id, from: task.status, to, reason: to === 'waiting_for_retry' ? 'every live step is in backoff' : 'a step can run' });
    task.status = to;
}
export async function completeStep(unit, req, templates) {
    const task = await lockTaskOfStep(unit.tx, req.stepId);
    if (!task)
        return 'not_found';
    const step = await markStepComplete(unit.tx, req.stepId, req.leaseId, req.output);
    if (!step) {
        const current = await findStep(unit.tx, req.stepId);
        return current?.state === 'complete' && current.lease_id === req.leaseId ? 'duplicate' : 'stale';
    }
    await promoteIfPending(unit, task);
    // A keyed step that finished leaves room under its key: wake the claims that found it full.
    if (step.concurrency_key !== null)
        unit.wake = true;
    const dynamic = step.kind === 'decision' ? await applyDecision(unit, task, step) : step.kind === 'fan_out' ? await expandFanOut(unit, task, step, templates) : { kind: 'none' };
    if (dynamic.kind === 'invalid') {
        // The output breaks the step's contract: a permanent failure, never a completion.
        await errorStep(unit, task, step, dynamic.error);
        return 'ok';
    }
    const durationMs = step.started_at && step.finished_at ? step.finished_at.getTime() - step.started_at.getTime() : null;
    unit.log({ taskId: task.id, stepName: step.name, from: 'running', to: 'complete', attempt: step.attempts, workerId: step.worker_id, handler: step.handler, durationMs });
    const settledByDecision = dynamic.kind === 'skipped' ? dynamic.ids.length : 0;
    const propagated = await propagate(unit, task, [
        { id: step.id, name: step.name, skipped: false },
        ...(dynamic.kind === 'skipped' ? dynamic.ids.map((id, i) => ({ id, name: dynamic.names[i], skipped: true })) : []),
    ]);
    await settle(unit, task, 1 + settledByDecision + propagated, 0);
    return 'ok';
}
/**
 * Releases the dependents of settled steps, breadth first: dependents become
 * ready; fan-in steps complete with their instances' outputs; steps whose
 * dependencies were all skipped by a decision are skipped. Returns how many
 * steps this settled.
 */
export async function propagate(unit, task, queue) {
    let settled = 0;
    for (let item = queue.shift(); item; item = queue.shift()) {
        for (const next of await releaseDependents(unit.tx, item.id, item.skipped)) {
            if (next.state === 'skipped') {
                unit.log({ taskId: task.id, stepName: next.name, from: 'pending', to: 'skipped', reason: 'every dependency was skipped' });
                settled++;
                queue.push({ id: next.id, name: next.name, skipped: true });
            }
            else if (next.state === 'ready' && next.kind === 'fan_in') {
                const done = await completeFanIn(unit.tx, next.id);
                unit.log({ taskId: task.id, stepName: next.name, from: 'pending', to: 'complete', reason: `all ${done.count} instances complete` });
                settled++;
                queue.push({ id: next.id, name: next.name, skipped: false });
            }
            else if (next.state === 'ready') {
                unit.log({ taskId: task.id, stepName: next.name, from: 'pending', to: 'ready', reason: `${item.name} ${item.skipped ? 'skipped' : 'complete'}` });
                unit.wake = true;
            }
        }
    }
    return settled;
}
/** A step's final failure: `error`, what it blocks skipped, the task settled. */
export async function errorStep(unit, task, step, error, from = 'running') {
    const durationMs = await markStepError(unit.tx, step.id, error);
    unit.log({
        taskId: task.id,
        stepName: step.name,
        from,
        to: 'error',
        reason: error.message,
        attempt: step.attempts,
        workerId: step.worker_id,
        data: error,
        handler: step.handler,
        durationMs,
    });
    const skipped = task.on_failure === 'stop' ? await skipAllWaiting(unit.tx, task.id) : await skipDownstream(unit.tx, step.id);
    for (const s of skipped) {
        unit.log({ taskId: task.id, stepName: s.name, from: s.from, to: 'skipped', reason: `${step.name} ended in error` });
    }
    await cancelChildren(unit, task.id, skipped, `skipped step ${step.name}'s dependents`);
    await settle(unit, task, 1 + skipped.length, 1);
}
export async function failStep(unit, req) {
    const task = await lockTaskOfStep(unit.tx, req.stepId);
    if (!task)
        return 'not_found';
    const step = await lockLeasedStep(unit.tx, req.stepId, req.leaseId, req.onlyIfExpired);
    if (!step) {
        const current = await findStep(unit.tx, req.stepId);
        const alreadyFailed = current && current.lease_id === req.leaseId && (current.state === 'error' || current.state === 'ready');
        return alreadyFailed && !req.onlyIfExpired ? 'duplicate' : 'stale';
    }
    await promoteIfPending(unit, task);
    if (step.concurrency_key !== null)
        unit.wake = true;
    const policy = step.retry;
    if (req.retryable && step.attempts < step.max_attempts) {
        const base = { taskId: task.id, stepName: step.name, attempt: step.attempts, workerId: step.worker_id, handler: step.handler };
        const delayMs = computeBackoffMs(policy, step.attempts);
        const durationMs = await markStepRetrying(unit.tx, step.id, req.error, delayMs);
        unit.log({ ...base, from: 'running', to: 'failed', reason: req.error.message, data: req.error, durationMs });
        unit.log({ ...base, from: 'failed', to: 'ready', reason: `retry in ${delayMs} ms` });
        if (delayMs === 0)
            unit.wake = true;
        else
            await syncBackoffStatus(unit, task);
        return 'ok';
    }
    await errorStep(unit, task, step, req.error);
    return 'ok';
}
/** Counts settled steps on the locked task and finalizes it when none is left. */
export async function settle(unit, task, settled, errored) {
    const counts = await settleTaskSteps(unit.tx, task.id, settled, errored);
    if (counts.remaining_steps <= 0) {
        await finalizeTask(unit, task, counts.error_steps > 0 ? 'error' : 'complete');
    }
}
/** Exactly once: the status guard in SQL lets only the first finalization through. */
export async function finalizeTask(unit, task, status, reason) {
    const from = task.status;
    if (!(await setTaskStatus(unit.tx, task.id, [...LIVE_TASK_STATUSES], status)))
        return false;
    unit.log({ taskId: task.id, from, to: status, reason: reason ?? null });
    task.status = status;
    unit.finalized.push({
        taskId: task.id,
        status,
        ...(task.namespace && task.name ? { template: { namespace: task.namespace, name: task.name } } : {}),
        parentTaskId: task.parent_task_id ?? null,
    });
    return true;
}
/**
 * Cancels a live task (or times it out): every live step is cancelled, running
 * ones too, so their leases go stale and late reports are refused; workers are
 * told through the cancel channel. Returns false when the task had already ended.
 */
export async function stopTask(unit, taskId, stop) {
    const task = await lockTask(unit.tx, taskId);
    if (!task)
        throw new BatonError('not_found', `task ${taskId} does not exist`);
    if (!LIVE_TASK_STATUSES.includes(task.status))
        return false;
    const cancelled = await cancelLiveSteps(unit.tx, taskId);
    for (const s of cancelled) {
        unit.log({
            taskId,
            stepName: s.name,
            from: s.from,
            to: 'cancelled',
            reason: stop.reason,
            attempt: s.attempts,
            workerId: s.worker_id,
            actor: stop.actor ?? null,
            handler: s.handler,
        });
    }
    // Children first, down the tree: a parent's lock is always taken before its child's.
    await cancelChildren(unit, taskId, cancelled, stop.status);
    await setTaskStatus(unit.tx, taskId, [...LIVE_TASK_STATUSES], stop.status);
    unit.log({ taskId, from: task.status, to: stop.status, reason: stop.reason, actor: stop.actor ?? null });
    unit.finalized.push({ taskId, status: stop.status, template: { namespace: task.namespace, name: task.name }, parentTaskId: task.parent_task_id });
    unit.cancelledTasks.push(taskId);
    return true;
}
//# sourceMappingURL=outcomes.js.map