/**
 * Named rate limits and the claim of rate-limited steps (DESIGN §8). A
 * window per name and key holds the start times of the last units taken; a
 * claim locks the windows it visits (SKIP LOCKED: another claim has them),
 * takes steps while their units fit under the limit within the last `per`,
 * and records their starts, all in one statement, so no process can start
 * more than the limit in any stretch of `per`.
 */
import type { Queryable } from './db.js';
import { type ClaimedStep, type ClaimRequest } from './leases.js';
export interface RateLimitRow {
    name: string;
    limit: number;
    per_ms: number;
    updated_at: Date;
}
/** Creates or replaces a named limit. */
export declare function upsertRateLimit(db: Queryable, name: string, limit: number, perMs: number): Promise<RateLimitRow>;
export declare function listRateLimits(db: Queryable): Promise<RateLimitRow[]>;
/** Which of `names` are not declared. */
export declare function unknownRateLimits(db: Queryable, names: string[]): Promise<string[]>;
/** Up to `limit` (name, key) pairs with ready rate-limited steps, after `after` (a loose index scan). */
export declare function readyWindowsAfter(db: Queryable, after: {
    name: string;
    key: string;
}, limit: number): Promise<{
    name: string;
    key: string;
}[]>;
/**
 * Claims up to `req.limit` ready steps of these windows, round-robin across
 * them, each window no further than its limit allows now; records the starts.
 */
export declare function claimRateLimitedSteps(db: Queryable, req: ClaimRequest, windows: {
    name: string;
    key: string;
}[]): Promise<ClaimedStep[]>;
/** When each window has room again (its oldest start leaves the window), for windows of ready steps; null: room now. */
export declare function windowsNextRoom(db: Queryable, windows: {
    name: string;
    key: string;
}[]): Promise<Map<string, Date | null>>;
/** The earliest time a full window of ready steps for these handlers has room again (the idle worker's next look). */
export declare function nextWindowRoom(db: Queryable, handlers: string[]): Promise<Date | null>;
