/**
 * The `templates` workload: what a large template costs before any task runs.
 * Validation alone, and registration through the engine (validation, digest,
 * insert), for a chain and for a wide layered graph whose references are
 * mostly not direct dependencies (the upstream check's harder case), plus how
 * long a template with several mistakes takes to list all of them, and one
 * task submitted of each.
 */
import { validateTemplate } from '../domain/template-validate.js';
import { BatonError } from '../errors.js';
import { round2 } from './measure.js';
import { BENCH_HANDLER } from './shapes.js';
/** Width of each layer of the layered template. */
const LAYER_WIDTH = 100;
/** Validations timed after the first registration; the median is reported. */
const VALIDATE_RUNS = 5;
/** `n` steps in a line; each reads its parent's output and the first step's. */
export function chainTemplate(n) {
    const steps = Array.from({ length: n }, (_, i) => ({
        name: `s${i}`,
        handler: BENCH_HANDLER,
        depends_on: i === 0 ? [] : [`s${i - 1}`],
        params: i === 0 ? {} : { parent: `\${steps.s${i - 1}.value}`, first: '${steps.s0.value}' },
    }));
    return { namespace: 'bench', name: `template_chain_${n}`, version: '1', steps };
}
/**
 * `n` steps in layers of LAYER_WIDTH; step j of a layer waits for steps j and
 * j+1 of the layer before, and reads step j of the layer two back (upstream,
 * but not a direct dependency).
 */
export function layeredTemplate(n) {
    const name = (layer, j) => `l${layer}_${j}`;
    const steps = Array.from({ length: n }, (_, i) => {
        const layer = Math.floor(i / LAYER_WIDTH);
        const j = i % LAYER_WIDTH;
        const depends_on = layer === 0 ? [] : [...new Set([name(layer - 1, j), name(layer - 1, (j + 1) % LAYER_WIDTH)])];
        const params = layer < 2 ? {} : { back: `\${steps.${name(layer - 2, j)}.value}`, id: `${name(layer, j)}-\${context.run}` };
        return { name: name(layer, j), handler: BENCH_HANDLER, depends_on, params };
    });
    return { namespace: 'bench', name: `template_layered_${n}`, version: '1', steps };
}
/** Mistakes spread through the broken template. */
const MISTAKES = 10;
/** The layered template with MISTAKES mistakes spread evenly, of four kinds in turn. */
function brokenTemplate(n) {
    const template = layeredTemplate(n);
    template.name = `template_broken_${n}`;
    const mistakes = Math.min(MISTAKES, n);
    for (let k = 0; k < mistakes; k++) {
        const i = Math.floor(((k + 0.5) * n) / mistakes);
        const step = template.steps[i];
        const kind = k % 4;
        if (kind === 0)
            step.depends_on = [...step.depends_on, 'missing_step'];
        // A step of a later layer (or of the same one) is never upstream.
        else if (kind === 1)
            step.params = { later: `\${steps.${template.steps[Math.min(n - 1, i + LAYER_WIDTH)].name}.value}` };
        else if (kind === 2)
            step.retry = { max_attempts: 0 };
        else
            step.handler = '';
    }
    return { template, mistakes };
}
function median(values) {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
}
async function measureTemplate(env, template, prefix) {
    let started = performance.now();
    await env.client.engine.registerTemplate(template);
    const registerMs = performance.now() - started;
    const validateMs = [];
    for (let k = 0; k < VALIDATE_RUNS; k++) {
        started = performance.now();
        validateTemplate(template, { maxSteps: env.client.config.templates.maxSteps });
        validateMs.push(performance.now() - started);
    }
    started = performance.now();
    await env.client.engine.submit({ namespace: template.namespace, name: template.name, context: { run: 1 } });
    const submitMs = performance.now() - started;
    return {
        [`${prefix}_steps`]: template.steps.length,
        [`${prefix}_register_ms`]: round2(registerMs),
        [`${prefix}_validate_ms`]: round2(median(validateMs)),
        [`${prefix}_submit_ms`]: round2(submitMs),
    };
}
/**
 * Registers a `chainSteps` chain, then a `largeSteps` layered template (each
 * registration is the process's first of its size: JIT warm-up included, as a
 * server applying it sees), times their validation again warm, submits one
 * task of each, and times the rejection of a broken `largeSteps` template.
 */
export async function runTemplates(env, chainSteps, largeSteps) {
    const chain = await measureTemplate(env, chainTemplate(chainSteps), 'chain');
    const large = await measureTemplate(env, layeredTemplate(largeSteps), 'large');
    const { template, mistakes } = brokenTemplate(largeSteps);
    const started = performance.now();
    let issues = 0;
    try {
        validateTemplate(template, { maxSteps: env.client.config.templates.maxSteps });
    }
    catch (err) {
        if (!(err instanceof BatonError))
            throw err;
        issues = err.details.issues.length;
    }
    return { ...chain, ...large, broken_mistakes: mistakes, broken_issues: issues, broken_validate_ms: round2(performance.now() - started) };
}
//# sourceMappingURL=template-workload.js.map