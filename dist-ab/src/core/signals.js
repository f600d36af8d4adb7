import { compileInputSchema } from '../domain/input-schema.js';
import { LIVE_TASK_STATUSES } from '../domain/state-machine.js';
import { BatonError } from '../errors.js';
import { lockTask } from '../store/tasks.js';
import { findEventWaiters, findSignal, insertEvent, insertSignal, lockSignalStep, takeSignal } from '../store/waits.js';
import { inTaskTransaction } from './task-unit.js';
import { deliverEvent, endWait } from './waiting.js';
const validators = new Map();
/** A payload's schema violations; compiled validators are kept by schema text (a template's schemas are few and immutable). */
function payloadProblems(schema, payload) {
    const text = JSON.stringify(schema);
    let validate = validators.get(text);
    if (!validate) {
        validate = compileInputSchema(schema);
        if (validators.size > 1000)
            validators.clear();
        validators.set(text, validate);
    }
    if (validate(payload))
        return [];
    return (validate.errors ?? []).map((e) => ({ path: e.instancePath, message: `payload${e.instancePath} ${e.message ?? 'is invalid'}` }));
}
/**
 * Sends signal `name` to a task: completes the step waiting for it, or keeps
 * it for that step. The first signal of a name wins; a repeat with its
 * idempotency key is a harmless duplicate, anything else a conflict.
 *
 * @throws BatonError `not_found` (no such task, or no step of it waits for `name`),
 *   `invalid_signal` (the payload fails the step's schema; nothing is recorded),
 *   `conflict` (the task finished, the step stopped waiting, or the name was already signalled).
 */
export async function sendSignal(unit, req) {
    const task = await lockTask(unit.tx, req.taskId);
    if (!task)
        throw new BatonError('not_found', `task ${req.taskId} does not exist`);
    const step = await lockSignalStep(unit.tx, task.id, req.name);
    if (!step) {
        throw new BatonError('not_found', `task ${task.id} (${task.namespace}/${task.name}) has no step waiting for signal "${req.name}"; check the signal name in its template`, {
            details: { task_id: task.id, signal: req.name },
        });
    }
    const answer = (status) => ({ task_id: task.id, signal: req.name, step: step.name, status });
    const key = req.idempotencyKey ?? null;
    if (!LIVE_TASK_STATUSES.includes(task.status)) {
        if (key !== null && (await findSignal(unit.tx, task.id, req.name))?.idempotency_key === key)
            return answer('duplicate');
        throw new BatonError('conflict', `task ${task.id} is ${task.status}; a finished task takes no signals`, { details: { task_id: task.id, status: task.status } });
    }
    const spec = step.params;
    if (spec.schema) {
        const errors = payloadProblems(spec.schema, req.payload);
        if (errors.length > 0) {
            throw new BatonError('invalid_signal', `the payload of signal "${req.name}" does not match step "${step.name}"'s schema: ${errors[0].message}; the step keeps waiting`, {
                details: { errors },
            });
        }
    }
    const { row, inserted } = await insertSignal(unit.tx, { taskId: task.id, name: req.name, payload: req.payload, idempotencyKey: key, actor: req.actor ?? null });
    if (!inserted) {
        if (key !== null && row.idempotency_key === key)
            return answer('duplicate');
        throw new BatonError('conflict', `task ${task.id} already received signal "${req.name}" (the first one wins); repeat a signal safely by sending it with the same idempotency_key`, {
            details: { task_id: task.id, signal: req.name, received_at: row.created_at.toISOString() },
        });
    }
    if (step.state !== 'waiting' && step.state !== 'pending' && step.state !== 'ready') {
        throw new BatonError('conflict', `step "${step.name}" of task ${task.id} is ${step.state}; it no longer waits for signal "${req.name}"`, {
            details: { task_id: task.id, step: step.name, state: step.state },
        });
    }
    const status = step.state === 'waiting' ? 'delivered' : 'kept';
    unit.log({ taskId: task.id, stepName: step.name, kind: 'signal', reason: `signal "${req.name}" ${status}`, actor: req.actor ?? null, data: { signal: req.name, status } });
    if (status === 'delivered') {
        await takeSignal(unit.tx, task.id, req.name, step.name);
        await endWait(unit, task, step, { to: 'complete', output: req.payload, reason: `signal "${req.name}"`, actor: req.actor ?? null });
    }
    return answer(status);
}
/**
 * Stores an external event, then delivers it to every step waiting for its
 * name and key, each in its own task's transaction. Stored first, so a step
 * that starts waiting meanwhile finds it kept: no waiter misses it.
 */
export async function sendEvent(db, req, keepSeconds, observers) {
    const stored = await insertEvent(db, { name: req.name, key: req.key, payload: req.payload, idempotencyKey: req.idempotencyKey ?? null, keepSeconds });
    if (stored.duplicate)
        return { name: req.name, key: req.key, delivered: stored.delivered, kept: false, duplicate: true };
    let delivered = 0;
    for (const ref of await findEventWaiters(db, req.name, req.key)) {
        const { value } = await inTaskTransaction(db, (unit) => deliverEvent(unit, ref, { id: stored.id, name: req.name, payload: req.payload }), observers);
        if (value)
            delivered++;
    }
    return { name: req.name, key: req.key, delivered, kept: delivered === 0, duplicate: false };
}
//# sourceMappingURL=signals.js.map