import type { ConcurrencySpec, JsonObject, RateLimitSpec } from './types.js';
/**
 * The key a step is counted under. Steps of every template share one space
 * of keys, so `customer:42` limits every workflow that names it.
 * @throws ReferenceResolutionError when the context lacks what the key references.
 */
export declare function resolveConcurrencyKey(spec: ConcurrencySpec, context: JsonObject): string;
/** A ready step's `waiting_reason` while its key is at its limit. */
export declare function concurrencyWaitReason(key: string, limit: number, running: number): string | null;
/** The window key a rate-limited step counts under: its resolved `key`, or '' (one window for the name). */
export declare function resolveRateLimitKey(spec: RateLimitSpec, context: JsonObject): string;
/** A ready step's `waiting_reason` while its rate limit's window is full. */
export declare function rateLimitWaitReason(name: string, key: string, nextRoom: Date | null): string | null;
