import type { Queryable } from './db.js';
import { type NewStep } from './steps.js';
import type { NewTask } from './tasks.js';
/** A template picked as "latest" from a cache: the statement checks it still is. */
export interface LatestTemplateGuard {
    templateId: number;
    namespace: string;
    name: string;
}
export interface TaskGraphs {
    tasks: NewTask[];
    steps: NewStep[];
    /** Dependencies by step name within a task. */
    edges: {
        taskId: string;
        from: string;
        to: string;
    }[];
    latest: LatestTemplateGuard[];
    /** Channels to NOTIFY (ids only, never payloads) if any task is created. */
    notify: string[];
}
/**
 * Creates tasks with their steps, edges and `submitted` log rows in one
 * statement, so a submission costs one round trip and one commit. Tasks whose
 * idempotency key exists are left out (ON CONFLICT waits for a concurrent
 * insert of the same key, then skips); the caller compares them with the
 * task that holds the key. `fresh` is false, and nothing is
 * written, when a cached "latest" template is no longer the latest.
 */
export declare function insertTaskGraphs(db: Queryable, g: TaskGraphs): Promise<{
    fresh: boolean;
    created: Set<string>;
}>;
