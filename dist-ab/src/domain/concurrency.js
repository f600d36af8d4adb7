/**
 * Concurrency keys (DESIGN §8), the pure part: a step's key resolved from its
 * task's context at submission, and what a step held back by its key says.
 */
import { resolveParams } from './references.js';
import { eventKey } from './waits.js';
/**
 * The key a step is counted under. Steps of every template share one space
 * of keys, so `customer:42` limits every workflow that names it.
 * @throws ReferenceResolutionError when the context lacks what the key references.
 */
export function resolveConcurrencyKey(spec, context) {
    return eventKey(resolveParams({ key: spec.key }, { context, steps: {} }).key);
}
/** A ready step's `waiting_reason` while its key is at its limit. */
export function concurrencyWaitReason(key, limit, running) {
    return running >= limit ? `concurrency key "${key}" is at its limit (${running} of ${limit} running)` : null;
}
/** The window key a rate-limited step counts under: its resolved `key`, or '' (one window for the name). */
export function resolveRateLimitKey(spec, context) {
    return spec.key === undefined ? '' : eventKey(resolveParams({ key: spec.key }, { context, steps: {} }).key);
}
/** A ready step's `waiting_reason` while its rate limit's window is full. */
export function rateLimitWaitReason(name, key, nextRoom) {
    return nextRoom === null ? null : `rate limit "${name}"${key === '' ? '' : ` (key "${key}")`} is used up; room again at ${nextRoom.toISOString()}`;
}
//# sourceMappingURL=concurrency.js.map