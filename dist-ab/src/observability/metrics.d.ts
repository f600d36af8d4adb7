import { Registry } from 'prom-client';
import type { ClaimObservation } from '../core/claim.js';
import type { TaskUnit } from '../core/task-unit.js';
import type { WorkerPoolObserver } from '../core/worker-pool.js';
import type { ScheduleObserver } from '../core/scheduler.js';
import type { Db } from '../store/db.js';
export interface BatonMetrics {
    readonly registry: Registry;
    /** Counts a committed unit's submissions, finished tasks and attempts. */
    recordUnit(unit: TaskUnit): void;
    /** Observes the queue wait of claimed steps. */
    recordClaims(claims: ClaimObservation[]): void;
    /** Observes one HTTP request; `route` is the route pattern (`/v1/tasks/:id`), never the raw URL. */
    recordHttpRequest(method: string, route: string, status: number, seconds: number): void;
    /**
     * Open Server-Sent Events streams: a count, or a function read on every
     * scrape (`app.metrics.setSseClients(() => hub.openStreams)`).
     */
    setSseClients(count: number | (() => number)): void;
    /** The worker pool's observer (HTTP worker protocol): registrations, claims, hand-backs, heartbeats, removals. */
    readonly workerPool: Required<WorkerPoolObserver>;
    /** The scheduler's observer: slots fired or skipped, and how late they fired. */
    readonly schedules: ScheduleObserver;
    /**
     * Reads `db`'s ready backlog, workers and connection pool on scrape.
     * Returns the function that stops it.
     */
    readFrom(db: Db): () => void;
}
export interface CreateMetricsOptions {
    /** Node process metrics (CPU, memory, event loop lag, GC). @default true */
    processMetrics?: boolean;
}
export declare function createMetrics(opts?: CreateMetricsOptions): BatonMetrics;
