import { completeFanIn } from '../store/dynamic-steps.js';
import { findStepLeases, lockTasksOfSteps, markStepsComplete, releaseDependentsOfMany } from '../store/step-batches.js';
import { LIVE_TASK_STATUSES } from '../domain/state-machine.js';
import { settleManyTasks } from '../store/tasks.js';
import { completeStep, isPromotable, logPromotion, propagate } from './outcomes.js';
/**
 * Completes many steps in one transaction with a fixed number of statements,
 * whatever the batch size: one commit (one fsync) is shared by every step, which
 * is what lets a worker go past the one-commit-per-step ceiling. Guarantees are
 * those of `completeStep`: task locks first (in id order), every completion
 * fenced by its own lease, dependents released and tasks finalized in the same
 * transaction. Decision and fan-out steps take the one-at-a-time path.
 */
export async function completeSteps(unit, reqs, templates) {
    const locked = await lockTasksOfSteps(unit.tx, [...new Set(reqs.map((r) => r.stepId))]);
    const results = new Map();
    const seen = new Set();
    const plain = [];
    const oneByOne = [];
    reqs.forEach((req, index) => {
        const owner = locked.get(req.stepId);
        if (!owner)
            results.set(index, 'not_found');
        else if (owner.step_kind !== 'task' || seen.has(req.stepId))
            oneByOne.push(index);
        else
            plain.push(req);
        seen.add(req.stepId);
    });
    const done = await markStepsComplete(unit.tx, plain);
    // A keyed step that finished leaves room under its key: wake the claims that found it full.
    if (done.some((d) => d.keyed))
        unit.wake = true;
    const doneIds = new Set(done.map((d) => d.id));
    const refused = plain.filter((r) => !doneIds.has(r.stepId));
    const current = await findStepLeases(unit.tx, refused.map((r) => r.stepId));
    const plainResult = new Map();
    for (const r of plain) {
        if (doneIds.has(r.stepId))
            plainResult.set(r.stepId, 'ok');
        else {
            const now = current.get(r.stepId);
            plainResult.set(r.stepId, now?.state === 'complete' && now.lease_id === r.leaseId ? 'duplicate' : 'stale');
        }
    }
    const tasks = new Map();
    for (const d of done)
        tasks.set(d.task_id, locked.get(d.id).task);
    // The claim skipped promoting these tasks because we held their locks; the settling UPDATE below does it.
    for (const task of tasks.values())
        if (isPromotable(task.status))
            logPromotion(unit, task);
    const settled = new Map();
    for (const d of done) {
        unit.log({ taskId: d.task_id, stepName: d.name, from: 'running', to: 'complete', attempt: d.attempts, workerId: d.worker_id, handler: d.handler, durationMs: d.duration_ms });
        settled.set(d.task_id, (settled.get(d.task_id) ?? 0) + 1);
    }
    for (const next of await releaseDependentsOfMany(unit.tx, [...doneIds])) {
        if (next.state !== 'ready')
            continue;
        if (next.kind === 'fan_in') {
            // Rare (the last instance of a fan-out): the general path completes the fan-in and what follows.
            const task = tasks.get(next.task_id);
            const extra = await propagateFanIn(unit, task, next.id, next.name);
            settled.set(task.id, (settled.get(task.id) ?? 0) + extra);
            continue;
        }
        unit.log({ taskId: next.task_id, stepName: next.name, from: 'pending', to: 'ready', reason: 'dependencies complete' });
        unit.wake = true;
    }
    for (const after of await settleManyTasks(unit.tx, settled)) {
        const task = tasks.get(after.id);
        if (after.status === task.status || !LIVE_TASK_STATUSES.includes(task.status))
            continue;
        unit.log({ taskId: after.id, from: task.status, to: after.status });
        unit.finalized.push({ taskId: after.id, status: after.status, template: { namespace: task.namespace, name: task.name }, parentTaskId: task.parent_task_id });
        task.status = after.status;
    }
    for (const index of oneByOne)
        results.set(index, await completeStep(unit, reqs[index], templates));
    return reqs.map((req, index) => results.get(index) ?? plainResult.get(req.stepId));
}
async function propagateFanIn(unit, task, id, name) {
    const fanIn = await completeFanIn(unit.tx, id);
    unit.log({ taskId: task.id, stepName: name, from: 'pending', to: 'complete', reason: `all ${fanIn.count} instances complete` });
    return 1 + (await propagate(unit, task, [{ id, name, skipped: false }]));
}
//# sourceMappingURL=complete-batch.js.map