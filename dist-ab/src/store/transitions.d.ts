import type { JsonValue } from '../domain/types.js';
import type { Queryable } from './db.js';
import type { TransitionRow } from './rows.js';
export interface NewTransition {
    taskId: string;
    stepName?: string | null;
    kind?: 'transition' | 'progress' | 'signal';
    from?: string | null;
    to?: string | null;
    reason?: string | null;
    attempt?: number | null;
    workerId?: string | null;
    actor?: string | null;
    data?: JsonValue | null;
    /** The step's handler. */
    handler?: string;
    /** How long the attempt ran, claim to report, on the database clock. */
    durationMs?: number | null;
    /** The task's template (set on submission). */
    template?: {
        namespace: string;
        name: string;
    };
}
/** Appends many log rows in one statement; callers gather a transaction's rows and write them once. */
export declare function insertTransitions(db: Queryable, rows: NewTransition[]): Promise<void>;
export declare function listTransitions(db: Queryable, taskId: string, afterId?: number, limit?: number): Promise<TransitionRow[]>;
/** A log row's id and task: what the event feed scans to learn which streams have news. */
export interface EventRef {
    id: number;
    task_id: string;
}
/** Ids (and tasks) of log rows after `afterId`, in id order. */
export declare function listEventRefsAfter(db: Queryable, afterId: number, limit: number): Promise<EventRef[]>;
/** The highest log id committed so far (0 for an empty log). */
export declare function maxEventId(db: Queryable): Promise<number>;
/** One task's log rows with `afterId < id <= upToId`, in id order. */
export declare function listTaskEventsBetween(db: Queryable, taskId: string, afterId: number, upToId: number, limit: number): Promise<TransitionRow[]>;
/** Every task's log rows with `afterId < id <= upToId`, in id order (the all-tasks stream). */
export declare function listEventsSince(db: Queryable, afterId: number, upToId: number, limit: number): Promise<TransitionRow[]>;
/** The task's latest task-level state change at or before `atOrBeforeId` (null when there is none). */
export declare function findTaskStateAt(db: Queryable, taskId: string, atOrBeforeId: number): Promise<string | null>;
