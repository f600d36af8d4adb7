/**
 * The domain's state sets as SQL list text, for `state IN (...)`: the store's
 * statements take their state lists from `domain/state-machine.ts` rather than
 * restating them. Literal text (not parameters) so that the planner can still
 * match the partial indexes whose predicates name the same lists.
 */
export declare function sqlList(states: readonly string[]): string;
/** `'pending', 'running', 'waiting_for_retry'` */
export declare const LIVE_TASKS: string;
/** `'complete', 'error', 'cancelled', 'timed_out'` */
export declare const TERMINAL_TASKS: string;
/** `'pending', 'ready', 'running', 'waiting'` */
export declare const LIVE_STEPS: string;
/** `'complete', 'resolved'`: steps whose output downstream steps may use. */
export declare const DONE_STEPS: string;
/** `'complete', 'resolved', 'skipped'`: steps that release their dependents. */
export declare const SETTLED_STEPS: string;
/** `'pending', 'ready', 'waiting'`: steps that may still be skipped. */
export declare const SKIPPABLE_STEPS: string;
/** `'pending', 'ready', 'running', 'waiting'`: steps a cancel ends. */
export declare const CANCELLABLE_STEPS: string;
