import { assertLoggedTransition } from '../domain/state-machine.js';
import type { TaskStatus } from '../domain/types.js';
import { retry } from '../retry.js';
import { channelName, type Db, type Tx } from '../store/db.js';
import { sendNotices, type Notice } from '../store/notify.js';
import { isRetryable } from '../store/sqlstate.js';
import { insertTransitions, type NewTransition } from '../store/transitions.js';
import { wakeParents } from '../store/waits.js';
import { NO_OBSERVERS, tellUnit, type CommitObservers } from './observers.js';

/**
 * One transaction's worth of orchestration: the transitions it logs, the
 * wake-ups it owes, the tasks it finalized. The unit is the one writer of its
 * transaction's log rows: rows are gathered in the order things happened and
 * written in that order, together at the end, or earlier by `flush` when a
 * statement that logs for itself (a claim) must come after them. NOTIFY goes
 * out with the commit.
 */
export class TaskUnit {
  /** Every row this unit logged, in order (observers read them after the commit). */
  readonly transitions: NewTransition[] = [];
  /** How many of `transitions` are written already. */
  private written = 0;
  /** Steps became ready and visible now: wake the workers. */
  wake = false;
  readonly cancelledTasks: string[] = [];
  /** Tasks this unit moved to a terminal status; `template` labels metrics where known. */
  readonly finalized: { taskId: string; status: TaskStatus; template?: { namespace: string; name: string }; parentTaskId?: string | null }[] = [];
  /** A row was added to the event log other than through `log` (progress events). */
  eventsAdded = false;

  constructor(readonly tx: Tx) {}

  /** Logs a transition; one the state machines do not allow is an engine bug and throws. */
  log(t: NewTransition): void {
    assertLoggedTransition(t);
    this.transitions.push(t);
  }

  /** Writes the rows logged so far, so whatever the transaction logs next comes after them. */
  async flush(): Promise<void> {
    const rows = this.transitions.slice(this.written);
    this.written = this.transitions.length;
    await insertTransitions(this.tx, rows);
  }

  /**
   * Runs a statement that writes log rows of its own (a claim), after this
   * unit's rows so far: the only way such a statement may join a unit, so
   * the log's id order is the order of cause and effect.
   */
  async thenLogging<T>(statement: (tx: Tx) => Promise<T>): Promise<T> {
    await this.flush();
    return statement(this.tx);
  }
}

const MAX_TRANSACTION_ATTEMPTS = 5;

/**
 * For work written in one statement (a submission): `fn` runs the statement
 * itself, on the pool, with no transaction round trips, and logs to the unit
 * only what observers should hear of (the statement writes its own log rows).
 * Serialization failures and deadlocks are retried like `inTaskTransaction`.
 */
export async function inTaskStatement<T>(db: Db, fn: (unit: TaskUnit) => Promise<T>, observers: CommitObservers = NO_OBSERVERS): Promise<{ value: T; unit: TaskUnit }> {
  return retryingTransient(async () => {
    const unit = new TaskUnit(statementOnly(db));
    const value = await fn(unit);
    tellUnit(observers, unit);
    return { value, unit };
  });
}

function statementOnly(db: Db): Tx {
  return {
    query: (sql, params, options) => db.query(sql, params, options),
    exec: () => Promise.reject(new Error('a statement unit has no transaction to run commands in')),
  };
}

function retryingTransient<T>(fn: () => Promise<T>): Promise<T> {
  // 5 ms more per attempt, plus up to 20 ms of jitter so colliding transactions part.
  return retry(fn, { attempts: MAX_TRANSACTION_ATTEMPTS, policy: (attempt) => 5 * attempt + Math.random() * 20, isRetryable });
}

/**
 * Runs `fn` in a transaction and flushes the unit; `observers` hear of it once
 * it commits. Serialization failures and deadlocks are retried by SQLSTATE, a
 * bounded number of times.
 */
export async function inTaskTransaction<T>(db: Db, fn: (unit: TaskUnit) => Promise<T>, observers: CommitObservers = NO_OBSERVERS): Promise<{ value: T; unit: TaskUnit }> {
  return retryingTransient(async () => {
    let unit!: TaskUnit;
    const value = await db.transaction(async (tx) => {
      unit = new TaskUnit(tx);
      const result = await fn(unit);
      // A child that finished wakes its parent's step, with the commit that finished it.
      const children = unit.finalized.filter((f) => f.parentTaskId).map((f) => f.taskId);
      if (children.length > 0) await wakeParents(tx, children);
      await unit.flush();
      const notices: Notice[] = [];
      if (unit.wake) notices.push({ channel: channelName(db.schema, 'ready'), payload: '' });
      // NOTIFY carries ids only, never payloads (8,000-byte limit).
      for (const taskId of unit.cancelledTasks) notices.push({ channel: channelName(db.schema, 'cancel'), payload: taskId });
      if (unit.transitions.length > 0 || unit.eventsAdded) notices.push({ channel: channelName(db.schema, 'events'), payload: '' });
      await sendNotices(tx, notices);
      return result;
    });
    tellUnit(observers, unit);
    return { value, unit };
  });
}
