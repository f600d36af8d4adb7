/**
 * The dead-letter view (`GET /v1/failures`): tasks that ended in `error`,
 * grouped by template, step and error code.
 */
import type { Queryable } from './db.js';

export interface FailureFilter {
  namespace?: string;
  /** Tasks created at or after this time (ISO 8601). */
  createdAfter?: string;
  /** Tasks created before this time (ISO 8601). */
  createdBefore?: string;
  /** Most groups answered, largest first. */
  limit: number;
}

/** One group of the view: the errored tasks of one template whose step failed with one code. */
export interface FailureGroupRow {
  namespace: string;
  name: string;
  /** The template step: fan-out instances (`charge[3]`) count under their step (`charge`). */
  step: string;
  /** The error's `code`; null when the failure carried none. */
  error_code: string | null;
  /** Errored tasks in the group. */
  tasks: number;
  /** When the group's first and last failures happened (the step's `finished_at`, else the task's). */
  first_seen: Date;
  last_seen: Date;
  /** The message of the group's latest failure, as an example. */
  last_message: string | null;
}

/**
 * The groups, largest first. Reads only tasks in `error` (through
 * `tasks_status_created_idx`) and their steps in `error`.
 */
export async function listFailureGroups(db: Queryable, filter: FailureFilter): Promise<FailureGroupRow[]> {
  const params: unknown[] = [];
  const add = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const where = ["t.status = 'error'"];
  if (filter.namespace !== undefined) where.push(`t.namespace = ${add(filter.namespace)}`);
  if (filter.createdAfter !== undefined) where.push(`t.created_at >= ${add(filter.createdAfter)}::timestamptz`);
  if (filter.createdBefore !== undefined) where.push(`t.created_at < ${add(filter.createdBefore)}::timestamptz`);
  const { rows } = await db.query<FailureGroupRow>(
    `SELECT t.namespace, t.name, coalesce(s.template_step, s.name) AS step, s.error->>'code' AS error_code,
            count(DISTINCT t.id)::int AS tasks,
            min(coalesce(s.finished_at, t.finished_at, t.created_at)) AS first_seen,
            max(coalesce(s.finished_at, t.finished_at, t.created_at)) AS last_seen,
            (array_agg(s.error->>'message' ORDER BY coalesce(s.finished_at, t.finished_at) DESC NULLS LAST, s.id DESC))[1] AS last_message
     FROM tasks t JOIN steps s ON s.task_id = t.id AND s.state = 'error'
     WHERE ${where.join(' AND ')}
     GROUP BY 1, 2, 3, 4
     ORDER BY tasks DESC, last_seen DESC, 1, 2, 3, 4
     LIMIT ${add(filter.limit)}`,
    params,
  );
  return rows;
}
