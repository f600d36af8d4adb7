import { CANCELLABLE_STEP_STATES, DONE_STEP_STATES, LIVE_STEP_STATES, LIVE_TASK_STATUSES, SETTLED_STEP_STATES, SKIPPABLE_STEP_STATES, TERMINAL_TASK_STATUSES, } from '../domain/state-machine.js';
/**
 * The domain's state sets as SQL list text, for `state IN (...)`: the store's
 * statements take their state lists from `domain/state-machine.ts` rather than
 * restating them. Literal text (not parameters) so that the planner can still
 * match the partial indexes whose predicates name the same lists.
 */
export function sqlList(states) {
    for (const s of states)
        if (!/^[a-z_]+$/.test(s))
            throw new Error(`not a state name: ${JSON.stringify(s)}`);
    return states.map((s) => `'${s}'`).join(', ');
}
/** `'pending', 'running', 'waiting_for_retry'` */
export const LIVE_TASKS = sqlList(LIVE_TASK_STATUSES);
/** `'complete', 'error', 'cancelled', 'timed_out'` */
export const TERMINAL_TASKS = sqlList(TERMINAL_TASK_STATUSES);
/** `'pending', 'ready', 'running', 'waiting'` */
export const LIVE_STEPS = sqlList(LIVE_STEP_STATES);
/** `'complete', 'resolved'`: steps whose output downstream steps may use. */
export const DONE_STEPS = sqlList(DONE_STEP_STATES);
/** `'complete', 'resolved', 'skipped'`: steps that release their dependents. */
export const SETTLED_STEPS = sqlList(SETTLED_STEP_STATES);
/** `'pending', 'ready', 'waiting'`: steps that may still be skipped. */
export const SKIPPABLE_STEPS = sqlList(SKIPPABLE_STEP_STATES);
/** `'pending', 'ready', 'running', 'waiting'`: steps a cancel ends. */
export const CANCELLABLE_STEPS = sqlList(CANCELLABLE_STEP_STATES);
//# sourceMappingURL=state-sql.js.map