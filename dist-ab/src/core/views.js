import { placementProblem } from '../domain/placement.js';
import { resolveParams } from '../domain/references.js';
import { waitingView } from '../domain/waits.js';
import { concurrencyWaitReason, rateLimitWaitReason } from '../domain/concurrency.js';
const iso = (d) => (d ? d.toISOString() : null);
export function toStepView(row, dependsOn, waitingReason = null) {
    return {
        ...(waitingReason ? { waiting_reason: waitingReason } : {}),
        name: row.name,
        handler: row.handler,
        kind: row.kind,
        state: row.state,
        attempts: row.attempts,
        max_attempts: row.max_attempts,
        depends_on: dependsOn,
        params: row.params,
        output: row.output,
        error: row.error,
        labels: row.labels,
        visible_at: row.state === 'ready' ? iso(row.visible_at) : null,
        started_at: iso(row.started_at),
        finished_at: iso(row.finished_at),
        worker: row.worker_id,
        ...(row.state === 'waiting' ? { waiting: waitingView(row.wait_for, row.wait_key, row.wake_at) } : {}),
    };
}
export function toTaskView(row) {
    return {
        id: row.id,
        namespace: row.namespace,
        name: row.name,
        version: row.version,
        status: row.status,
        context: row.context,
        priority: row.priority,
        tags: row.tags,
        idempotency_key: row.idempotency_key,
        correlation_id: row.correlation_id ?? row.id,
        run_at: iso(row.run_at),
        deadline_at: iso(row.deadline_at),
        created_at: row.created_at.toISOString(),
        started_at: iso(row.started_at),
        finished_at: iso(row.finished_at),
        parent_task_id: row.parent_task_id ?? null,
        parent_step: row.parent_step ?? null,
    };
}
export function toChildView(row) {
    return { id: row.id, step: row.parent_step, namespace: row.namespace, name: row.name, version: row.version, status: row.status, created_at: row.created_at.toISOString() };
}
/**
 * A task with every step: dependencies by name, params resolved as the
 * handler saw them once its dependencies are done, and for a ready step that
 * none of `workers` can take, why.
 */
export function toTaskDetail(task, steps, edges, workers, flow = { runningByKey: new Map(), windowRoom: new Map() }) {
    const nameById = new Map(steps.map((s) => [s.id, s.name]));
    const deps = new Map();
    for (const e of edges)
        deps.set(e.to_step, [...(deps.get(e.to_step) ?? []), nameById.get(e.from_step)]);
    const outputs = {};
    for (const s of steps)
        if (s.state === 'complete' || s.state === 'resolved')
            outputs[s.name] = s.output;
    const shownParams = (s) => {
        if (s.state === 'pending' || s.state === 'skipped')
            return s.params;
        try {
            return resolveParams(s.params, { context: task.context, steps: outputs });
        }
        catch {
            return s.params;
        }
    };
    return {
        ...toTaskView(task),
        steps: steps.map((s) => ({
            // A worker-less step (empty handler) is started by the engine, never placed on a worker.
            ...toStepView(s, deps.get(s.id) ?? [], s.state === 'ready' && s.handler !== '' ? readyProblem(s, workers, flow) : null),
            params: shownParams(s),
        })),
    };
}
/** Why a ready step is not running: no worker can take it, its concurrency key is at its limit, or its rate limit is used up. */
function readyProblem(step, workers, flow) {
    const placement = placementProblem(step, workers);
    if (placement !== null)
        return placement;
    if (step.concurrency_key !== null && step.concurrency_limit !== null) {
        return concurrencyWaitReason(step.concurrency_key, step.concurrency_limit, flow.runningByKey.get(step.concurrency_key) ?? 0);
    }
    if (step.rate_limit_name !== null) {
        const key = step.rate_limit_key ?? '';
        return rateLimitWaitReason(step.rate_limit_name, key, flow.windowRoom.get(`${step.rate_limit_name}\u0000${key}`) ?? null);
    }
    return null;
}
export function toRateLimitView(row) {
    return { name: row.name, limit: row.limit, per_ms: row.per_ms, updated_at: row.updated_at.toISOString() };
}
export function toTemplateView(row, withDefinition) {
    return {
        namespace: row.namespace,
        name: row.name,
        version: row.version,
        description: row.definition.description ?? null,
        digest: row.digest,
        created_at: row.created_at.toISOString(),
        ...(withDefinition ? { definition: row.definition } : {}),
    };
}
export function toEventView(row) {
    return {
        id: row.id,
        type: row.kind,
        task_id: row.task_id,
        step: row.step_name,
        from: row.from_state,
        to: row.to_state,
        attempt: row.attempt,
        reason: row.reason,
        worker: row.worker_id,
        actor: row.actor,
        data: row.data,
        at: row.at.toISOString(),
    };
}
//# sourceMappingURL=views.js.map