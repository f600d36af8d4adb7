import { assertLoggedTransition } from '../domain/state-machine.js';
import { retry } from '../retry.js';
import { channelName } from '../store/db.js';
import { sendNotices } from '../store/notify.js';
import { isRetryable } from '../store/sqlstate.js';
import { insertTransitions } from '../store/transitions.js';
import { wakeParents } from '../store/waits.js';
import { NO_OBSERVERS, tellUnit } from './observers.js';
/**
 * One transaction's worth of orchestration: the transitions it logs, the
 * wake-ups it owes, the tasks it finalized. The unit is the one writer of its
 * transaction's log rows: rows are gathered in the order things happened and
 * written in that order, together at the end, or earlier by `flush` when a
 * statement that logs for itself (a claim) must come after them. NOTIFY goes
 * out with the commit.
 */
export class TaskUnit {
    tx;
    /** Every row this unit logged, in order (observers read them after the commit). */
    transitions = [];
    /** How many of `transitions` are written already. */
    written = 0;
    /** Steps became ready and visible now: wake the workers. */
    wake = false;
    cancelledTasks = [];
    /** Tasks this unit moved to a terminal status; `template` labels metrics where known. */
    finalized = [];
    /** A row was added to the event log other than through `log` (progress events). */
    eventsAdded = false;
    constructor(tx) {
        this.tx = tx;
    }
    /** Logs a transition; one the state machines do not allow is an engine bug and throws. */
    log(t) {
        assertLoggedTransition(t);
        this.transitions.push(t);
    }
    /** Writes the rows logged so far, so whatever the transaction logs next comes after them. */
    async flush() {
        const rows = this.transitions.slice(this.written);
        this.written = this.transitions.length;
        await insertTransitions(this.tx, rows);
    }
    /**
     * Runs a statement that writes log rows of its own (a claim), after this
     * unit's rows so far: the only way such a statement may join a unit, so
     * the log's id order is the order of cause and effect.
     */
    async thenLogging(statement) {
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
export async function inTaskStatement(db, fn, observers = NO_OBSERVERS) {
    return retryingTransient(async () => {
        const unit = new TaskUnit(statementOnly(db));
        const value = await fn(unit);
        tellUnit(observers, unit);
        return { value, unit };
    });
}
function statementOnly(db) {
    return {
        query: (sql, params, options) => db.query(sql, params, options),
        exec: () => Promise.reject(new Error('a statement unit has no transaction to run commands in')),
    };
}
function retryingTransient(fn) {
    // 5 ms more per attempt, plus up to 20 ms of jitter so colliding transactions part.
    return retry(fn, { attempts: MAX_TRANSACTION_ATTEMPTS, policy: (attempt) => 5 * attempt + Math.random() * 20, isRetryable });
}
/**
 * Runs `fn` in a transaction and flushes the unit; `observers` hear of it once
 * it commits. Serialization failures and deadlocks are retried by SQLSTATE, a
 * bounded number of times.
 */
export async function inTaskTransaction(db, fn, observers = NO_OBSERVERS) {
    return retryingTransient(async () => {
        let unit;
        const value = await db.transaction(async (tx) => {
            unit = new TaskUnit(tx);
            const result = await fn(unit);
            // A child that finished wakes its parent's step, with the commit that finished it.
            const children = unit.finalized.filter((f) => f.parentTaskId).map((f) => f.taskId);
            if (children.length > 0)
                await wakeParents(tx, children);
            await unit.flush();
            const notices = [];
            if (unit.wake)
                notices.push({ channel: channelName(db.schema, 'ready'), payload: '' });
            // NOTIFY carries ids only, never payloads (8,000-byte limit).
            for (const taskId of unit.cancelledTasks)
                notices.push({ channel: channelName(db.schema, 'cancel'), payload: taskId });
            if (unit.transitions.length > 0 || unit.eventsAdded)
                notices.push({ channel: channelName(db.schema, 'events'), payload: '' });
            await sendNotices(tx, notices);
            return result;
        });
        tellUnit(observers, unit);
        return { value, unit };
    });
}
//# sourceMappingURL=task-unit.js.map