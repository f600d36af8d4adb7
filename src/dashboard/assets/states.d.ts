/**
 * Types of `states.js`, which the server generates at run time from the domain's
 * state sets (src/dashboard/plugin.ts `statesModule`), for the dashboard's check.
 */
import type { StepState, TaskStatus } from '../../domain/types.js';

export declare const TASK_STATUSES: TaskStatus[];
export declare const STEP_STATES: StepState[];
export declare const TERMINAL_TASK_STATUSES: Set<TaskStatus>;
export declare const TERMINAL_STEP_STATES: Set<StepState>;
