/**
 * The readiness decision (`GET /health/ready`), as a pure function over values
 * gathered elsewhere, so every combination can be tested without a database.
 * A process is ready when the database answers, its LISTEN connection is up
 * (or it polls), the ready backlog and the oldest ready step are within their
 * limits, and it is not shutting down.
 */
import type { OrchestratorMode } from '../config/schema.js';
export interface ReadinessInput {
    /** `SELECT 1` answered within its timeout. */
    databaseOk: boolean;
    /** Why it did not (shown in the body). */
    databaseError?: string;
    /** The LISTEN connection is receiving notifications. */
    listenerOk: boolean;
    /** In `polling` mode nothing listens, so the listener is not checked. */
    mode: OrchestratorMode;
    /** Ready steps visible now; null when unknown (the database did not answer). */
    readyBacklog: number | null;
    /** Largest backlog still ready; 0 means no limit. */
    backlogLimit: number;
    /** Age of the oldest visible ready step in ms (0 when none); null when unknown. */
    oldestReadyAgeMs: number | null;
    /** Oldest ready step age still ready; 0 means no limit. */
    oldestReadyLimitMs: number;
    /** The server is closing: load balancers should stop sending requests. */
    shuttingDown: boolean;
}
export interface ReadinessCheck {
    ok: boolean;
    value?: unknown;
    limit?: unknown;
    error?: string;
}
export interface Readiness {
    ready: boolean;
    checks: Record<'database' | 'listener' | 'backlog' | 'oldest_ready' | 'shutdown', ReadinessCheck>;
}
export declare function evaluateReadiness(input: ReadinessInput): Readiness;
/** Names of the failed checks, for a log line or a message. */
export declare function failedChecks(readiness: Readiness): string[];
