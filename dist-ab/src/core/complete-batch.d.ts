import { type CompleteRequest, type ReportResult } from './outcomes.js';
import type { TaskUnit } from './task-unit.js';
import type { TemplateRegistry } from './template-registry.js';
/**
 * Completes many steps in one transaction with a fixed number of statements,
 * whatever the batch size: one commit (one fsync) is shared by every step, which
 * is what lets a worker go past the one-commit-per-step ceiling. Guarantees are
 * those of `completeStep`: task locks first (in id order), every completion
 * fenced by its own lease, dependents released and tasks finalized in the same
 * transaction. Decision and fan-out steps take the one-at-a-time path.
 */
export declare function completeSteps(unit: TaskUnit, reqs: CompleteRequest[], templates: TemplateRegistry): Promise<ReportResult[]>;
