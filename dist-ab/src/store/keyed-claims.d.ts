/**
 * The claim of steps with a concurrency key (DESIGN §8): at most the key's
 * limit of them run at once, across every process. A claim visits keys in
 * turn, from a cursor its caller keeps, so one key's backlog does not starve
 * another's; it takes a transaction-scoped advisory lock per key (skipping a
 * key another claim holds), counts the key's running steps under that lock,
 * and takes only what the limit leaves. Steps leave `running` without the
 * lock, which only frees room: the count can be stale only on the safe side.
 */
import type { Queryable } from './db.js';
import { type ClaimedStep, type ClaimRequest } from './leases.js';
/**
 * Up to `limit` keys that have ready steps, in key order after `after`
 * (a loose index scan of `steps_ready_keyed_idx`: one probe per key, however
 * many steps each key has ready).
 */
export declare function readyKeysAfter(db: Queryable, after: string, limit: number): Promise<string[]>;
/**
 * Claims up to `req.limit` ready steps of `keys`, round-robin: every key's
 * first step, then every key's second, and so on, each key no further than
 * its limit minus what it has running.
 */
export declare function claimKeyedSteps(db: Queryable, req: ClaimRequest, keys: string[]): Promise<ClaimedStep[]>;
/** Running steps per key, for the keys of `keys` (a ready step's `waiting_reason`). */
export declare function countRunningByKey(db: Queryable, keys: string[]): Promise<Map<string, number>>;
