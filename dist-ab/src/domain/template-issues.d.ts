/**
 * Problems found in a template, collected so that one error lists them all.
 * Every message names the step (when there is one) and the field.
 */
import { BatonError } from '../errors.js';
/** One problem in a template. */
export interface TemplateIssue {
    /** Where, in the template as written: `steps[2].retry.max_attempts`, `name`, `` for the whole template. */
    path: string;
    /** The step's name, when the problem is inside a step that has one. */
    step?: string;
    /** Self-contained: `step "charge": retry.max_attempts must be an integer between 1 and 1000`. */
    message: string;
}
/** A path into the raw template: object keys and array indexes. */
export type IssuePath = readonly PropertyKey[];
/** `['steps', 2, 'retry', 'max_attempts']` -> `steps[2].retry.max_attempts`. */
export declare function formatIssuePath(path: IssuePath): string;
/** `ns/name@version` from whatever of the three the raw template has; '' when none. */
export declare function templateLabel(input: unknown): string;
/** Collects issues against one raw template and builds the single error. */
export declare class IssueCollector {
    private readonly entries;
    private readonly stepNames;
    constructor(input: unknown);
    /**
     * Records a problem. `text` continues the field's name: `add(['steps', 2,
     * 'handler'], 'is required')` gives `step "charge": handler is required`.
     */
    add(path: IssuePath, text: string): void;
    private push;
    /** Number of issues so far. */
    get size(): number;
    /** Issues ordered by position: template-level first, then by step (stable within each). */
    issues(): TemplateIssue[];
}
/**
 * The one error for an invalid template: its message names the template and
 * spells out the first issues; `details.issues` lists every one.
 *
 * @example message: `template shop/order@1.0.0: step "charge": retry.max_attempts must be an integer between 1 and 1000`
 */
export declare function createTemplateError(label: string, issues: TemplateIssue[]): BatonError;
