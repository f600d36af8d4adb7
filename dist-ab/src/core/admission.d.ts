import type { Queryable } from '../store/db.js';
export interface AdmissionOptions {
    /** Largest ready backlog that still admits work; 0 admits everything (no query). */
    limit: number;
    /** How long a backlog count is reused. @default 1000 */
    cacheMs?: number;
    /** @default Date.now */
    now?: () => number;
}
export interface Admission {
    /** Resolves when a submission may go ahead; throws `overloaded` when the backlog is over the limit. */
    check(): Promise<void>;
}
/** What a refused client reads; `Retry-After` is set by the API's error mapping. */
export declare const OVERLOADED_MESSAGE = "the ready backlog is over its limit (orchestrator.admission_limit); retry after the Retry-After delay";
export declare function createAdmission(db: Queryable, opts: AdmissionOptions): Admission;
