/**
 * Concurrency keys (DESIGN §8), the pure part: a step's key resolved from its
 * task's context at submission, and what a step held back by its key says.
 */
import { resolveParams } from './references.js';
import type { ConcurrencySpec, JsonObject } from './types.js';
import { eventKey } from './waits.js';

/**
 * The key a step is counted under. Steps of every template share one space
 * of keys, so `customer:42` limits every workflow that names it.
 * @throws ReferenceResolutionError when the context lacks what the key references.
 */
export function resolveConcurrencyKey(spec: ConcurrencySpec, context: JsonObject): string {
  return eventKey(resolveParams({ key: spec.key }, { context, steps: {} }).key);
}

/** A ready step's `waiting_reason` while its key is at its limit. */
export function concurrencyWaitReason(key: string, limit: number, running: number): string | null {
  return running >= limit ? `concurrency key "${key}" is at its limit (${running} of ${limit} running)` : null;
}
