import type { JsonValue } from '../domain/types.js';
import type { TaskUnit } from './task-unit.js';
export interface OperatorAction {
    taskId: string;
    step: string;
    actor: string | null;
}
/** Re-runs a step in `error` (attempts start again) and un-skips what it blocked; reopens the task. */
export declare function retryStep(unit: TaskUnit, action: OperatorAction): Promise<void>;
/** Marks a step in `error` (or stuck in `ready`, or `waiting` for a signal, event or time) resolved with an output; its dependents go on. */
export declare function resolveStep(unit: TaskUnit, action: OperatorAction & {
    output: JsonValue;
}): Promise<void>;
