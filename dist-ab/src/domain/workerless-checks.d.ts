import type { IssueCollector } from './template-issues.js';
/** Whether a raw step's kind needs no worker. */
export declare function isWorkerlessKind(kind: unknown): boolean;
/** A concurrency key is resolved at submission, from the context alone: no step has run yet. */
export declare function checkConcurrencyKey(key: unknown, at: (string | number)[], issues: IssueCollector): void;
/**
 * Checks every step's kind against its settings: a sleep, wait or workflow
 * step has its spec and none of a worker's settings; any other step has a
 * handler and no such spec. Two wait steps may not wait for one signal (which
 * one would it go to?); a fan-out may copy a handler or workflow step only;
 * a template may not start itself (`self`: its namespace and name).
 */
export declare function checkWorkerlessSteps(steps: readonly unknown[], issues: IssueCollector, self?: {
    namespace: unknown;
    name: unknown;
}): void;
