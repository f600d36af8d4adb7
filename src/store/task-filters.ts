/**
 * Tasks chosen by a filter, for the bulk operations (`POST /v1/tasks/cancel`,
 * `POST /v1/tasks/retry`): count, sample, and page through the matches in
 * creation order. Every value is a parameter; only state lists (from the
 * domain) are literal text.
 */
import type { TaskStatus } from '../domain/types.js';
import type { Queryable } from './db.js';

/** Which tasks a bulk operation acts on. Every given field must hold (AND). */
export interface TaskMatch {
  /** Task statuses to consider; never empty (the operation's eligible statuses, narrowed by the request's). */
  statuses: readonly TaskStatus[];
  namespace?: string;
  name?: string;
  /** Tasks carrying this tag. */
  tag?: string;
  /** Created at or after this time (ISO 8601). */
  createdAfter?: string;
  /** Created before this time (ISO 8601). */
  createdBefore?: string;
  /** Tasks with a step in `error` whose `error.code` is this. */
  errorCode?: string;
  /** Only tasks with at least one step in `error` (what a retry re-runs). */
  hasErrorStep?: boolean;
  /**
   * Created no later than this exact time (the `as_of` that `countMatchingTasks`
   * answers): a run pages over the tasks that existed when it was counted, not
   * the ones submitted while it runs.
   */
  asOf?: string;
}

/** Where a page ends: the last task's exact creation time (microseconds, UTC text) and id. */
export interface TaskCursor {
  createdAt: string;
  id: string;
}

/** A matched task as a dry run shows it. */
export interface MatchedTaskRow {
  id: string;
  namespace: string;
  name: string;
  status: TaskStatus;
  created_at: Date;
}

/** `created_at` as text with all its microseconds: a JS Date would round a keyset cursor to milliseconds. */
const EXACT_CREATED = `to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function whereClause(match: TaskMatch, params: unknown[]): string {
  const add = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const where = [`t.status = ANY(${add(match.statuses)}::text[])`];
  if (match.namespace !== undefined) where.push(`t.namespace = ${add(match.namespace)}`);
  if (match.name !== undefined) where.push(`t.name = ${add(match.name)}`);
  // `tags <> '{}'` (implied by the containment) lets the planner use the partial tags index, which leaves untagged tasks out.
  if (match.tag !== undefined) where.push(`t.tags @> ARRAY[${add(match.tag)}]::text[] AND t.tags <> '{}'`);
  if (match.createdAfter !== undefined) where.push(`t.created_at >= ${add(match.createdAfter)}::timestamptz`);
  if (match.createdBefore !== undefined) where.push(`t.created_at < ${add(match.createdBefore)}::timestamptz`);
  if (match.asOf !== undefined) where.push(`t.created_at <= ${add(match.asOf)}::timestamptz`);
  // The steps' (task_id, name) key serves both lookups: a task's steps are few.
  if (match.errorCode !== undefined) {
    where.push(`EXISTS (SELECT 1 FROM steps s WHERE s.task_id = t.id AND s.state = 'error' AND s.error->>'code' = ${add(match.errorCode)})`);
  } else if (match.hasErrorStep) {
    where.push(`EXISTS (SELECT 1 FROM steps s WHERE s.task_id = t.id AND s.state = 'error')`);
  }
  return where.join(' AND ');
}

/**
 * How many tasks match now, and the exact time of the count (`as_of`), which
 * a run passes back as `asOf` so that it pages over the same tasks.
 */
export async function countMatchingTasks(db: Queryable, match: TaskMatch): Promise<{ count: number; asOf: string }> {
  const params: unknown[] = [];
  const { rows } = await db.query<{ n: number; as_of: string }>(
    `SELECT count(*)::int AS n, to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS as_of
     FROM tasks t WHERE ${whereClause(match, params)}`,
    params,
  );
  return { count: rows[0].n, asOf: rows[0].as_of };
}

/** The oldest `limit` matching tasks, for a dry run's sample. */
export async function sampleMatchingTasks(db: Queryable, match: TaskMatch, limit: number): Promise<MatchedTaskRow[]> {
  const params: unknown[] = [];
  const where = whereClause(match, params);
  params.push(limit);
  const { rows } = await db.query<MatchedTaskRow>(
    `SELECT t.id, t.namespace, t.name, t.status, t.created_at FROM tasks t WHERE ${where} ORDER BY t.created_at, t.id LIMIT $${params.length}`,
    params,
  );
  return rows;
}

/**
 * The next page of matching task ids after `after` (from the oldest when
 * null), oldest first, with the cursor of its last task. Keyset paging: a
 * task whose status changed (the operation itself cancelled it) does not
 * shift the pages after it.
 */
export async function pageMatchingTaskIds(db: Queryable, match: TaskMatch, after: TaskCursor | null, limit: number): Promise<{ ids: string[]; next: TaskCursor | null }> {
  const params: unknown[] = [];
  let where = whereClause(match, params);
  if (after !== null) {
    params.push(after.createdAt, after.id);
    where += ` AND (t.created_at, t.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
  }
  params.push(limit);
  const { rows } = await db.query<{ id: string; created_exact: string }>(
    `SELECT t.id, ${EXACT_CREATED} AS created_exact FROM tasks t WHERE ${where} ORDER BY t.created_at, t.id LIMIT $${params.length}`,
    params,
  );
  const last = rows[rows.length - 1];
  return { ids: rows.map((r) => r.id), next: last === undefined ? null : { createdAt: last.created_exact, id: last.id } };
}
