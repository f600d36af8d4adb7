/**
 * The scheduler's tick: fires the due slots of schedules. Every process ticks.
 * A tick locks due schedules with FOR UPDATE SKIP LOCKED, up to 100 at a time,
 * and, in that same transaction, submits one task per slot (one statement for
 * the whole batch) and advances `next_fire_at`: the
 * slot's task and the schedule's advance commit together or not at all, so a
 * process killed mid-tick leaves the slots due for the next tick. The task's
 * idempotency key is `schedule:<name>:<slot>`, so even a slot fired twice (a
 * schedule deleted and created again) yields one task.
 */
import type { Logger } from 'pino';
import { dueSlots, planOverlap, slotIdempotencyKey, scheduleTag, type DueSlots, type OverlapPlan, type ScheduleSpec } from '../domain/schedule.js';
import { LIVE_TASK_STATUSES } from '../domain/state-machine.js';
import { BatonError } from '../errors.js';
import type { Db, Tx } from '../store/db.js';
import { lockDueSchedules, recordFiredSlots, type ScheduleRow, type ScheduleWithStatus } from '../store/schedules.js';
import { transactionAsDb } from '../store/transaction-db.js';
import { Engine } from './engine.js';
import { tellUnit, type CommitObservers } from './observers.js';
import type { SubmittedTask, TaskRequest } from './submit.js';
import type { TaskUnit } from './task-unit.js';

/** `outcome` of `baton_schedule_fires_total`. */
export type ScheduleFireOutcome = 'fired' | 'skipped_overlap' | 'skipped_missed' | 'duplicate' | 'failed';

/** Hears of what a committed tick did (metrics). */
export interface ScheduleObserver {
  slots(schedule: string, outcome: ScheduleFireOutcome, count: number): void;
  /** A slot's task was submitted `lagMs` after the slot's time (database clock). */
  fired(schedule: string, lagMs: number): void;
}

export interface TickOptions {
  /** `schedules.misfireGraceMs`: older slots are missed and follow `catch_up`. */
  misfireGraceMs: number;
  /** Schedules locked per transaction. @default 100 */
  batchSize?: number;
  logger?: Logger;
  observer?: ScheduleObserver;
}

export interface TickCounts {
  schedules: number;
  fired: number;
  duplicate: number;
  skippedOverlap: number;
  skippedMissed: number;
  failed: number;
}

/** Transactions one tick runs at most: a backlog larger than this many batches waits for the next tick. */
const MAX_BATCHES_PER_TICK = 20;

/** The spec stored in a row (validated when it was written). */
export function specOf(row: Pick<ScheduleRow, 'cron' | 'every_ms' | 'timezone'>): ScheduleSpec {
  return row.cron !== null ? { kind: 'cron', cron: row.cron, timezone: row.timezone } : { kind: 'every', everyMs: row.every_ms!, timezone: row.timezone };
}

type Report = { schedule: string; outcome: ScheduleFireOutcome; count: number } | { schedule: string; lagMs: number };

/** One locked schedule's work in a tick. */
interface Plan extends OverlapPlan {
  row: ScheduleWithStatus;
  due: DueSlots;
  /** The tasks of `fire`, in order, once submitted. */
  tasks: SubmittedTask[];
  /** Its submission was refused: its slots are given up. */
  refused: BatonError | null;
}

function planFor(row: ScheduleWithStatus, misfireGraceMs: number): Plan {
  const due = dueSlots(specOf(row), { nextFireAt: row.next_fire_at!, now: row.db_now, catchUp: row.catch_up, misfireGraceMs });
  const live = row.last_task_id !== null && row.last_task_status !== null && LIVE_TASK_STATUSES.includes(row.last_task_status);
  return { row, due, ...planOverlap(row.overlap, live, due.fire), tasks: [], refused: null };
}

function requestsOf(plan: Plan): TaskRequest[] {
  const { row } = plan;
  return plan.fire.map((slot) => ({
    namespace: row.template_namespace,
    name: row.template_name,
    ...(row.template_version ? { version: row.template_version } : {}),
    context: row.context,
    idempotency_key: slotIdempotencyKey(row.name, slot),
    tags: [scheduleTag(row.name)],
  }));
}

/** Cancels a task a schedule superseded; one that finished meanwhile is left as it is. */
async function cancelSuperseded(engine: Engine, taskId: string, schedule: string): Promise<void> {
  await engine.cancel(taskId, `schedule:${schedule}`).catch((err: unknown) => {
    if (!(err instanceof BatonError && err.code === 'conflict')) throw err;
  });
}

/**
 * Submits every plan's slots: all in one statement, or, when that is refused
 * (one schedule's template gone or its context no longer valid), schedule by
 * schedule, giving up the slots of those refused so that later slots and the
 * other schedules still fire.
 */
async function submitPlans(engine: Engine, plans: Plan[], logger: Logger | undefined): Promise<void> {
  const firing = plans.filter((p) => p.fire.length > 0);
  if (firing.length === 0) return;
  try {
    const tasks = await engine.submitMany(firing.flatMap(requestsOf));
    for (const p of firing) p.tasks = tasks.splice(0, p.fire.length);
    return;
  } catch (err) {
    if (!(err instanceof BatonError)) throw err;
  }
  // One request refuses the whole statement (and it wrote nothing): find whose, and fire the others.
  for (const p of firing) {
    try {
      p.tasks = await engine.submitMany(requestsOf(p));
    } catch (err) {
      if (!(err instanceof BatonError)) throw err;
      p.refused = err;
      logger?.warn({ schedule: p.row.name, err: { code: err.code, message: err.message }, slots: p.fire.length }, 'schedule slots refused; skipping them');
    }
  }
}

/** Fires a batch of locked schedules with `engine` (bound to the tick's transaction); returns what to report after the commit. */
async function fireBatch(engine: Engine, tx: Tx, rows: ScheduleWithStatus[], opts: TickOptions): Promise<Report[]> {
  const plans = rows.map((row) => planFor(row, opts.misfireGraceMs));
  await submitPlans(engine, plans, opts.logger);
  const reports: Report[] = [];
  for (const p of plans) {
    const name = p.row.name;
    const count = (outcome: ScheduleFireOutcome, n: number) => n > 0 && reports.push({ schedule: name, outcome, count: n });
    count('skipped_missed', p.due.missed);
    count('skipped_overlap', p.skipped);
    if (p.refused) {
      count('failed', p.fire.length);
      continue;
    }
    if (p.cancelPrevious) await cancelSuperseded(engine, p.row.last_task_id!, name);
    if (p.cancelSuperseded) for (const t of p.tasks.slice(0, -1)) await cancelSuperseded(engine, t.id, name);
    const created = p.tasks.filter((t) => t.created).length;
    count('fired', created);
    count('duplicate', p.tasks.length - created);
    p.tasks.forEach((t, i) => t.created && reports.push({ schedule: name, lagMs: p.row.db_now.getTime() - p.fire[i].getTime() }));
  }
  await recordFiredSlots(
    tx,
    plans.map((p) => {
      const last = p.refused ? -1 : p.tasks.length - 1;
      return {
        name: p.row.name,
        nextFireAt: p.due.next,
        lastSlotAt: last >= 0 ? p.fire[last] : null,
        lastTaskId: last >= 0 ? p.tasks[last].id : null,
        fired: p.refused ? 0 : p.tasks.filter((t) => t.created).length,
        skipped: p.due.missed + p.skipped + (p.refused ? p.fire.length : 0),
      };
    }),
  );
  return reports;
}

/** Observers that hold what the tick's units tell until the tick commits. */
function heldObservers(): { observers: CommitObservers; units: TaskUnit[] } {
  const units: TaskUnit[] = [];
  return { observers: { onUnit: (unit) => units.push(unit) }, units };
}

/**
 * One tick: fires every due slot, batch by batch, each batch one transaction.
 * Safe to run in any number of processes at once.
 */
export async function tickSchedules(db: Db, engine: Engine, opts: TickOptions): Promise<TickCounts> {
  const counts: TickCounts = { schedules: 0, fired: 0, duplicate: 0, skippedOverlap: 0, skippedMissed: 0, failed: 0 };
  const batchSize = opts.batchSize ?? 100;
  for (let batch = 0; batch < MAX_BATCHES_PER_TICK; batch++) {
    const held = heldObservers();
    const { locked, reports } = await db.transaction(async (tx) => {
      const rows = await lockDueSchedules(tx, batchSize);
      if (rows.length === 0) return { locked: 0, reports: [] as Report[] };
      // The engine's submit and cancel, joined to this transaction.
      const bound = new Engine(transactionAsDb(db, tx), engine.logger, engine.limits, held.observers);
      return { locked: rows.length, reports: await fireBatch(bound, tx, rows, opts) };
    });
    for (const unit of held.units) tellUnit(engine.observers, unit);
    counts.schedules += locked;
    for (const r of reports) {
      if ('lagMs' in r) {
        opts.observer?.fired(r.schedule, r.lagMs);
        continue;
      }
      opts.observer?.slots(r.schedule, r.outcome, r.count);
      const key = ({ fired: 'fired', duplicate: 'duplicate', skipped_overlap: 'skippedOverlap', skipped_missed: 'skippedMissed', failed: 'failed' } as const)[r.outcome];
      counts[key] += r.count;
    }
    if (locked < batchSize) break;
  }
  return counts;
}

/** Ticks every `tickMs`, single-flight; errors are logged, never thrown. Returns the function that stops it. */
export function startScheduler(db: Db, engine: Engine, opts: TickOptions & { tickMs: number; logger: Logger }): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> | undefined;
  const tick = async () => {
    try {
      const counts = await tickSchedules(db, engine, opts);
      // Routine fires are debug: an every-second schedule would otherwise log every second.
      if (counts.failed + counts.skippedMissed > 0) opts.logger.info({ tick: counts }, 'schedule slots missed or refused');
      else if (counts.fired > 0) opts.logger.debug({ tick: counts }, 'schedules fired');
    } catch (err) {
      opts.logger.warn({ err }, 'schedule tick failed; will retry');
    }
  };
  const timer = setInterval(() => {
    if (stopped || running) return;
    running = tick().finally(() => (running = undefined));
  }, opts.tickMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
