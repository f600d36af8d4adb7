import { randomBytes } from 'node:crypto';
import type { JsonObject, JsonValue } from '../domain/types.js';
import { matchingLabelSets } from '../domain/placement.js';
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
  fan_out: { index: number; count: number; items: JsonValue[] } | null;
  template_id: number;
  namespace: string;
  task_name: string;
  version: string;
  context: JsonObject;
  /** The task's correlation id (tasks.correlation_id, else the task's id). */
  correlation_id: string;
  /** The task's stored W3C trace context (tasks.traceparent): the parent of the attempt's step span. */
  traceparent: string | null;
  /** How long the step waited visible in `ready` before this claim (database clock), for metrics. */
  queue_wait_ms: number;
}

/**
 * What every claim statement does with the steps its `picked` CTE locked:
 * leases them, counts the attempt, logs ready->running, promotes the tasks and
 * returns the claimed rows. Parameters $4-$7 as `claimSteps` passes them.
 */
export const CLAIM_TAIL = `leased AS (
       SELECT p.id, l.lease_id FROM (SELECT id, row_number() OVER () AS n FROM picked) p
       JOIN unnest($6::uuid[]) WITH ORDINALITY AS l(lease_id, n) ON l.n = p.n
     ), claimed AS (
       UPDATE steps s SET state = 'running', attempts = s.attempts + 1, lease_id = leased.lease_id,
         lease_expires_at = clock_timestamp() + $4 * interval '1 millisecond',
         deadline_at = CASE WHEN s.timeout_ms IS NULL THEN NULL ELSE clock_timestamp() + s.timeout_ms * interval '1 millisecond' END,
         worker_id = $5, started_at = clock_timestamp(), finished_at = NULL, claim_id = $7::uuid
       FROM leased
       WHERE s.id = ANY(ARRAY(SELECT id FROM picked)) AND s.id = leased.id
       RETURNING s.*
     ), logged AS (
       INSERT INTO transitions (task_id, step_name, from_state, to_state, attempt, worker_id)
       SELECT task_id, name, 'ready', 'running', attempts, worker_id FROM claimed
     ), promotable AS (
       SELECT id, status FROM tasks WHERE id = ANY(ARRAY(SELECT task_id FROM claimed)) AND status IN ('pending', 'waiting_for_retry')
       FOR UPDATE SKIP LOCKED
     ), started AS (
       UPDATE tasks t SET status = 'running', started_at = coalesce(t.started_at, clock_timestamp())
       FROM promotable p WHERE t.id = ANY(ARRAY(SELECT id FROM promotable)) AND t.id = p.id
       RETURNING t.id, p.status AS from_status
     ), logged_started AS (
       INSERT INTO transitions (task_id, from_state, to_state, reason)
       SELECT id, from_status, 'running', CASE from_status WHEN 'pending' THEN 'first step claimed' ELSE 'retry claimed' END FROM started
     )
     SELECT c.id, c.task_id, c.name, c.handler, c.kind, c.attempts, c.max_attempts, c.params, c.lease_id,
            c.lease_expires_at, c.deadline_at, c.checkpoint, c.template_step, c.fan_out, t.template_id, t.namespace, t.name AS task_name,
            t.version, t.context, coalesce(t.correlation_id, t.id::text) AS correlation_id, t.traceparent, greatest(0, extract(epoch FROM c.started_at - c.visible_at) * 1000)::float8 AS queue_wait_ms
     -- Row by row through the primary key (OFFSET 0 keeps the planner from
     -- turning this into a hash join over every task).
     FROM claimed c CROSS JOIN LATERAL (SELECT * FROM tasks WHERE id = c.task_id OFFSET 0) t
     ORDER BY c.priority DESC, c.visible_at, c.id`;

/**
 * Claims up to `limit` ready steps in one statement: picks by priority then
 * age with SKIP LOCKED, takes a fresh lease (`newLeaseIds`), counts the attempt at claim time
 * (sidekiq#4069), logs ready→running, and promotes the owning tasks to running (from
 * `pending`, or from `waiting_for_retry` when the claimed step is a retry)
 * (SKIP LOCKED there too: a task locked by a completion is promoted by it).
 *
 * It reads only the ranges of `steps_ready_handler_idx` it can claim from:
 * one per (handler, label set) pair of the worker's handlers and the label
 * sets it matches, up to `limit` steps from each (locked as they are read, so
 * concurrent claimers skip past each other), and keeps the best `limit` of
 * them, in priority order across ranges. A backlog of another handler, or of
 * steps whose labels the worker lacks, is never read (issue #18). The steps
 * read but not kept stay locked until the claim commits: other claimers skip
 * them meanwhile. The pairs are listed here when they are few (`DIRECT_RANGES`);
 * otherwise (many handlers, or more than `MAX_LISTED_LABELS` labels) the
 * statement finds the pairs that have ready steps with a loose index scan,
 * one probe per distinct pair.
 */
export async function claimSteps(db: Queryable, req: ClaimRequest): Promise<ClaimedStep[]> {
  if (req.handlers.length === 0) return [];
  const { direct, params } = readyRanges(req.handlers, req.labels);
  const { rows } = await db.query<ClaimedStep>(
    // Keyed steps (a concurrency key) are claimed by claimKeyedSteps, which counts each key's running steps;
    // rate-limited ones by claimRateLimitedSteps, which keeps each window's starts.
    `WITH ${direct ? '' : `RECURSIVE ${READY_PAIRS}, `}picked AS (
       SELECT c.id FROM ${direct ? 'unnest($1::text[], $2::jsonb[]) AS p(handler, labels)' : 'ready_pairs p'}
       CROSS JOIN LATERAL (
         SELECT s.id, s.priority, s.visible_at FROM steps s
         WHERE s.state = 'ready' AND s.handler = p.handler AND s.labels = p.labels AND s.visible_at <= clock_timestamp()
           AND s.concurrency_key IS NULL AND s.rate_limit_name IS NULL
         ORDER BY s.priority DESC, s.visible_at, s.id
         LIMIT $3
         FOR UPDATE OF s SKIP LOCKED
       ) c
       ${direct ? '' : 'WHERE p.handler = ANY($1::text[]) AND p.labels <@ $2::jsonb'}
       ORDER BY c.priority DESC, c.visible_at, c.id
       LIMIT $3
     ), ${CLAIM_TAIL}`,
    [...params, req.limit, req.leaseMs, req.workerId, newLeaseIds(req.limit), req.claimId ?? null],
    // Planning this statement is most of a small claim's cost (an idle worker
    // picking up one step); a large claim plans better with its own values.
    { prepare: req.limit <= SMALL_CLAIM },
  );
  return rows;
}

/** Up to this many (handler, label set) ranges are listed by the claim; past it, the claim finds the ranges that have ready steps. */
const DIRECT_RANGES = 16;

/**
 * The ranges of `steps_ready_handler_idx` a worker with `handlers` and
 * `labels` can claim from, as the first two parameters of a statement: when
 * `direct`, parallel arrays of handlers and label sets (jsonb text), one
 * element per range; otherwise (more than `DIRECT_RANGES` ranges) the
 * handlers and the worker's labels, for a filter (`labels <@ $2`).
 */
function readyRanges(handlers: string[], labels: Record<string, string>): { direct: boolean; params: [string[], string[] | string] } {
  const labelSets = matchingLabelSets(labels);
  // Each range once: a range read twice would hand its steps out twice over in `picked` (our own locks do not skip).
  const unique = [...new Set(handlers)];
  if (labelSets === null || unique.length * labelSets.length > DIRECT_RANGES) return { direct: false, params: [handlers, JSON.stringify(labels)] };
  const pairs = unique.flatMap((handler) => labelSets.map((set) => [handler, JSON.stringify(set)] as const));
  return { direct: true, params: [pairs.map(([handler]) => handler), pairs.map(([, set]) => set)] };
}

/**
 * The distinct (handler, label set) pairs that have ready steps, in index
 * order: a loose index scan of `steps_ready_handler_idx`, one probe per pair
 * however many steps share it (a claim filters them to its worker's).
 */
const READY_PAIRS = `ready_pairs(handler, labels) AS (
       (SELECT handler, labels FROM steps WHERE state = 'ready' ORDER BY handler, labels LIMIT 1)
       UNION ALL
       SELECT n.handler, n.labels FROM ready_pairs r CROSS JOIN LATERAL (
         SELECT s.handler, s.labels FROM steps s WHERE s.state = 'ready' AND (s.handler, s.labels) > (r.handler, r.labels)
         ORDER BY s.handler, s.labels LIMIT 1
       ) n
     )`;

/**
 * The steps an earlier try of this claim call took (`claimId`), still running
 * under this worker: what a retry answers when the first try committed and its
 * answer was lost (issue #12). Same rows as `claimSteps` returns, same lease
 * ids; the leases are extended as a heartbeat would, since the worker learns of
 * them only now. Nothing else changes: no attempt counted, nothing logged. Empty
 * when that try took nothing, or its steps have moved on (completed, expired,
 * cancelled, re-claimed: a later claim overwrites `claim_id`).
 */
export async function replayClaim(db: Queryable, req: { workerId: string; claimId: string; leaseMs: number }): Promise<ClaimedStep[]> {
  const { rows } = await db.query<ClaimedStep>(
    `WITH replayed AS (
       UPDATE steps SET lease_expires_at = clock_timestamp() + $3 * interval '1 millisecond'
       WHERE claim_id = $1::uuid AND state = 'running' AND worker_id = $2
       RETURNING *
     )
     SELECT c.id, c.task_id, c.name, c.handler, c.kind, c.attempts, c.max_attempts, c.params, c.lease_id,
            c.lease_expires_at, c.deadline_at, c.checkpoint, c.template_step, c.fan_out, t.template_id, t.namespace, t.name AS task_name,
            t.version, t.context, coalesce(t.correlation_id, t.id::text) AS correlation_id, t.traceparent, greatest(0, extract(epoch FROM c.started_at - c.visible_at) * 1000)::float8 AS queue_wait_ms
     FROM replayed c CROSS JOIN LATERAL (SELECT * FROM tasks WHERE id = c.task_id OFFSET 0) t
     ORDER BY c.priority DESC, c.visible_at, c.id`,
    [req.claimId, req.workerId, req.leaseMs],
    // Run by every HTTP claim (the server cannot tell a retry): an index probe that plans once.
    { prepare: true },
  );
  return rows;
}

/**
 * Lease ids: 128 random bits each from the operating system's CSPRNG, in
 * UUID form for the column (`gen_random_uuid()` would give 122).
 */
export function newLeaseIds(count: number): string[] {
  const bytes = randomBytes(16 * count).toString('hex');
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const h = bytes.slice(i * 32, i * 32 + 32);
    ids.push(`${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`);
  }
  return ids;
}

/** Claims of at most this many steps run as a prepared statement. */
const SMALL_CLAIM = 16;

export interface LeaseRef {
  stepId: number;
  leaseId: string;
}

/** Extends the leases still held; returns the ids that were extended (the rest are lost). */
export async function extendLeases(db: Queryable, leases: LeaseRef[], leaseMs: number): Promise<Set<number>> {
  if (leases.length === 0) return new Set();
  const { rows } = await db.query<{ id: number }>(
    `UPDATE steps s SET lease_expires_at = clock_timestamp() + $3 * interval '1 millisecond'
     FROM unnest($1::bigint[], $2::uuid[]) AS l(id, lease_id)
     WHERE s.id = l.id AND s.lease_id = l.lease_id AND s.state = 'running'
     RETURNING s.id`,
    [leases.map((l) => l.stepId), leases.map((l) => l.leaseId), leaseMs],
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * Gives leases back without counting the attempt (graceful shutdown): the
 * steps are ready at once for another worker.
 */
export async function releaseLeases(db: Queryable, leases: LeaseRef[]): Promise<{ id: number; task_id: string; name: string; attempts: number }[]> {
  if (leases.length === 0) return [];
  const { rows } = await db.query<{ id: number; task_id: string; name: string; attempts: number }>(
    `WITH released AS (
       UPDATE steps s SET state = 'ready', attempts = greatest(s.attempts - 1, 0), visible_at = clock_timestamp(),
         lease_expires_at = NULL, deadline_at = NULL, worker_id = NULL
       FROM unnest($1::bigint[], $2::uuid[]) AS l(id, lease_id)
       WHERE s.id = l.id AND s.lease_id = l.lease_id AND s.state = 'running'
       RETURNING s.id, s.task_id, s.name, s.attempts
     ), logged AS (
       INSERT INTO transitions (task_id, step_name, from_state, to_state, reason, attempt)
       SELECT task_id, name, 'running', 'ready', 'lease released by worker shutdown', attempts FROM released
     )
     SELECT * FROM released`,
    [leases.map((l) => l.stepId), leases.map((l) => l.leaseId)],
  );
  return rows;
}

/** Running steps whose lease has expired (their worker is presumed dead). */
export async function findExpiredLeases(db: Queryable, limit: number): Promise<LeaseRef[]> {
  const { rows } = await db.query<{ id: number; lease_id: string }>(
    `SELECT id, lease_id FROM steps WHERE state = 'running' AND lease_expires_at < clock_timestamp()
     ORDER BY lease_expires_at LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({ stepId: r.id, leaseId: r.lease_id }));
}

/** Running steps past their per-attempt deadline by more than `graceMs`. */
export async function findOverdueSteps(db: Queryable, graceMs: number, limit: number): Promise<LeaseRef[]> {
  const { rows } = await db.query<{ id: number; lease_id: string }>(
    `SELECT id, lease_id FROM steps WHERE state = 'running' AND deadline_at IS NOT NULL
       AND deadline_at < clock_timestamp() - $1 * interval '1 millisecond'
     ORDER BY deadline_at LIMIT $2`,
    [graceMs, limit],
  );
  return rows.map((r) => ({ stepId: r.id, leaseId: r.lease_id }));
}

/** Records a progress event on the task's log, only for the current lease. Returns false on a stale lease. */
export async function insertProgress(db: Queryable, lease: LeaseRef, data: JsonValue): Promise<{ taskId: string } | null> {
  const { rows } = await db.query<{ task_id: string }>(
    `INSERT INTO transitions (task_id, step_name, kind, attempt, worker_id, data)
     SELECT task_id, name, 'progress', attempts, worker_id, $3::jsonb FROM steps
     WHERE id = $1 AND lease_id = $2::uuid AND state = 'running'
     RETURNING task_id`,
    [lease.stepId, lease.leaseId, JSON.stringify(data)],
  );
  return rows[0] ? { taskId: rows[0].task_id } : null;
}

/**
 * The earliest time a ready step this worker can run becomes visible (to
 * sleep until a backoff ends): only the (handler, label set) ranges it claims
 * from are read, as the claim reads them. Steps it cannot run never wake it:
 * a million visible steps under labels it lacks made an idle worker read them
 * all and wake again 5 ms later, for ever (issue #18).
 */
export async function nextVisibleAt(db: Queryable, handlers: string[], labels: Record<string, string>): Promise<Date | null> {
  if (handlers.length === 0) return null;
  const { direct, params } = readyRanges(handlers, labels);
  // Left out, as they are visible yet may not be claimable: keyed steps (their key's next finish wakes the claims) and
  // visible rate-limited ones (their window's room does: `nextWindowRoom`); either would wake the worker every 5 ms.
  const claimable = `concurrency_key IS NULL AND (rate_limit_name IS NULL OR visible_at > clock_timestamp())`;
  const { rows } = await db.query<{ at: Date | null }>(
    direct
      ? `SELECT min(r.at) AS at FROM unnest($1::text[], $2::jsonb[]) AS p(handler, labels)
         CROSS JOIN LATERAL (SELECT min(visible_at) AS at FROM steps
                             WHERE state = 'ready' AND handler = p.handler AND labels = p.labels AND ${claimable}) r`
      : `SELECT min(visible_at) AS at FROM steps WHERE state = 'ready' AND handler = ANY($1::text[]) AND labels <@ $2::jsonb AND ${claimable}`,
    params,
  );
  return rows[0]?.at ?? null;
}
