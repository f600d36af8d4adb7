import type { JsonValue, StepError } from '../domain/types.js';
import type { StepRow, TaskRow } from '../store/rows.js';
import { type StepRef } from '../store/waits.js';
import type { TaskUnit } from './task-unit.js';
import { type ChildContext } from './children.js';
/** How a wait ended. */
export type WaitEnd = {
    to: 'complete';
    output: JsonValue;
    reason: string;
    actor?: string | null;
} | {
    to: 'error';
    error: StepError;
} | {
    to: 'skipped';
    reason: string;
};
/** Ends a waiting step the caller has locked: completes, fails or skips it, releases what follows, settles the task. */
export declare function endWait(unit: TaskUnit, task: TaskRow, step: StepRow, end: WaitEnd): Promise<void>;
/**
 * ready -> waiting for a worker-less step: resolves its spec, stores its wait
 * and timer, and ends it at once when what it waits for is already there (a
 * signal sent early, a kept event, an `until` in the past). Returns false when
 * another process got there first.
 */
export declare function startWaiting(unit: TaskUnit, ref: StepRef, ctx: ChildContext): Promise<boolean>;
/** A waiting step's timer fired: a sleep completes with `{slept_until}`; a wait times out by its `on_timeout`. */
export declare function wakeStep(unit: TaskUnit, ref: StepRef): Promise<boolean>;
/** Delivers an external event to one waiting step; false when the step stopped waiting first. */
export declare function deliverEvent(unit: TaskUnit, ref: StepRef, event: {
    id: number;
    name: string;
    payload: JsonValue;
}): Promise<boolean>;
