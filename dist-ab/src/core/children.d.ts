import type { WorkflowSpec } from '../domain/types.js';
import type { Db } from '../store/db.js';
import type { StepRow, TaskRow } from '../store/rows.js';
import type { TaskUnit } from './task-unit.js';
import type { TemplateRegistry } from './template-registry.js';
import type { WaitEnd } from './waiting.js';
/** What starting a child needs beyond the unit: the database (its transaction joins the unit's), the templates and the depth cap. */
export interface ChildContext {
    db: Db;
    templates: TemplateRegistry;
    maxDepth: number;
}
/**
 * Starts the child of a ready workflow step and moves the step to waiting for
 * it, in one transaction: a transaction retried after a conflict starts the
 * child again from nothing, so no child is ever started twice. Returns
 * how the step ends at once when the child cannot start (too deep, unknown
 * template, a context its input schema refuses), else null.
 */
export declare function startChild(unit: TaskUnit, ctx: ChildContext, task: TaskRow, step: StepRow, spec: WorkflowSpec): Promise<WaitEnd | null>;
/**
 * A workflow step woken by its child: completes with the child's outputs, or
 * fails. A failed child is retried by the step's policy (back to ready after
 * the backoff: a new child starts); the last failure is the step's error.
 * Returns how the step ends, or null when it was handled (retried, or woken
 * while its child still runs).
 */
export declare function childSettled(unit: TaskUnit, task: TaskRow, step: StepRow): Promise<WaitEnd | null>;
/** Cancels the children of workflow steps that stopped waiting (cancelled, skipped or resolved), and theirs, in this unit. */
export declare function cancelChildren(unit: TaskUnit, parentId: string, stopped: {
    from: string;
    kind: string;
    wait_key: string | null;
}[], why: string): Promise<void>;
