import type { StepError } from '../domain/types.js';
import type { StepRow, TaskRow } from '../store/rows.js';
import type { TaskUnit } from './task-unit.js';
import type { TemplateRegistry } from './template-registry.js';
/** What a completed step asks of the graph beyond releasing its dependents. */
export type DynamicOutcome = {
    kind: 'none';
} | {
    kind: 'invalid';
    error: StepError;
} | {
    kind: 'skipped';
    ids: number[];
    names: string[];
} | {
    kind: 'expanded';
    instances: number;
};
/**
 * A decision step's output `{activate: [names]}` chooses among its direct
 * dependents; the others are skipped here, and what depends only on skipped
 * steps is skipped as the release propagates.
 */
export declare function applyDecision(unit: TaskUnit, task: TaskRow, step: StepRow): Promise<DynamicOutcome>;
/**
 * A fan-out step's items become instances of `fan_out.each`, one per chunk of
 * `batch_size`, all created in this transaction; the `each` step itself waits
 * for all of them and then completes with their outputs in order.
 */
export declare function expandFanOut(unit: TaskUnit, task: TaskRow, step: StepRow, templates: TemplateRegistry): Promise<DynamicOutcome>;
