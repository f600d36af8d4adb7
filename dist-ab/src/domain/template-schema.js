/**
 * The shape of a template as written (DESIGN §2), as zod schemas. Objects are
 * strict so that a misspelt key (`retyr:`) is an error rather than silently
 * ignored. Each field carries one message saying what it must be; cross-field
 * and graph rules live in `template-checks.ts`.
 */
import { z } from 'zod';
import { parseDuration } from './duration.js';
import { BackoffKinds, FailureModes, StepKinds, TimeoutActions } from './types.js';
const DAY_SECONDS = 86_400;
/** Limits a template must stay within. */
export const TemplateLimits = {
    /** The default step cap; a server's `templates.max_steps` replaces it. */
    maxSteps: 10_000,
    maxAttempts: 1000,
    /** base_ms and max_ms: one day. */
    maxDelayMs: DAY_SECONDS * 1000,
    stepTimeoutSeconds: DAY_SECONDS,
    taskTimeoutSeconds: 30 * DAY_SECONDS,
    handlerLength: 200,
};
/** Names of namespaces, templates and steps. */
export const IDENTIFIER = /^[a-zA-Z][a-zA-Z0-9_.-]{0,127}$/;
// Versions appear in URLs and in `ns/name@version`, so no `/`, `@` or spaces.
const VERSION = /^[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}$/;
const IDENTIFIER_RULE = 'must start with a letter and contain only letters, digits, "_", "." or "-" (at most 128 characters)';
const err = (text) => ({ error: text });
function identifier() {
    return z.string(err(IDENTIFIER_RULE)).regex(IDENTIFIER, err(IDENTIFIER_RULE));
}
function intBetween(min, max) {
    const e = err(`must be an integer between ${min} and ${max}`);
    return z.number(e).int(e).min(min, e).max(max, e);
}
function secondsUpTo(max, human) {
    const e = err(`must be a positive number of seconds, at most ${max} (${human}), or null`);
    return z.number(e).positive(e).max(max, e).nullable();
}
function oneOf(values) {
    return z.enum(values, err(`must be one of ${values.join(', ')}`));
}
/** YAML reads `gpu: true` and `zone: 3` as non-strings; a label means text. */
const toText = (v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v);
/** YAML reads `version: 1` as a number; a version means text. */
const numberToText = (v) => (typeof v === 'number' ? String(v) : v);
// z.custom passes the object through untouched: z.record would drop a
// `__proto__` key, and params must reach handlers exactly as written.
const jsonObject = (what) => z.custom((v) => typeof v === 'object' && v !== null && !Array.isArray(v), err(`must be ${what}`));
const retrySchema = z.strictObject({
    max_attempts: intBetween(1, TemplateLimits.maxAttempts).optional(),
    backoff: oneOf(BackoffKinds).optional(),
    base_ms: intBetween(0, TemplateLimits.maxDelayMs).optional(),
    max_ms: intBetween(0, TemplateLimits.maxDelayMs).optional(),
    jitter: z.boolean(err('must be true or false')).optional(),
}, err('must be an object with max_attempts, backoff, base_ms, max_ms or jitter'));
const fanOutSchema = z.strictObject({
    each: identifier(),
    batch_size: z.number(err('must be a positive integer')).int(err('must be a positive integer')).min(1, err('must be a positive integer')).optional(),
    items: z.string(err('must be a ${...} reference string')).optional(),
}, err('must be an object with each, batch_size and items'));
const DURATION_RULE = 'must be a duration such as "90s", "15m", "48h" or "3d"';
const duration = () => z.string(err(DURATION_RULE)).refine((v) => (parseDuration(v) ?? 0) > 0, err(DURATION_RULE));
const sleepSchema = z.strictObject({
    duration: duration().optional(),
    until: z.string(err('must be a time: an ISO 8601 string or a ${...} reference to one')).min(1, err('must not be empty')).optional(),
}, err('must be an object with duration or until'));
const waitSchema = z.strictObject({
    signal: identifier().optional(),
    event: identifier().optional(),
    match: z.preprocess(numberToText, z.string(err('must be a key, or a ${...} reference to one'))).optional(),
    timeout: duration().optional(),
    on_timeout: oneOf(TimeoutActions).optional(),
    schema: jsonObject('a JSON Schema object').optional(),
}, err('must be an object with signal, or event and match'));
const workflowSchema = z.strictObject({
    namespace: identifier(),
    name: identifier(),
    version: z.preprocess(numberToText, z.string(err('must be a version string such as "1.0.0"')).regex(VERSION, err('must be a version string such as "1.0.0"'))).optional(),
    context: jsonObject("an object (the child task's context; ${...} references allowed)").optional(),
}, err('must be an object with namespace, name, version and context'));
const concurrencySchema = z.strictObject({
    key: z.preprocess(numberToText, z.string(err('must be a key, or a ${context...} reference to one')).min(1, err('must not be empty'))),
    limit: intBetween(1, 100_000),
}, err('must be an object with key and limit'));
const rateLimitSchema = z.strictObject({
    name: identifier(),
    key: z.preprocess(numberToText, z.string(err('must be a key, or a ${context...} reference to one')).min(1, err('must not be empty'))).optional(),
    units: intBetween(1, 100_000).optional(),
}, err('must be an object with name, key and units'));
const labelsSchema = z.record(z.string().min(1, err('names must not be empty')), z.preprocess(toText, z.string(err('must be a string, number or boolean'))), err('must be an object of label names to values'));
const stepSchema = z.strictObject({
    name: identifier(),
    // Required unless the kind needs no worker (sleep, wait): template-checks says which.
    handler: z
        .string(err('must be a handler name'))
        .min(1, err('must not be empty'))
        .max(TemplateLimits.handlerLength, err(`must be at most ${TemplateLimits.handlerLength} characters`))
        .optional(),
    kind: oneOf(StepKinds).optional(),
    depends_on: z.array(z.string(err('must be a step name')), err('must be a list of step names')).optional(),
    params: jsonObject('an object').optional(),
    retry: retrySchema.optional(),
    timeout_seconds: secondsUpTo(TemplateLimits.stepTimeoutSeconds, '1 day').optional(),
    labels: labelsSchema.optional(),
    fan_out: fanOutSchema.optional(),
    sleep: sleepSchema.optional(),
    wait: waitSchema.optional(),
    workflow: workflowSchema.optional(),
    concurrency: concurrencySchema.optional(),
    rate_limit: rateLimitSchema.optional(),
}, err('must be an object with at least name and handler'));
/** The raw template shape; normalisation happens after it passes. */
export const templateSchema = z.strictObject({
    namespace: identifier(),
    name: identifier(),
    version: z.preprocess(numberToText, z.string(err('must be a string such as "1.0.0"')).regex(VERSION, err('must be 1-64 letters, digits, ".", "_", "+" or "-", starting with a letter or digit'))),
    description: z.string(err('must be a string')).optional(),
    input_schema: jsonObject('a JSON Schema object').optional(),
    timeout_seconds: secondsUpTo(TemplateLimits.taskTimeoutSeconds, '30 days').optional(),
    on_failure: oneOf(FailureModes).optional(),
    mode: oneOf(['dag', 'sequential']).optional(),
    defaults: z
        .strictObject({
        retry: retrySchema.optional(),
        timeout_seconds: secondsUpTo(TemplateLimits.stepTimeoutSeconds, '1 day').optional(),
        concurrency: concurrencySchema.optional(),
    }, err('must be an object with retry, timeout_seconds or concurrency'))
        .optional(),
    // The step cap is checked separately, before parsing: zod skips element
    // issues once an array-size check fails, and every issue must be reported.
    steps: z.array(stepSchema, err('must be a list of steps')).min(1, err('must list at least one step')),
}, err('must be an object (a mapping with namespace, name, version and steps)'));
/** Keys allowed in the object at `path`, for "did you mean" hints. */
function knownKeysAt(path) {
    const last = path[path.length - 1];
    if (path.length === 0)
        return Object.keys(templateSchema.shape);
    if (last === 'retry')
        return Object.keys(retrySchema.shape);
    if (last === 'fan_out')
        return Object.keys(fanOutSchema.shape);
    if (last === 'sleep')
        return Object.keys(sleepSchema.shape);
    if (last === 'wait')
        return Object.keys(waitSchema.shape);
    if (last === 'workflow')
        return Object.keys(workflowSchema.shape);
    if (last === 'defaults')
        return ['retry', 'timeout_seconds', 'concurrency'];
    if (last === 'concurrency')
        return Object.keys(concurrencySchema.shape);
    if (last === 'rate_limit')
        return Object.keys(rateLimitSchema.shape);
    if (path[0] === 'steps' && path.length === 2)
        return Object.keys(stepSchema.shape);
    return [];
}
/** Edit distance, for suggesting the key a typo meant. */
function distance(a, b) {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const row = [i];
        for (let j = 1; j <= b.length; j++) {
            row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        prev = row;
    }
    return prev[b.length];
}
function suggestKey(key, known) {
    const best = known
        .map((k) => ({ k, d: distance(key.toLowerCase(), k) }))
        .filter((c) => c.d <= 2)
        .sort((a, b) => a.d - b.d)[0];
    return best ? ` (did you mean "${best.k}"?)` : '';
}
function valueAt(input, path) {
    let v = input;
    for (const part of path) {
        if (typeof v !== 'object' || v === null)
            return undefined;
        v = v[part];
    }
    return v;
}
/**
 * Checks the shape of a raw template, records every problem in `issues` and
 * returns the parsed data when there were none.
 */
export function checkTemplateShape(input, issues) {
    const result = templateSchema.safeParse(input);
    if (result.success)
        return result.data;
    for (const issue of result.error.issues) {
        if (issue.code === 'unrecognized_keys') {
            const known = knownKeysAt(issue.path);
            for (const key of issue.keys)
                issues.add([...issue.path, key], `is not a known key${suggestKey(key, known)}`);
        }
        else if (issue.code === 'invalid_key') {
            issues.add(issue.path, `has a bad name: ${issue.issues[0]?.message ?? issue.message}`);
        }
        else if (issue.code === 'invalid_type' && issue.path.length > 0 && valueAt(input, issue.path) === undefined) {
            issues.add(issue.path, 'is required');
        }
        else {
            issues.add(issue.path, issue.message);
        }
    }
    return undefined;
}
//# sourceMappingURL=template-schema.js.map