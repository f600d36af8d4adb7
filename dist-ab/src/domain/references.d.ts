/**
 * `${...}` references in step params (DESIGN §2).
 *
 * `${context.a.b}` reads the task context; `${steps.<name>.<path>}` reads an
 * upstream step's output (`${steps.<name>}` is the whole output). Path segments
 * are object keys or array indexes (`${steps.a.items.0.id}`). Resolution is a
 * plain walk over JSON: no eval, and resolved values are never scanned again,
 * so a context string that contains `${...}` stays literal text.
 */
import type { JsonObject, JsonValue } from './types.js';
/** One `${...}` occurrence. */
export interface Reference {
    /** The reference as written, e.g. `${steps.validate.items}`. */
    raw: string;
    root: 'context' | 'steps' | 'unknown';
    /** For `steps` references: the step named; absent for `${steps}`. */
    step?: string;
    /**
     * Segments after the root (and after the step name for `steps`). For an
     * `unknown` root, every segment, starting with the unknown root's name.
     */
    path: string[];
}
/** What a reference can read when a step becomes ready. */
export interface ReferenceScope {
    context: JsonObject;
    /** Outputs of the step's upstream steps, by name. */
    steps: Record<string, JsonValue>;
}
/** Thrown when a reference cannot be resolved; the message names the reference. */
export declare class ReferenceResolutionError extends Error {
    /** The reference as written, e.g. `${steps.validate.items}`. */
    readonly reference: string;
    constructor(reference: string, message: string);
}
/** The references inside one string, in order of appearance. */
export declare function findReferencesInString(text: string): Reference[];
/** The reference when `text` is exactly one `${...}` (and nothing else), else null. */
export declare function parseWholeReference(text: string): Reference | null;
/** Every reference in a JSON value, walking nested arrays and objects (values only, not keys). */
export declare function findReferences(value: JsonValue): Reference[];
/**
 * The value a reference points at.
 *
 * @throws ReferenceResolutionError when the root is unknown, the step has no
 *   output in scope, or a path segment is missing.
 */
export declare function resolveReference(ref: Reference, scope: ReferenceScope): JsonValue;
/**
 * Resolves every `${...}` in a step's params, recursively. A string that is
 * exactly one reference becomes the referenced value with its JSON type; a
 * reference inside a longer string is interpolated as text (objects and arrays
 * as JSON, null as `null`). The input is not modified.
 *
 * @example resolveParams({ n: '${context.n}', s: 'n=${context.n}' }, { context: { n: 2 }, steps: {} })
 *   // { n: 2, s: 'n=2' }
 * @throws ReferenceResolutionError naming the first reference that cannot be resolved.
 */
export declare function resolveParams(params: JsonObject, scope: ReferenceScope): JsonObject;
