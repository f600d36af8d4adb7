/**
 * Task counts by status, for callers that wait on the whole table rather than
 * on one task: the benchmark workloads (`baton bench`) poll these until every
 * task they submitted has ended.
 */
import type { Queryable } from './db.js';
/** Tasks still live (pending, running or waiting for a retry). */
export declare function countLiveTasks(db: Queryable): Promise<number>;
/** Live tasks by status, e.g. `{ pending: 3, running: 10 }`; statuses with none are absent. */
export declare function countLiveTasksByStatus(db: Queryable): Promise<Record<string, number>>;
/** Tasks in `status`. */
export declare function countTasksWithStatus(db: Queryable, status: string): Promise<number>;
/** How many of the tasks `ids` did not end `complete` (unknown ids are not counted). */
export declare function countTasksNotComplete(db: Queryable, ids: string[]): Promise<number>;
/** One task's status, or null when there is no such task: a cheaper poll than `findTask`. */
export declare function findTaskStatus(db: Queryable, id: string): Promise<string | null>;
