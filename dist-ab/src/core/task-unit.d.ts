import type { TaskStatus } from '../domain/types.js';
import { type Db, type Tx } from '../store/db.js';
import { type NewTransition } from '../store/transitions.js';
import { type CommitObservers } from './observers.js';
/**
 * One transaction's worth of orchestration: the transitions it logs, the
 * wake-ups it owes, the tasks it finalized. The unit is the one writer of its
 * transaction's log rows: rows are gathered in the order things happened and
 * written in that order, together at the end, or earlier by `flush` when a
 * statement that logs for itself (a claim) must come after them. NOTIFY goes
 * out with the commit.
 */
export declare class TaskUnit {
    readonly tx: Tx;
    /** Every row this unit logged, in order (observers read them after the commit). */
    readonly transitions: NewTransition[];
    /** How many of `transitions` are written already. */
    private written;
    /** Steps became ready and visible now: wake the workers. */
    wake: boolean;
    readonly cancelledTasks: string[];
    /** Tasks this unit moved to a terminal status; `template` labels metrics where known. */
    readonly finalized: {
        taskId: string;
        status: TaskStatus;
        template?: {
            namespace: string;
            name: string;
        };
        parentTaskId?: string | null;
    }[];
    /** A row was added to the event log other than through `log` (progress events). */
    eventsAdded: boolean;
    constructor(tx: Tx);
    /** Logs a transition; one the state machines do not allow is an engine bug and throws. */
    log(t: NewTransition): void;
    /** Writes the rows logged so far, so whatever the transaction logs next comes after them. */
    flush(): Promise<void>;
    /**
     * Runs a statement that writes log rows of its own (a claim), after this
     * unit's rows so far: the only way such a statement may join a unit, so
     * the log's id order is the order of cause and effect.
     */
    thenLogging<T>(statement: (tx: Tx) => Promise<T>): Promise<T>;
}
/**
 * For work written in one statement (a submission): `fn` runs the statement
 * itself, on the pool, with no transaction round trips, and logs to the unit
 * only what observers should hear of (the statement writes its own log rows).
 * Serialization failures and deadlocks are retried like `inTaskTransaction`.
 */
export declare function inTaskStatement<T>(db: Db, fn: (unit: TaskUnit) => Promise<T>, observers?: CommitObservers): Promise<{
    value: T;
    unit: TaskUnit;
}>;
/**
 * Runs `fn` in a transaction and flushes the unit; `observers` hear of it once
 * it commits. Serialization failures and deadlocks are retried by SQLSTATE, a
 * bounded number of times.
 */
export declare function inTaskTransaction<T>(db: Db, fn: (unit: TaskUnit) => Promise<T>, observers?: CommitObservers): Promise<{
    value: T;
    unit: TaskUnit;
}>;
