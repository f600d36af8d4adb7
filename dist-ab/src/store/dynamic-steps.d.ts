import type { Queryable } from './db.js';
/** Statements for decision and fan-out steps. */
/** Skips the named pending steps (a decision did not choose them). */
export declare function skipByDecision(db: Queryable, taskId: string, ids: number[]): Promise<{
    id: number;
    name: string;
}[]>;
/** The direct dependents of a step. */
export declare function dependentsOf(db: Queryable, stepId: number): Promise<{
    id: number;
    name: string;
    template_step: string | null;
}[]>;
/** Completes a fan-in step with its instances' outputs, in item order. */
export declare function completeFanIn(db: Queryable, stepId: number): Promise<{
    name: string;
    count: number;
}>;
/** A fan-in step waits for `instances` more dependencies (its instances, about to be created). */
export declare function expectInstances(db: Queryable, stepId: number, instances: number): Promise<void>;
/** A fan-out added `count` steps to its task: they count toward the steps left before it finishes. */
export declare function addRemainingSteps(db: Queryable, taskId: string, count: number): Promise<void>;
