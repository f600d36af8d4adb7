import { BatonError } from '../errors.js';
import { completeFanIn } from '../store/dynamic-steps.js';
import { listEdges, listSteps, reopenStep, resolveStepRow, unskipStep } from '../store/steps.js';
import { lockTask, setTaskStatus } from '../store/tasks.js';
import { LIVE_TASK_STATUSES } from '../domain/state-machine.js';
import { propagate, settle, syncBackoffStatus } from './outcomes.js';
import { cancelChildren } from './children.js';
const DONE = ['complete', 'resolved'];
async function lockLiveOrErroredTask(unit, taskId) {
    const task = await lockTask(unit.tx, taskId);
    if (!task)
        throw new BatonError('not_found', `task ${taskId} does not exist`);
    if (!LIVE_TASK_STATUSES.includes(task.status) && task.status !== 'error') {
        throw new BatonError('conflict', `task ${taskId} is ${task.status}; only a running task or one that ended in error can be changed`);
    }
    return task;
}
/**
 * Steps skipped because of an error, whose blockers are gone now, go back to
 * pending (or ready): in dependency order, each counted against the current
 * states of its dependencies. Returns how many came back and which became ready.
 */
async function unskipUnblocked(unit, task, steps, actor) {
    const edges = await listEdges(unit.tx, task.id);
    const byId = new Map(steps.map((s) => [s.id, s]));
    const deps = new Map();
    for (const e of edges)
        deps.set(e.to_step, [...(deps.get(e.to_step) ?? []), e.from_step]);
    let reopened = 0;
    let settled = 0;
    // Steps are created in template order and instances after their fan-out, so id order is a topological order.
    for (const step of [...steps].sort((a, b) => a.id - b.id)) {
        if (step.state !== 'skipped' || step.skip_cause !== 'error')
            continue;
        const upstream = (deps.get(step.id) ?? []).map((id) => byId.get(id));
        const blocked = upstream.some((u) => u.state === 'error' || u.state === 'cancelled' || (u.state === 'skipped' && u.skip_cause === 'error'));
        if (blocked)
            continue;
        const done = upstream.filter((u) => DONE.includes(u.state)).length;
        const skippedByDecision = upstream.filter((u) => u.state === 'skipped').length;
        const pending = upstream.length - done - skippedByDecision;
        await unskipStep(unit.tx, step.id, pending, skippedByDecision);
        reopened++;
        step.state = pending === 0 ? 'ready' : 'pending';
        step.skip_cause = null;
        if (step.state === 'ready' && step.kind === 'fan_in') {
            await completeFanIn(unit.tx, step.id);
            step.state = 'complete';
            settled++;
            unit.log({ taskId: task.id, stepName: step.name, from: 'skipped', to: 'complete', reason: 'all instances done', actor });
            settled += await propagate(unit, task, [{ id: step.id, name: step.name, skipped: false }]);
            continue;
        }
        unit.log({ taskId: task.id, stepName: step.name, from: 'skipped', to: step.state, reason: 'unblocked by operator', actor });
        if (step.state === 'ready')
            unit.wake = true;
    }
    return { reopened, settled };
}
async function reopenTask(unit, task, actor) {
    if (task.status === 'error' && (await setTaskStatus(unit.tx, task.id, ['error'], 'running'))) {
        unit.log({ taskId: task.id, from: 'error', to: 'running', reason: 'reopened by operator', actor });
        task.status = 'running';
    }
}
function findNamed(steps, name, taskId) {
    const step = steps.find((s) => s.name === name);
    if (!step)
        throw new BatonError('not_found', `task ${taskId} has no step "${name}"`);
    return step;
}
/** Re-runs a step in `error` (attempts start again) and un-skips what it blocked; reopens the task. */
export async function retryStep(unit, action) {
    const task = await lockLiveOrErroredTask(unit, action.taskId);
    const steps = await listSteps(unit.tx, task.id);
    const step = findNamed(steps, action.step, task.id);
    if (step.state !== 'error') {
        throw new BatonError('conflict', `step "${step.name}" is ${step.state}; only a step in error can be retried`);
    }
    await reopenStep(unit.tx, step.id);
    step.state = 'ready';
    unit.log({ taskId: task.id, stepName: step.name, from: 'error', to: 'ready', reason: 'retried by operator', actor: action.actor });
    unit.wake = true;
    await reopenTask(unit, task, action.actor);
    const { reopened, settled } = await unskipUnblocked(unit, task, steps, action.actor);
    await settle(unit, task, settled - reopened - 1, -1);
    await syncBackoffStatus(unit, task);
}
/** Marks a step in `error` (or stuck in `ready`, or `waiting` for a signal, event or time) resolved with an output; its dependents go on. */
export async function resolveStep(unit, action) {
    const task = await lockLiveOrErroredTask(unit, action.taskId);
    const steps = await listSteps(unit.tx, task.id);
    const step = findNamed(steps, action.step, task.id);
    if (step.state !== 'error' && step.state !== 'ready' && step.state !== 'waiting') {
        throw new BatonError('conflict', `step "${step.name}" is ${step.state}; only a step in error, ready or waiting can be resolved`);
    }
    const wasError = step.state === 'error';
    // A waiting workflow step's child is not needed any more.
    await cancelChildren(unit, task.id, [{ from: step.state, kind: step.kind, wait_key: step.wait_key }], `resolved step ${step.name}`);
    await resolveStepRow(unit.tx, step.id, action.output);
    unit.log({ taskId: task.id, stepName: step.name, from: step.state, to: 'resolved', reason: 'resolved by operator', actor: action.actor, data: action.output });
    step.state = 'resolved';
    step.output = action.output;
    await reopenTask(unit, task, action.actor);
    let settled = wasError ? 0 : 1;
    settled += await propagate(unit, task, [{ id: step.id, name: step.name, skipped: false }]);
    const unskipped = await unskipUnblocked(unit, task, steps, action.actor);
    settled += unskipped.settled;
    await settle(unit, task, settled - unskipped.reopened, wasError ? -1 : 0);
    await syncBackoffStatus(unit, task);
}
//# sourceMappingURL=operator.js.map