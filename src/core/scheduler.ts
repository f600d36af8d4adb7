/**
 * The scheduler's tick: fires the due slots of schedules. Every process ticks.
 * A tick locks due schedules with FOR UPDATE SKIP LOCKED and, in that same
 * transaction, submits one task per slot and advances `next_fire_at`: the
 * slot's task and the schedule's advance commit together or not at all, so a
 * process killed mid-tick leaves the slots due for the next tick. The task's
 * idempotency key is `schedule:<name>:<slot>`, so even a slot fired twice (a
 * schedule deleted and created again) yields one task.
 */
import type { Logger } from 'pino';
import { dueSlots, slotIdempotencyKey, scheduleTag, type ScheduleSpec } from '../domain/schedule.js';
import { LIVE_TASK_STATUSES } from '../domain/state-machine.js';
import { BatonError } from '../errors.js';
import type { Db, Tx } from '../store/db.js';
import { lockDueSchedules, recordFiredSlots, type ScheduleRow, type ScheduleWithStatus } from '../store/schedules.js';
import { transactionAsDb } from '../store/transaction-db.js';
import { Engine } from './engine.js';
import { tellUnit, type CommitObservers } from './observers.js';
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

/** Fires one locked schedule's due slots with `engine` (bound to the tick's transaction); returns what to report after the commit. */
async function fireSchedule(engine: Engine, tx: Tx, row: ScheduleWithStatus, opts: TickOptions): Promise<Report[]> {
  const name = row.name;
  const now = row.db_now;
  const due = dueSlots(specOf(row), { nextFireAt: row.next_fire_at!, now, catchUp: row.catch_up, misfireGraceMs: opts.misfireGraceMs });
  const reports: Report[] = [];
  const count = (outcome: ScheduleFireOutcome, n = 1) => n > 0 && reports.push({ schedule: name, outcome, count: n });
  count('skipped_missed', due.missed);
  // The previous task, while it is live: what `overlap` is about. Slots of one tick overlap each other too.
  let live = row.last_task_id && row.last_task_status && LIVE_TASK_STATUSES.includes(row.last_task_status) ? row.last_task_id : null;
  let lastSlotAt: Date | null = null;
  let lastTaskId: string | null = null;
  let fired = 0;
  let skipped = due.missed;
  try {
    // A savepoint per schedule: a refused submission undoes this schedule's work only.
    await engine.db.transaction(async () => {
      for (const slot of due.fire) {
        if (live && row.overlap === 'skip') {
          count('skipped_overlap');
          skipped++;
          continue;
        }
        if (live && row.overlap === 'cancel_previous') {
          await engine.cancel(live, `schedule:${name}`).catch((err: unknown) => {
            // Finished since it was read: nothing to cancel.
            if (!(err instanceof BatonError && err.code === 'conflict')) throw err;
          });
        }
        const task = await engine.submit({
          namespace: row.template_namespace,
          name: row.template_name,
          ...(row.template_version ? { version: row.template_version } : {}),
          context: row.context,
          idempotency_key: slotIdempotencyKey(name, slot),
          tags: [scheduleTag(name)],
        });
        count(task.created ? 'fired' : 'duplicate');
        if (task.created) {
          fired++;
          reports.push({ schedule: name, lagMs: now.getTime() - slot.getTime() });
        }
        live = LIVE_TASK_STATUSES.includes(task.status) ? task.id : null;
        lastSlotAt = slot;
        lastTaskId = task.id;
      }
    });
  } catch (err) {
    if (!(err instanceof BatonError)) throw err;
    // A refusal that will not go away by itself (template deleted, context no longer valid, key held by
    // another context): these slots are given up, so that the schedule's later slots still fire.
    opts.logger?.warn({ schedule: name, err: { code: err.code, message: err.message }, slots: due.fire.length }, 'schedule slot refused; skipping it');
    reports.length = 0;
    count('skipped_missed', due.missed);
    count('failed', due.fire.length);
    [lastSlotAt, lastTaskId, fired, skipped] = [null, null, 0, due.missed + due.fire.length];
  }
  await recordFiredSlots(tx, name, { nextFireAt: due.next, lastSlotAt, lastTaskId, fired, skipped });
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
      const all: Report[] = [];
      for (const row of rows) all.push(...(await fireSchedule(bound, tx, row, opts)));
      return { locked: rows.length, reports: all };
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
