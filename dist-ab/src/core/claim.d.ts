import type { JsonObject, JsonValue } from '../domain/types.js';
import type { Db } from '../store/db.js';
import { type ClaimRequest } from '../store/leases.js';
import type { FlowClaimer } from './flow-claims.js';
import { type CommitObservers } from './observers.js';
import { type TaskUnit } from './task-unit.js';
import type { TemplateRegistry } from './template-registry.js';
/** What a worker receives for one attempt (DESIGN §4 claim answer). */
export interface Execution {
    execution_id: string;
    lease_id: string;
    handler: string;
    params: JsonObject;
    results: Record<string, JsonValue>;
    context: JsonObject;
    attempt: number;
    max_attempts: number;
    /** Per-attempt deadline (ISO), or null when the step has no timeout. */
    deadline: string | null;
    lease_expires_at: string;
    checkpoint: JsonValue | null;
    /** For a fan-out instance: its index, the number of instances, and its slice of the items. */
    fan_out: {
        index: number;
        count: number;
        items: JsonValue[];
    } | null;
    task: {
        id: string;
        namespace: string;
        name: string;
        version: string;
    };
    step: string;
    /** The task's correlation id: its submission's x-request-id (or a library caller's), else the task id. */
    correlation_id: string;
}
/** One claimed attempt, as claim observers see it. */
export interface ClaimObservation {
    taskId: string;
    step: string;
    handler: string;
    workerId: string;
    /** Time the step waited visible in `ready` (database clock). */
    queueWaitMs: number;
}
/** A claim made inside another transaction; `afterCommit` must run once that transaction commits. */
export interface PendingClaim {
    executions: Execution[];
    afterCommit(): Promise<void>;
}
/**
 * Claims inside the transaction of `unit` (the one that completes a worker's
 * previous steps, so the steps those completions released go straight to it).
 * Observers hear of the claim, and unresolvable steps are failed, only after
 * the commit: call `afterCommit`.
 */
export declare function claimInTransaction(db: Db, unit: TaskUnit, templates: TemplateRegistry, req: ClaimRequest, observers?: CommitObservers): Promise<PendingClaim>;
/**
 * Claims ready steps and prepares them for handlers. A step whose references
 * cannot be resolved fails permanently instead of reaching a handler.
 */
export declare function claimExecutions(db: Db, templates: TemplateRegistry, req: ClaimRequest, observers?: CommitObservers, flow?: FlowClaimer): Promise<Execution[]>;
/**
 * The executions an earlier try of claim call `claimId` took, for a retry
 * whose first answer was lost (see `replayClaim`); empty when there are none.
 */
export declare function replayExecutions(db: Db, templates: TemplateRegistry, req: {
    workerId: string;
    claimId: string;
    leaseMs: number;
}, observers?: CommitObservers): Promise<Execution[]>;
