/**
 * Bulk cancel and retry by filter (DESIGN §8 "Bulk operations"), and the
 * dead-letter view. A run pages through the matching tasks, oldest first, in
 * batches; each task changes in its own transaction through the single-task
 * paths (`Engine.cancel`, the operator retry of each step in `error`), which
 * re-check the task under its lock. So a task that finished while the run was
 * under way is skipped, never changed twice, and one task's failure does not
 * undo the others'.
 */
import { LIVE_TASK_STATUSES } from '../domain/state-machine.js';
import { BatonError, isBatonError } from '../errors.js';
import { listFailureGroups } from '../store/failures.js';
import { listSteps } from '../store/steps.js';
import { countMatchingTasks, pageMatchingTaskIds, sampleMatchingTasks } from '../store/task-filters.js';
import { lockTask } from '../store/tasks.js';
import { retryStep } from './operator.js';
import { inTaskTransaction } from './task-unit.js';
/** Bounds of a bulk operation (docs/operations.md, "Cleaning up after an incident"). */
export const BulkLimits = {
    /** Tasks one call acts on when the request gives no `limit`. */
    defaultLimit: 10_000,
    /** The largest `limit` a request may give. */
    maxLimit: 100_000,
    /** Tasks per batch (one keyset page). */
    batchSize: 500,
    /** Tasks a dry run lists. */
    sampleSize: 20,
    /** Failures the answer lists (all are counted in `failed_count`). */
    failuresShown: 20,
};
/**
 * The statuses each action can change: cancel ends live tasks; retry reopens
 * a task with a step in `error`, which is either finished in `error` or still
 * live (its `on_failure: continue` let other steps go on).
 */
export const BULK_STATUSES = {
    cancel: LIVE_TASK_STATUSES,
    retry: ['error', ...LIVE_TASK_STATUSES],
};
/** The store's match for an action and a request's filter; a status the action cannot change is refused. */
export function matchFor(action, filter) {
    const eligible = BULK_STATUSES[action];
    const wrong = (filter.status ?? []).filter((s) => !eligible.includes(s));
    if (wrong.length > 0) {
        throw new BatonError('invalid_request', `filter.status: a bulk ${action} acts on tasks that are ${eligible.join(', ')}; not ${wrong.join(', ')}`, {
            details: { errors: wrong.map((s) => ({ path: `filter.status[${(filter.status ?? []).indexOf(s)}]`, message: `a ${action} cannot change a ${s} task` })) },
        });
    }
    return {
        statuses: filter.status !== undefined && filter.status.length > 0 ? [...new Set(filter.status)] : eligible,
        ...(filter.namespace === undefined ? {} : { namespace: filter.namespace }),
        ...(filter.name === undefined ? {} : { name: filter.name }),
        ...(filter.tag === undefined ? {} : { tag: filter.tag }),
        ...(filter.created_after === undefined ? {} : { createdAfter: filter.created_after }),
        ...(filter.created_before === undefined ? {} : { createdBefore: filter.created_before }),
        ...(filter.error_code === undefined ? {} : { errorCode: filter.error_code }),
        hasErrorStep: action === 'retry',
    };
}
/** What a run would act on; changes nothing. */
export async function previewBulk(engine, action, filter, limit = BulkLimits.defaultLimit) {
    const match = matchFor(action, filter);
    const { count, asOf } = await countMatchingTasks(engine.db, match);
    const sample = count === 0 ? [] : await sampleMatchingTasks(engine.db, { ...match, asOf }, Math.min(BulkLimits.sampleSize, limit));
    return { matched: count, limit, truncated: count > limit, sample };
}
/** Cancels, or retries, every matching task (up to `limit`), batch by batch. */
export async function runBulk(engine, action, filter, opts = {}) {
    const limit = opts.limit ?? BulkLimits.defaultLimit;
    const batchSize = opts.batchSize ?? BulkLimits.batchSize;
    const match = matchFor(action, filter);
    const { count, asOf } = await countMatchingTasks(engine.db, match);
    const result = { matched: count, changed: 0, skipped: 0, failed: [], failed_count: 0, batches: 0, truncated: false };
    const apply = action === 'cancel' ? cancelOne : retryOne;
    let cursor = null;
    let visited = 0;
    while (visited < limit) {
        const page = await pageMatchingTaskIds(engine.db, { ...match, asOf }, cursor, Math.min(batchSize, limit - visited));
        if (page.ids.length === 0)
            break;
        result.batches++;
        for (const id of page.ids) {
            try {
                if (await apply(engine, id, opts.actor ?? null))
                    result.changed++;
                else
                    result.skipped++;
            }
            catch (err) {
                result.failed_count++;
                if (result.failed.length < BulkLimits.failuresShown) {
                    result.failed.push({ task_id: id, code: isBatonError(err) ? err.code : 'internal', message: err instanceof Error ? err.message : String(err) });
                }
                engine.logger.warn({ err, taskId: id, action }, 'bulk operation could not change a task');
            }
        }
        visited += page.ids.length;
        cursor = page.next;
    }
    if (visited >= limit) {
        result.truncated = (await pageMatchingTaskIds(engine.db, { ...match, asOf }, cursor, 1)).ids.length > 0;
    }
    engine.logger.info({ action, matched: result.matched, changed: result.changed, skipped: result.skipped, failed: result.failed_count, batches: result.batches }, `bulk ${action} done`);
    return result;
}
/** Cancels one task; false when it had finished already (a race with its completion). */
async function cancelOne(engine, id, actor) {
    try {
        return (await engine.cancel(id, actor ?? undefined)).changed;
    }
    catch (err) {
        // Finished (complete or error) since it was matched: nothing to cancel.
        if (isBatonError(err, 'conflict'))
            return false;
        throw err;
    }
}
/**
 * Re-runs every step of the task in `error`, in one transaction (the operator
 * retry of each, so what they blocked reopens); false when the task has none
 * left or was cancelled meanwhile.
 */
async function retryOne(engine, id, actor) {
    const { value } = await inTaskTransaction(engine.db, async (unit) => {
        const task = await lockTask(unit.tx, id);
        if (task === null || !BULK_STATUSES.retry.includes(task.status))
            return false;
        const errored = (await listSteps(unit.tx, id)).filter((s) => s.state === 'error');
        for (const step of errored)
            await retryStep(unit, { taskId: id, step: step.name, actor });
        return errored.length > 0;
    }, engine.observers);
    return value;
}
/** The dead-letter view: errored tasks grouped by template, step and error code, largest groups first. */
export function listFailures(engine, filter) {
    return listFailureGroups(engine.db, filter);
}
//# sourceMappingURL=bulk-operations.js.map