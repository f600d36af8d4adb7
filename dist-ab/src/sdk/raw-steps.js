/**
 * The builder's steps in the raw template shape (YAML's keys, snake_case,
 * before defaults), which `build()` hands to `validateTemplate` exactly as a
 * parsed YAML file would be.
 */
import { z } from 'zod';
export function retryToRaw(retry) {
    const raw = {};
    if (retry.maxAttempts !== undefined)
        raw.max_attempts = retry.maxAttempts;
    if (retry.backoff !== undefined)
        raw.backoff = retry.backoff;
    if (retry.baseMs !== undefined)
        raw.base_ms = retry.baseMs;
    if (retry.maxMs !== undefined)
        raw.max_ms = retry.maxMs;
    if (retry.jitter !== undefined)
        raw.jitter = retry.jitter;
    return raw;
}
/** A zod schema as the JSON Schema stored in the template (draft-07, as Ajv reads it; what is checked is the schema's input). */
export function zodToJsonSchema(schema) {
    const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-7', io: 'input' });
    return rest;
}
export function stepToRaw(name, handler, opts) {
    const raw = { name, handler };
    if (opts.kind !== undefined)
        raw.kind = opts.kind;
    if (opts.dependsOn !== undefined)
        raw.depends_on = [...opts.dependsOn];
    if (opts.params !== undefined)
        raw.params = structuredClone(opts.params);
    if (opts.retry !== undefined)
        raw.retry = retryToRaw(opts.retry);
    if (opts.timeoutSeconds !== undefined)
        raw.timeout_seconds = opts.timeoutSeconds;
    if (opts.labels !== undefined)
        raw.labels = { ...opts.labels };
    if (opts.fanOut !== undefined) {
        const fanOut = { each: opts.fanOut.each };
        if (opts.fanOut.batchSize !== undefined)
            fanOut.batch_size = opts.fanOut.batchSize;
        if (opts.fanOut.items !== undefined)
            fanOut.items = opts.fanOut.items;
        raw.fan_out = fanOut;
    }
    return raw;
}
function workerlessStep(name, kind, dependsOn, spec) {
    return { name, kind, ...(dependsOn === undefined ? {} : { depends_on: [...dependsOn] }), [kind]: spec };
}
/** `kind: sleep` with its spec; keys that are undefined are left out, as YAML would not have them. */
export function sleepToRaw(name, spec, opts) {
    const raw = {};
    if (spec.duration !== undefined)
        raw.duration = spec.duration;
    if (spec.until !== undefined)
        raw.until = spec.until;
    return workerlessStep(name, 'sleep', opts.dependsOn, raw);
}
/** `kind: workflow` with its child: namespace, name, the version if pinned, and the context as given. */
export function workflowToRaw(name, child, opts) {
    const spec = { namespace: child.namespace, name: child.name };
    if (child.version !== undefined)
        spec.version = child.version;
    spec.context = structuredClone(opts.context);
    const raw = workerlessStep(name, 'workflow', opts.dependsOn, spec);
    if (opts.retry !== undefined)
        raw.retry = retryToRaw(opts.retry);
    return raw;
}
/** `kind: wait` with its spec: camelCase to YAML's keys, a zod schema to JSON Schema. */
export function waitToRaw(name, spec, opts) {
    const raw = {};
    if (spec.signal !== undefined)
        raw.signal = spec.signal;
    if (spec.event !== undefined)
        raw.event = spec.event;
    if (spec.match !== undefined)
        raw.match = spec.match;
    if (spec.timeout !== undefined)
        raw.timeout = spec.timeout;
    if (spec.onTimeout !== undefined)
        raw.on_timeout = spec.onTimeout;
    if (spec.schema !== undefined)
        raw.schema = spec.schema instanceof z.ZodType ? zodToJsonSchema(spec.schema) : structuredClone(spec.schema);
    return workerlessStep(name, 'wait', opts.dependsOn, raw);
}
//# sourceMappingURL=raw-steps.js.map