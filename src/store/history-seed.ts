/**
 * Fills a Baton schema with finished tasks quickly, for the benchmark's
 * `history` workload (`baton bench --workload history`): one real task is run
 * to completion first, and its rows in `tasks`, `steps`, `step_edges` and
 * `transitions` are then cloned with INSERT ... SELECT over generate_series.
 * Cloning a real task (rather than spelling out values here) keeps the rows
 * identical to what the engine writes, whatever columns later migrations add.
 */
import type { Db } from './db.js';

interface Column {
  name: string;
  type: string;
}

async function columnsOf(db: Db, table: string): Promise<Column[]> {
  const { rows } = await db.query<{ name: string; type: string }>(
    `SELECT column_name AS name, data_type AS type FROM information_schema.columns
     WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
    [db.schema, table],
  );
  if (rows.length === 0) throw new Error(`table ${db.schema}.${table} not found`);
  return rows;
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The SELECT list that copies prototype row `p` for clone `g.n`: the task id
 * comes from `n` (the same in every table), timestamps move back in time so
 * the clones spread over the past `spreadMs * count` milliseconds, and the
 * columns named in `overrides` take the given expressions.
 */
function cloneList(columns: Column[], overrides: Record<string, string>): { names: string; values: string } {
  const kept = columns.filter((c) => overrides[c.name] !== '');
  return {
    names: kept.map((c) => q(c.name)).join(', '),
    values: kept
      .map((c) => {
        if (overrides[c.name] !== undefined) return overrides[c.name];
        if (c.type === 'timestamp with time zone') return `p.${q(c.name)} - age.shift`;
        return `p.${q(c.name)}`;
      })
      .join(', '),
  };
}

/** Time-ordered ids (as `uuidv7` makes them) from each clone's age, random bits from its number. */
const TASK_ID = `(lpad(to_hex((extract(epoch FROM now() - age.shift) * 1000)::bigint), 12, '0') || '7'
  || substr(md5('baton-history-' || g.n), 1, 3) || '8' || substr(md5('baton-history-' || g.n), 4, 15))::uuid`;

export interface SeedResult {
  tasks: number;
  steps: number;
  transitions: number;
  seconds: number;
}

/**
 * Clones finished task `protoTaskId` `count` times. Nothing else may insert
 * steps meanwhile (step ids are reserved as one range). Ends with VACUUM
 * ANALYZE, as autovacuum would have left a long-lived database.
 */
export async function seedFinishedTasks(db: Db, protoTaskId: string, count: number, opts: { chunk?: number; spreadMs?: number } = {}): Promise<SeedResult> {
  const started = performance.now();
  const chunk = opts.chunk ?? 100_000;
  const spreadMs = opts.spreadMs ?? 40;
  const protoSteps = await db.query<{ id: number }>('SELECT id FROM steps WHERE task_id = $1 ORDER BY id', [protoTaskId]);
  const stepsPerTask = protoSteps.rows.length;
  if (stepsPerTask === 0) throw new Error(`prototype task ${protoTaskId} has no steps`);
  const { rows: seqRows } = await db.query<{ seq: string }>(`SELECT pg_get_serial_sequence('steps', 'id') AS seq`);
  const seq = seqRows[0].seq;
  const { rows: baseRows } = await db.query<{ base: number }>(`SELECT (SELECT coalesce(max(id), 0) FROM steps) + 1 AS base`);
  const base = baseRows[0].base;
  await db.query(`SELECT setval($1::regclass, $2)`, [seq, base + count * stepsPerTask]);

  // Prototype step id → its ordinal, so clone n's copy of a step is base + n * stepsPerTask + ordinal.
  const ordinal = `(SELECT id, (row_number() OVER (ORDER BY id) - 1)::bigint AS ord FROM steps WHERE task_id = $1)`;
  const stepId = (ord: string) => `(${base}::bigint + (g.n - 1) * ${stepsPerTask} + ${ord})`;
  const age = `CROSS JOIN LATERAL (SELECT ($3::bigint - g.n) * ${spreadMs} * interval '1 millisecond' AS shift) AS age`;

  const tasks = cloneList(await columnsOf(db, 'tasks'), { id: TASK_ID, idempotency_key: 'NULL' });
  const steps = cloneList(await columnsOf(db, 'steps'), { id: stepId('o.ord'), task_id: TASK_ID });
  const edges = cloneList(await columnsOf(db, 'step_edges'), { task_id: TASK_ID, from_step: stepId('f.ord'), to_step: stepId('t.ord') });
  const transitions = cloneList(await columnsOf(db, 'transitions'), { id: '', task_id: TASK_ID });

  for (let lo = 1; lo <= count; lo += chunk) {
    const hi = Math.min(count, lo + chunk - 1);
    const range = `generate_series($1::bigint, $2::bigint) AS g(n)`;
    const args = [lo, hi, count, protoTaskId];
    await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO tasks (${tasks.names}) SELECT ${tasks.values} FROM ${range} ${age} CROSS JOIN tasks p WHERE p.id = $4`, args);
      await tx.query(
        `INSERT INTO steps (${steps.names}) SELECT ${steps.values}
         FROM ${range} ${age} CROSS JOIN steps p JOIN ${ordinal.replace('$1', '$4')} o ON o.id = p.id WHERE p.task_id = $4 ORDER BY g.n, o.ord`,
        args,
      );
      await tx.query(
        `INSERT INTO step_edges (${edges.names}) SELECT ${edges.values}
         FROM ${range} ${age} CROSS JOIN step_edges p
         JOIN ${ordinal.replace('$1', '$4')} f ON f.id = p.from_step JOIN ${ordinal.replace('$1', '$4')} t ON t.id = p.to_step
         WHERE p.task_id = $4`,
        args,
      );
      await tx.query(
        `INSERT INTO transitions (${transitions.names}) SELECT ${transitions.values}
         FROM ${range} ${age} CROSS JOIN transitions p WHERE p.task_id = $4 ORDER BY g.n, p.id`,
        args,
      );
    });
  }
  await db.query('VACUUM (ANALYZE) tasks, steps, step_edges, transitions');
  const { rows: counted } = await db.query<{ tasks: number; steps: number; transitions: number }>(
    `SELECT (SELECT count(*) FROM tasks)::int AS tasks, (SELECT count(*) FROM steps)::int AS steps, (SELECT count(*) FROM transitions)::int AS transitions`,
  );
  return { ...counted[0], seconds: Math.round((performance.now() - started) / 100) / 10 };
}

/**
 * Clones submitted task `protoTaskId` `count` times, as a backlog of ready
 * work that no worker has touched (the benchmark's `claims-backlog` and
 * `isolation` workloads): the same set-wise copy as `seedFinishedTasks`, so
 * each clone is pending with its first steps ready. The clones lie in the
 * past (`spreadMs` apart, 1 ms by default), ahead of anything submitted after.
 * Throws if the prototype is not pending or any of its steps has left
 * `pending`/`ready` (a worker claimed it).
 */
export async function seedReadyTasks(db: Db, protoTaskId: string, count: number, opts: { chunk?: number; spreadMs?: number } = {}): Promise<SeedResult> {
  const { rows } = await db.query<{ status: string; touched: number }>(
    `SELECT t.status, (SELECT count(*)::int FROM steps s WHERE s.task_id = t.id AND s.state NOT IN ('pending', 'ready')) AS touched FROM tasks t WHERE t.id = $1`,
    [protoTaskId],
  );
  if (rows.length === 0) throw new Error(`prototype task ${protoTaskId} not found`);
  if (rows[0].status !== 'pending' || rows[0].touched > 0)
    throw new Error(`prototype task ${protoTaskId} is ${rows[0].status} with ${rows[0].touched} step(s) claimed: not ready work`);
  return seedFinishedTasks(db, protoTaskId, count, { spreadMs: 1, ...opts });
}
