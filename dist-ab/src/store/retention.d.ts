import type { Queryable } from './db.js';
/**
 * Deletes up to `limit` finished tasks whose `finished_at` is more than
 * `olderThanMs` before now on the database clock, oldest first; returns how
 * many went. One statement, so one short transaction per batch. SKIP LOCKED:
 * a task locked by anyone (an operator reopening it, a late report) is left
 * for the next run rather than waited for, and the status is re-checked on
 * the locked row, so a task reopened meanwhile is never deleted.
 */
export declare function deleteFinishedTasks(db: Queryable, olderThanMs: number, limit: number): Promise<number>;
