import type { JsonObject, JsonValue } from '../domain/types.js';
import type { Queryable } from './db.js';
export interface ClaimRequest {
    workerId: string;
    handlers: string[];
    labels: Record<string, string>;
    limit: number;
    leaseMs: number;
    /**
     * The caller's id for this claim call (a UUID it makes per call and reuses
     * on the call's retries), stored on the steps the claim takes. A retry whose
     * first try committed but whose answer was lost gets back the steps that try
     * took (`replayClaim`) instead of taking more: they do not wait out their
     * lease (issue #12). @default none
     */
    claimId?: string;
    /**
     * Look first for the steps an earlier try with `claimId` took. A caller that
     * knows the id is new (it has not sent it before) passes false and saves the
     * statement. @default true when `claimId` is given
     */
    replay?: boolean;
}
export interface ClaimedStep {
    id: number;
    task_id: string;
    name: string;
    handler: string;
    kind: string;
    attempts: number;
    max_attempts: number;
    params: JsonObject;
    lease_id: string;
    lease_expires_at: Date;
    deadline_at: Date | null;
    checkpoint: JsonValue | null;
    template_step: string | null;
    fan_out: {
        index: number;
        count: number;
        items: JsonValue[];
    } | null;
    template_id: number;
    namespace: string;
    task_name: string;
    version: string;
    context: JsonObject;
    /** The task's correlation id (tasks.correlation_id, else the task's id). */
    correlation_id: string;
    /** How long the step waited visible in `ready` before this claim (database clock), for metrics. */
    queue_wait_ms: number;
}
/**
 * What every claim statement does with the steps its `picked` CTE locked:
 * leases them, counts the attempt, logs ready->running, promotes the tasks and
 * returns the claimed rows. Parameters $1-$7 as `claimSteps` passes them.
 */
export declare const CLAIM_TAIL = "leased AS (\n       SELECT p.id, l.lease_id FROM (SELECT id, row_number() OVER () AS n FROM picked) p\n       JOIN unnest($6::uuid[]) WITH ORDINALITY AS l(lease_id, n) ON l.n = p.n\n     ), claimed AS (\n       UPDATE steps s SET state = 'running', attempts = s.attempts + 1, lease_id = leased.lease_id,\n         lease_expires_at = clock_timestamp() + $4 * interval '1 millisecond',\n         deadline_at = CASE WHEN s.timeout_ms IS NULL THEN NULL ELSE clock_timestamp() + s.timeout_ms * interval '1 millisecond' END,\n         worker_id = $5, started_at = clock_timestamp(), finished_at = NULL, claim_id = $7::uuid\n       FROM leased\n       WHERE s.id = ANY(ARRAY(SELECT id FROM picked)) AND s.id = leased.id\n       RETURNING s.*\n     ), logged AS (\n       INSERT INTO transitions (task_id, step_name, from_state, to_state, attempt, worker_id)\n       SELECT task_id, name, 'ready', 'running', attempts, worker_id FROM claimed\n     ), promotable AS (\n       SELECT id, status FROM tasks WHERE id = ANY(ARRAY(SELECT task_id FROM claimed)) AND status IN ('pending', 'waiting_for_retry')\n       FOR UPDATE SKIP LOCKED\n     ), started AS (\n       UPDATE tasks t SET status = 'running', started_at = coalesce(t.started_at, clock_timestamp())\n       FROM promotable p WHERE t.id = ANY(ARRAY(SELECT id FROM promotable)) AND t.id = p.id\n       RETURNING t.id, p.status AS from_status\n     ), logged_started AS (\n       INSERT INTO transitions (task_id, from_state, to_state, reason)\n       SELECT id, from_status, 'running', CASE from_status WHEN 'pending' THEN 'first step claimed' ELSE 'retry claimed' END FROM started\n     )\n     SELECT c.id, c.task_id, c.name, c.handler, c.kind, c.attempts, c.max_attempts, c.params, c.lease_id,\n            c.lease_expires_at, c.deadline_at, c.checkpoint, c.template_step, c.fan_out, t.template_id, t.namespace, t.name AS task_name,\n            t.version, t.context, coalesce(t.correlation_id, t.id::text) AS correlation_id, greatest(0, extract(epoch FROM c.started_at - c.visible_at) * 1000)::float8 AS queue_wait_ms\n     -- Row by row through the primary key (OFFSET 0 keeps the planner from\n     -- turning this into a hash join over every task).\n     FROM claimed c CROSS JOIN LATERAL (SELECT * FROM tasks WHERE id = c.task_id OFFSET 0) t\n     ORDER BY c.priority DESC, c.visible_at, c.id";
/**
 * Claims up to `limit` ready steps in one statement: picks by priority then
 * age with SKIP LOCKED, takes a fresh lease (`newLeaseIds`), counts the attempt at claim time
 * (sidekiq#4069), logs ready→running, and promotes the owning tasks to running (from
 * `pending`, or from `waiting_for_retry` when the claimed step is a retry)
 * (SKIP LOCKED there too: a task locked by a completion is promoted by it).
 */
export declare function claimSteps(db: Queryable, req: ClaimRequest): Promise<ClaimedStep[]>;
/**
 * The steps an earlier try of this claim call took (`claimId`), still running
 * under this worker: what a retry answers when the first try committed and its
 * answer was lost (issue #12). Same rows as `claimSteps` returns, same lease
 * ids; the leases are extended as a heartbeat would, since the worker learns of
 * them only now. Nothing else changes: no attempt counted, nothing logged. Empty
 * when that try took nothing, or its steps have moved on (completed, expired,
 * cancelled, re-claimed: a later claim overwrites `claim_id`).
 */
export declare function replayClaim(db: Queryable, req: {
    workerId: string;
    claimId: string;
    leaseMs: number;
}): Promise<ClaimedStep[]>;
/**
 * Lease ids: 128 random bits each from the operating system's CSPRNG, in
 * UUID form for the column (`gen_random_uuid()` would give 122).
 */
export declare function newLeaseIds(count: number): string[];
export interface LeaseRef {
    stepId: number;
    leaseId: string;
}
/** Extends the leases still held; returns the ids that were extended (the rest are lost). */
export declare function extendLeases(db: Queryable, leases: LeaseRef[], leaseMs: number): Promise<Set<number>>;
/**
 * Gives leases back without counting the attempt (graceful shutdown): the
 * steps are ready at once for another worker.
 */
export declare function releaseLeases(db: Queryable, leases: LeaseRef[]): Promise<{
    id: number;
    task_id: string;
    name: string;
    attempts: number;
}[]>;
/** Running steps whose lease has expired (their worker is presumed dead). */
export declare function findExpiredLeases(db: Queryable, limit: number): Promise<LeaseRef[]>;
/** Running steps past their per-attempt deadline by more than `graceMs`. */
export declare function findOverdueSteps(db: Queryable, graceMs: number, limit: number): Promise<LeaseRef[]>;
/** Records a progress event on the task's log, only for the current lease. Returns false on a stale lease. */
export declare function insertProgress(db: Queryable, lease: LeaseRef, data: JsonValue): Promise<{
    taskId: string;
} | null>;
/** The earliest time a ready step for these handlers becomes visible (to sleep until a backoff ends). */
export declare function nextVisibleAt(db: Queryable, handlers: string[]): Promise<Date | null>;
