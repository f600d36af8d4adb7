/** Thrown when a reference cannot be resolved; the message names the reference. */
export class ReferenceResolutionError extends Error {
    /** The reference as written, e.g. `${steps.validate.items}`. */
    reference;
    constructor(reference, message) {
        super(`${reference}: ${message}`);
        this.name = 'ReferenceResolutionError';
        this.reference = reference;
    }
}
// Braces cannot nest inside a reference, so `[^{}]*` finds each one without
// backtracking; an unclosed `${` is left as literal text.
const REFERENCE = /\$\{([^{}]*)\}/g;
const WHOLE_REFERENCE = /^\$\{([^{}]*)\}$/;
const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;
function toReference(raw, inner) {
    const segments = inner.split('.').map((s) => s.trim());
    const [root, ...rest] = segments;
    if (root === 'context')
        return { raw, root: 'context', path: rest };
    if (root === 'steps') {
        if (rest.length === 0)
            return { raw, root: 'steps', path: [] };
        const [step, ...path] = rest;
        return { raw, root: 'steps', step, path };
    }
    return { raw, root: 'unknown', path: segments };
}
/** The references inside one string, in order of appearance. */
export function findReferencesInString(text) {
    const out = [];
    for (const match of text.matchAll(REFERENCE))
        out.push(toReference(match[0], match[1]));
    return out;
}
/** The reference when `text` is exactly one `${...}` (and nothing else), else null. */
export function parseWholeReference(text) {
    const match = WHOLE_REFERENCE.exec(text);
    return match ? toReference(match[0], match[1]) : null;
}
/** Every reference in a JSON value, walking nested arrays and objects (values only, not keys). */
export function findReferences(value) {
    const out = [];
    // Iterative walk: params come from users and may nest deeply.
    const stack = [value];
    while (stack.length > 0) {
        const v = stack.pop();
        if (typeof v === 'string')
            out.push(...findReferencesInString(v));
        else if (Array.isArray(v))
            for (let i = v.length - 1; i >= 0; i--)
                stack.push(v[i]);
        else if (v !== null && typeof v === 'object')
            stack.push(...Object.values(v).reverse());
    }
    return out;
}
function describe(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return `an array of ${value.length}`;
    return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
/** Walks `path` into `start`; `owner` names the start in error messages (`step "a"`, `context`). */
function walk(ref, start, owner) {
    let current = start;
    for (let i = 0; i < ref.path.length; i++) {
        const segment = ref.path[i];
        if (Array.isArray(current) && ARRAY_INDEX.test(segment) && Number(segment) < current.length) {
            current = current[Number(segment)];
        }
        else if (isPlainObject(current) && Object.hasOwn(current, segment)) {
            // hasOwn: `constructor` or `__proto__` must not reach the prototype chain.
            current = current[segment];
        }
        else {
            const field = ref.path.slice(0, i + 1).join('.');
            // Say what was found instead when it was not an object: the usual mistake.
            const parent = i === 0 ? 'the output' : `"${ref.path.slice(0, i).join('.')}"`;
            const found = isPlainObject(current) ? '' : ` (${parent} is ${describe(current)})`;
            throw new ReferenceResolutionError(ref.raw, `${owner} has no field "${field}"${found}`);
        }
    }
    return current;
}
function isPlainObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
}
/**
 * The value a reference points at.
 *
 * @throws ReferenceResolutionError when the root is unknown, the step has no
 *   output in scope, or a path segment is missing.
 */
export function resolveReference(ref, scope) {
    if (ref.root === 'context')
        return walk(ref, scope.context, 'context');
    if (ref.root === 'steps') {
        if (ref.step === undefined)
            throw new ReferenceResolutionError(ref.raw, 'names no step; use ${steps.<name>...}');
        if (!Object.hasOwn(scope.steps, ref.step)) {
            throw new ReferenceResolutionError(ref.raw, `step "${ref.step}" has no output here (it must be upstream and complete)`);
        }
        return walk(ref, scope.steps[ref.step], `step "${ref.step}"`);
    }
    throw new ReferenceResolutionError(ref.raw, `unknown reference root "${ref.path[0] ?? ''}"; use context or steps`);
}
function asText(value) {
    if (typeof value === 'string')
        return value;
    if (value === null || typeof value !== 'object')
        return String(value);
    return JSON.stringify(value);
}
function resolveString(text, scope) {
    const whole = parseWholeReference(text);
    // A whole-string reference keeps the referenced JSON type (a number stays a number).
    if (whole)
        return resolveReference(whole, scope);
    return text.replace(REFERENCE, (raw, inner) => asText(resolveReference(toReference(raw, inner), scope)));
}
function resolveValue(value, scope) {
    if (typeof value === 'string')
        return resolveString(value, scope);
    if (Array.isArray(value))
        return value.map((v) => resolveValue(v, scope));
    if (value !== null && typeof value === 'object')
        return resolveObject(value, scope);
    return value;
}
function resolveObject(obj, scope) {
    const out = {};
    for (const [key, v] of Object.entries(obj)) {
        // defineProperty: a `__proto__` key in user params stays a plain own key.
        Object.defineProperty(out, key, { value: resolveValue(v, scope), enumerable: true, writable: true, configurable: true });
    }
    return out;
}
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
export function resolveParams(params, scope) {
    return resolveObject(params, scope);
}
//# sourceMappingURL=references.js.map