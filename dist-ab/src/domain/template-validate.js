/**
 * Raw template data -> a normalised TemplateDefinition, or one error listing
 * every problem (DESIGN §2).
 *
 * Three passes over the same input, all of which always run: the step cap,
 * the shape (zod), and the cross-field rules (names, dependencies, cycles,
 * references). Only when none found a problem is the output built, with
 * defaults applied and `mode: sequential` expanded, so the engine never
 * re-derives them.
 */
import { inputSchemaProblem } from './input-schema.js';
import { checkTemplateRules } from './template-checks.js';
import { IssueCollector, createTemplateError, templateLabel } from './template-issues.js';
import { TemplateLimits, checkTemplateShape } from './template-schema.js';
import { DEFAULT_RETRY } from './types.js';
/** How an author whose template is over the step cap can raise it. */
const RAISE_STEP_CAP = 'raise the cap with templates.max_steps in baton.toml or BATON_TEMPLATES_MAX_STEPS';
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** Later layers win, key by key; a missing key falls through to the layer below. */
function mergeRetry(...layers) {
    const out = { ...DEFAULT_RETRY };
    for (const layer of layers) {
        if (!layer)
            continue;
        if (layer.max_attempts !== undefined)
            out.max_attempts = layer.max_attempts;
        if (layer.backoff !== undefined)
            out.backoff = layer.backoff;
        if (layer.base_ms !== undefined)
            out.base_ms = layer.base_ms;
        if (layer.max_ms !== undefined)
            out.max_ms = layer.max_ms;
        if (layer.jitter !== undefined)
            out.jitter = layer.jitter;
    }
    return out;
}
function normalise(raw) {
    const sequential = raw.mode === 'sequential';
    const defaultTimeout = raw.defaults?.timeout_seconds ?? null;
    const steps = raw.steps.map((s, i) => {
        // mode: sequential: a step that names no depends_on follows the one before it;
        // an explicit `depends_on: []` still makes a root.
        const dependsOn = s.depends_on ?? (sequential && i > 0 ? [raw.steps[i - 1].name] : []);
        const step = {
            name: s.name,
            // A worker-less step is stored with no handler, so no worker's claim can take it.
            handler: s.handler ?? '',
            kind: s.kind ?? 'task',
            depends_on: [...dependsOn],
            // Shape and JSON-ness were checked; the cast only narrows unknown to JSON.
            // A copy, so that the stored definition shares nothing with the input.
            params: structuredClone(s.params ?? {}),
            retry: mergeRetry(raw.defaults?.retry, s.retry),
            timeout_seconds: s.timeout_seconds === undefined ? defaultTimeout : s.timeout_seconds,
            labels: { ...(s.labels ?? {}) },
        };
        const concurrency = s.concurrency ?? raw.defaults?.concurrency;
        const worker = s.kind !== 'sleep' && s.kind !== 'wait' && s.kind !== 'workflow';
        // A step's own rate limit takes it out of the template's default concurrency (the two do not combine).
        if (concurrency && worker && !s.rate_limit)
            step.concurrency = { key: concurrency.key, limit: concurrency.limit };
        if (s.rate_limit && worker)
            step.rate_limit = { name: s.rate_limit.name, units: s.rate_limit.units ?? 1, ...(s.rate_limit.key !== undefined ? { key: s.rate_limit.key } : {}) };
        if (s.kind === 'workflow' && s.workflow) {
            // A failed child is started again by the step's retry policy; the child's own template bounds its time.
            step.handler = '';
            step.timeout_seconds = null;
            step.workflow = { namespace: s.workflow.namespace, name: s.workflow.name, context: structuredClone(s.workflow.context ?? {}) };
            if (s.workflow.version !== undefined)
                step.workflow.version = s.workflow.version;
        }
        if (s.kind === 'sleep' || s.kind === 'wait') {
            // The engine runs it once: no retries, no per-attempt timeout (a wait has its own).
            step.retry = { ...DEFAULT_RETRY, max_attempts: 1 };
            step.timeout_seconds = null;
        }
        if (s.kind === 'sleep' && s.sleep)
            step.sleep = { ...s.sleep };
        if (s.kind === 'wait' && s.wait) {
            const { schema, ...rest } = s.wait;
            step.wait = { ...rest, on_timeout: s.wait.on_timeout ?? 'fail' };
            if (schema !== undefined)
                step.wait.schema = structuredClone(schema);
        }
        if (s.kind === 'fan_out' && s.fan_out) {
            step.fan_out = { each: s.fan_out.each, batch_size: s.fan_out.batch_size ?? 1 };
            if (s.fan_out.items !== undefined)
                step.fan_out.items = s.fan_out.items;
        }
        return step;
    });
    const def = {
        namespace: raw.namespace,
        name: raw.name,
        version: raw.version,
        timeout_seconds: raw.timeout_seconds ?? null,
        on_failure: raw.on_failure ?? 'stop',
        steps,
    };
    if (raw.description !== undefined)
        def.description = raw.description;
    if (raw.input_schema !== undefined)
        def.input_schema = structuredClone(raw.input_schema);
    return def;
}
/** The retry a sleep or wait step is stored with (the engine runs it once). */
const WORKERLESS_RETRY = { ...DEFAULT_RETRY, max_attempts: 1 };
/**
 * A stored definition validates again to itself (`registerTemplate(workflow.build())`,
 * a definition read back from the API): its sleep and wait steps carry the
 * normalised handler '', empty params and labels, no timeout and the run-once
 * retry, which are dropped here rather than refused as a worker's settings.
 */
function withoutStoredWorkerDefaults(input) {
    if (!isRecord(input) || !Array.isArray(input.steps))
        return input;
    const isEmpty = (value) => isRecord(value) && Object.keys(value).length === 0;
    const steps = input.steps.map((step) => {
        if (!isRecord(step) || (step.kind !== 'sleep' && step.kind !== 'wait' && step.kind !== 'workflow'))
            return step;
        const out = { ...step };
        if (out.handler === '')
            delete out.handler;
        if (isEmpty(out.params))
            delete out.params;
        if (isEmpty(out.labels))
            delete out.labels;
        if (out.timeout_seconds === null)
            delete out.timeout_seconds;
        const retry = out.retry;
        // A workflow step keeps its retry (a failed child is started again).
        if (step.kind !== 'workflow' &&
            isRecord(retry) &&
            Object.keys(retry).length === Object.keys(WORKERLESS_RETRY).length &&
            Object.entries(WORKERLESS_RETRY).every(([k, v]) => retry[k] === v)) {
            delete out.retry;
        }
        return out;
    });
    return { ...input, steps };
}
/**
 * Validates and normalises a raw template (as parsed from YAML or JSON).
 *
 * The result has exactly the TemplateDefinition shape: no `mode` or
 * `defaults`; every step with depends_on, params, a fully resolved retry
 * (step retry over `defaults.retry` over DEFAULT_RETRY), timeout_seconds,
 * labels and kind; `fan_out` only on fan_out steps. Steps keep their order.
 *
 * @throws BatonError `invalid_template` whose message names the template and
 *   whose `details.issues` lists every problem as `{ path, step?, message }`.
 * @example validateTemplate(parseTemplateSource(yamlText))
 */
export function validateTemplate(given, options = {}) {
    const input = withoutStoredWorkerDefaults(given);
    const issues = new IssueCollector(input);
    const maxSteps = options.maxSteps ?? TemplateLimits.maxSteps;
    // The cap first: past it the upstream part of the reference check is
    // skipped, but every other check still runs so the author sees everything.
    if (isRecord(input) && Array.isArray(input.steps) && input.steps.length > maxSteps) {
        issues.add(['steps'], `must list at most ${maxSteps} steps (found ${input.steps.length}); ${RAISE_STEP_CAP}`);
    }
    const raw = checkTemplateShape(input, issues);
    const handlers = options.knownHandlers === undefined ? undefined : new Set(options.knownHandlers);
    checkTemplateRules(input, issues, { maxSteps, ...(handlers ? { knownHandlers: handlers } : {}) });
    if (isRecord(input) && isRecord(input.input_schema)) {
        const problem = inputSchemaProblem(input.input_schema);
        if (problem !== null)
            issues.add(['input_schema'], `is not a valid JSON Schema: ${problem}`);
    }
    if (raw === undefined || issues.size > 0)
        throw createTemplateError(templateLabel(input), issues.issues());
    return normalise(raw);
}
//# sourceMappingURL=template-validate.js.map