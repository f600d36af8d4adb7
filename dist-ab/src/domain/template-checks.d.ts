import type { IssueCollector } from './template-issues.js';
/** Options for checkTemplateRules. */
export interface TemplateRuleOptions {
    /** Handler names known to exist; when absent, handlers are not checked. */
    knownHandlers?: ReadonlySet<string>;
    /** Past this many steps the upstream part of the reference check is skipped (the cap rejects the template anyway). */
    maxSteps: number;
}
/**
 * Runs the cross-field rules over a raw template, adding each problem to
 * `issues`. Safe on any input: malformed parts are skipped (the shape check
 * reports them).
 */
export declare function checkTemplateRules(input: unknown, issues: IssueCollector, options: TemplateRuleOptions): void;
