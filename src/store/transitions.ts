import type { JsonValue } from '../domain/types.js';
import type { Queryable } from './db.js';
import type { TransitionRow } from './rows.js';

export interface NewTransition {
  taskId: string;
  stepName?: string | null;
  kind?: 'transition' | 'progress';
  from?: string | null;
  to?: string | null;
  reason?: string | null;
  attempt?: number | null;
  workerId?: string | null;
  actor?: string | null;
  data?: JsonValue | null;
}

/** Appends many log rows in one statement; callers gather a transaction's rows and write them once. */
export async function insertTransitions(db: Queryable, rows: NewTransition[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO transitions (task_id, step_name, kind, from_state, to_state, reason, attempt, worker_id, actor, data)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[], $9::text[], $10::jsonb[])`,
    [
      rows.map((r) => r.taskId),
      rows.map((r) => r.stepName ?? null),
      rows.map((r) => r.kind ?? 'transition'),
      rows.map((r) => r.from ?? null),
      rows.map((r) => r.to ?? null),
      rows.map((r) => r.reason ?? null),
      rows.map((r) => r.attempt ?? null),
      rows.map((r) => r.workerId ?? null),
      rows.map((r) => r.actor ?? null),
      rows.map((r) => (r.data === undefined || r.data === null ? null : JSON.stringify(r.data))),
    ],
  );
}

export async function listTransitions(
  db: Queryable,
  taskId: string,
  afterId = 0,
  limit = 1000,
): Promise<TransitionRow[]> {
  const { rows } = await db.query<TransitionRow>(
    'SELECT * FROM transitions WHERE task_id = $1 AND id > $2 ORDER BY id LIMIT $3',
    [taskId, afterId, limit],
  );
  return rows;
}
