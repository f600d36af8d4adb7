import type { Logger } from 'pino';
import type { Db } from '../store/db.js';
import type { TaskStatus } from '../domain/types.js';
import { type EventView } from './views.js';
import { type WakeMode } from './wakeup.js';
/** A live reader of the log: its task (null: every task) and how to wake it. */
export interface FeedSubscriber {
    taskId: string | null;
    /** Called when rows up to the horizon may hold news for this subscriber. */
    wake(): void;
}
export interface EventFeedOptions {
    mode: WakeMode;
    /** Fallback scan interval, for notifications that were missed. @default 1000 */
    pollIntervalMs?: number;
    /**
     * How long a missing log id may hold back the ids after it. On PostgreSQL a
     * transaction can take id 10 and commit after another one committed id 11;
     * a reader that passed 11 would never see 10. So the horizon stops at a gap
     * until it fills, or until this long has passed (a rolled-back insert
     * leaves a gap that never fills). PGlite runs one transaction at a time, so
     * its gaps are never filled later and the default there is 0.
     * @default 3000 on PostgreSQL, 0 on PGlite
     */
    gapTimeoutMs?: number;
    /** Rows scanned per query. @default 1000 */
    batchSize?: number;
    logger: Logger;
}
/**
 * The server's one reader of the events channel. It keeps a *horizon*: the
 * highest log id below which every row is committed (or gone for good), so a
 * stream that reads `id > last AND id <= horizon` in id order misses nothing
 * and repeats nothing. A NOTIFY (or the fallback poll) rescans the ids after
 * the horizon and wakes the subscribers whose task got events.
 */
export declare class EventFeed {
    private readonly db;
    private readonly wakeup;
    private readonly opts;
    private horizonValue;
    private readonly subscribers;
    /** First time each gap (keyed by its first missing id) was seen. */
    private readonly gaps;
    private closed;
    private loop;
    private readonly stopSignal;
    private readonly pollIntervalMs;
    private readonly gapTimeoutMs;
    private readonly batchSize;
    /** Scan failures so far (the loop logs them and goes on). */
    errors: number;
    private constructor();
    /** Listens on the events channel, finds the starting horizon and starts the scan loop. */
    static start(db: Db, opts: EventFeedOptions): Promise<EventFeed>;
    /** Every log id at or below this is final: committed, or never to appear. */
    get horizon(): number;
    /** Events after `afterId` up to the horizon, in id order: one task's, or every task's when `taskId` is null. */
    read(taskId: string | null, afterId: number, limit: number): Promise<EventView[]>;
    /** The task's status, or null when there is no such task. */
    taskStatus(taskId: string): Promise<TaskStatus | null>;
    /** The task's state as of log id `id`: the target of its latest task-level transition up to there. */
    taskStateAt(taskId: string, id: number): Promise<string | null>;
    subscribe(subscriber: FeedSubscriber): () => void;
    close(): Promise<void>;
    private run;
    /** Advances the horizon over every contiguous (or timed-out) id and wakes whom it concerns. */
    private scan;
    /** Moves the horizon along `refs`; true when it stopped at a gap that may still fill. */
    private advance;
}
