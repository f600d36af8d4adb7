/**
 * Rules across fields and steps: unique names, dependencies, cycles, fan-out
 * targets, JSON params and `${...}` references, merged retry bounds.
 *
 * These run on the raw input even when its shape has problems, reading only
 * the parts that look right, so that one error can list every problem.
 * Everything is O(steps + edges + params) except the "is upstream" part of the
 * reference check: all `${steps.x}` references are collected first and
 * answered together by `testReachability` (one topological order, then bit
 * rows only for targets that are neither ranked out nor direct dependencies).
 * That part is skipped past the step cap, which rejects the template anyway.
 */
import { findCycle } from './dag.js';
import { testReachability } from './reachability.js';
import { findReferencesInString, parseWholeReference } from './references.js';
import { TemplateLimits } from './template-schema.js';
import { DEFAULT_RETRY } from './types.js';
import { checkConcurrencyKey, checkWorkerlessSteps } from './workerless-checks.js';
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function buildGraph(rawSteps, sequential, issues) {
    const steps = rawSteps.map((s) => (isRecord(s) ? s : {}));
    const names = steps.map((s) => (typeof s.name === 'string' && s.name !== '' ? s.name : undefined));
    const indexOf = new Map();
    names.forEach((name, i) => {
        if (name === undefined)
            return;
        const first = indexOf.get(name);
        if (first === undefined)
            indexOf.set(name, i);
        else
            issues.add(['steps', i, 'name'], `is already used by steps[${first}]; step names must be unique`);
    });
    const edges = new Map();
    steps.forEach((step, i) => {
        const name = names[i];
        const deps = [];
        if (Array.isArray(step.depends_on)) {
            const seen = new Set();
            step.depends_on.forEach((dep, k) => {
                if (typeof dep !== 'string')
                    return; // a shape issue already
                const at = ['steps', i, 'depends_on', k];
                if (dep === name)
                    issues.add(at, 'names the step itself; a step cannot depend on itself');
                else if (seen.has(dep))
                    issues.add(at, `lists "${dep}" more than once`);
                else if (!indexOf.has(dep))
                    issues.add(at, `names unknown step "${dep}"`);
                else
                    deps.push(dep);
                seen.add(dep);
            });
        }
        else if (step.depends_on === undefined && sequential && i > 0 && names[i - 1] !== undefined) {
            // mode: sequential: a step that names no depends_on follows the one listed before it.
            deps.push(names[i - 1]);
        }
        if (name !== undefined && indexOf.get(name) === i)
            edges.set(name, deps);
    });
    return { steps, names, indexOf, edges };
}
/** Longest cycle spelt out in full; a 10,000-step cycle would make an unreadable message. */
const CYCLE_SHOWN = 20;
function describeCycle(cycle) {
    if (cycle.length <= CYCLE_SHOWN)
        return cycle.join(' -> ');
    const head = cycle.slice(0, CYCLE_SHOWN / 2);
    const tail = cycle.slice(-CYCLE_SHOWN / 2);
    return `${head.join(' -> ')} -> ... (${cycle.length - CYCLE_SHOWN} more) -> ${tail.join(' -> ')}`;
}
function checkCycle(graph, issues) {
    const cycle = findCycle([...graph.indexOf.keys()], graph.edges);
    if (cycle) {
        issues.add(['steps', graph.indexOf.get(cycle[0]), 'depends_on'], `forms a cycle: ${describeCycle(cycle)}`);
    }
}
function checkFanOut(graph, i, issues) {
    const step = graph.steps[i];
    const name = graph.names[i];
    if (step.kind === 'fan_out' && step.fan_out === undefined) {
        issues.add(['steps', i, 'fan_out'], 'is required when kind is fan_out (fan_out: { each: <step name> })');
        return;
    }
    if (step.fan_out !== undefined && step.kind !== 'fan_out') {
        issues.add(['steps', i, 'fan_out'], 'is only allowed when kind is fan_out');
        return;
    }
    if (!isRecord(step.fan_out) || typeof step.fan_out.each !== 'string')
        return;
    const each = step.fan_out.each;
    const at = ['steps', i, 'fan_out', 'each'];
    if (each === name)
        issues.add(at, 'names the step itself; it must name a step downstream of it');
    else if (!graph.indexOf.has(each))
        issues.add(at, `names unknown step "${each}"`);
    else if (name !== undefined && !(graph.edges.get(each) ?? []).includes(name)) {
        // The instances are created from this step's items, so they must wait for it.
        issues.add(at, `names step "${each}", which must list "${name}" in depends_on`);
    }
    else if (name !== undefined && (graph.edges.get(each) ?? []).length !== 1) {
        // Instances are created when this step completes; another dependency could still be running then.
        issues.add(at, `names step "${each}", which must depend on "${name}" only`);
    }
}
function toIssuePath(node) {
    const out = [];
    for (let n = node; n !== null; n = n.parent)
        out.push(n.key);
    return out.reverse();
}
/** A value that survives JSON: finite numbers, strings, booleans, null, arrays and plain objects. */
function isJsonLeafOrContainer(v) {
    if (v === null || typeof v === 'string' || typeof v === 'boolean')
        return true;
    if (typeof v === 'number')
        return Number.isFinite(v);
    if (Array.isArray(v))
        return true;
    if (typeof v !== 'object')
        return false;
    const proto = Object.getPrototypeOf(v);
    return proto === Object.prototype || proto === null;
}
function findInParams(params, root, out) {
    // Iterative walk: params may nest deeply; paths are linked, not copied, so depth costs nothing per value.
    const stack = [{ value: params, at: root }];
    while (stack.length > 0) {
        const { value, at } = stack.pop();
        if (!isJsonLeafOrContainer(value)) {
            out.push({ kind: 'not_json', at });
        }
        else if (typeof value === 'string') {
            for (const ref of findReferencesInString(value))
                out.push({ kind: 'reference', at, ref });
        }
        else if (Array.isArray(value)) {
            for (let k = value.length - 1; k >= 0; k--)
                stack.push({ value: value[k], at: { parent: at, key: k } });
        }
        else if (isRecord(value)) {
            for (const key of Object.keys(value).reverse())
                stack.push({ value: value[key], at: { parent: at, key } });
        }
    }
}
/** The params and fan_out.items findings of step `i`. */
function findInStep(graph, i) {
    const out = [];
    const step = graph.steps[i];
    const stepPath = { parent: { parent: null, key: 'steps' }, key: i };
    if (isRecord(step.params))
        findInParams(step.params, { parent: stepPath, key: 'params' }, out);
    const fanOut = step.fan_out;
    if (isRecord(fanOut) && typeof fanOut.items === 'string') {
        const at = { parent: { parent: stepPath, key: 'fan_out' }, key: 'items' };
        const ref = parseWholeReference(fanOut.items);
        out.push(ref === null ? { kind: 'not_whole_reference', at } : { kind: 'reference', at, ref });
    }
    // A sleep's `until` and an event wait's `match` are resolved like params when the step starts waiting.
    for (const [key, field] of [
        ['sleep', 'until'],
        ['wait', 'match'],
    ]) {
        const spec = step[key];
        if (isRecord(spec) && typeof spec[field] === 'string')
            findInParams({ [field]: spec[field] }, { parent: stepPath, key }, out);
    }
    return out;
}
/**
 * Collects the findings of every step, and asks whether each `${steps.x}`
 * that names another known step reads from upstream. Returns the findings
 * by step, and the answers indexed by each finding's `upstream`.
 */
function collectFindings(graph, checkUpstream) {
    const pairs = [];
    const byStep = graph.steps.map((_, i) => {
        const findings = findInStep(graph, i);
        const name = graph.names[i];
        if (!checkUpstream || name === undefined)
            return findings;
        for (const f of findings) {
            if (f.kind !== 'reference' || !readsAnotherStep(f.ref, graph, name))
                continue;
            f.upstream = pairs.length;
            pairs.push([name, f.ref.step]);
        }
        return findings;
    });
    const upstream = pairs.length === 0 ? [] : testReachability([...graph.indexOf.keys()], graph.edges, pairs);
    return { byStep, upstream };
}
/** A well-formed `${steps.x}` naming a known step other than `name`: the only kind whose upstream-ness matters. */
function readsAnotherStep(ref, graph, name) {
    return ref.root === 'steps' && ref.step !== undefined && ref.step !== '' && ref.step !== name && graph.indexOf.has(ref.step) && !ref.path.some((s) => s === '');
}
/** Reports one reference; `upstream` is the answer to "is the step it names upstream?", when asked. */
function checkReference(ref, at, graph, i, upstream, issues) {
    const name = graph.names[i];
    if (ref.path.some((s) => s === '') || ref.step === '') {
        issues.add(at, `has an empty path segment in "${ref.raw}"`);
    }
    else if (ref.root === 'unknown') {
        issues.add(at, `uses unknown reference root "${ref.path[0]}" in "${ref.raw}"; use \${context...} or \${steps.<name>...}`);
    }
    else if (ref.root === 'steps' && ref.step === undefined) {
        issues.add(at, `names no step in "${ref.raw}"; use \${steps.<name>...}`);
    }
    else if (ref.root === 'steps' && ref.step !== undefined) {
        if (!graph.indexOf.has(ref.step)) {
            issues.add(at, `refers to unknown step "${ref.step}" in "${ref.raw}"`);
        }
        else if (ref.step === name) {
            issues.add(at, `refers to the step itself in "${ref.raw}"; a step can only read upstream outputs`);
        }
        else if (upstream === false) {
            // null (a step on or after a cycle) is not reported: the cycle is, and must be fixed first.
            issues.add(at, `refers to step "${ref.step}", which is not upstream of "${name ?? `steps[${i}]`}"; add "${ref.step}" to depends_on`);
        }
    }
}
/** Reports step `i`'s findings in the order they were found. */
function reportFindings(graph, i, findings, upstream, issues) {
    for (const f of findings) {
        const at = toIssuePath(f.at);
        if (f.kind === 'not_json')
            issues.add(at, 'must be JSON: a string, finite number, boolean, null, list or object');
        else if (f.kind === 'not_whole_reference')
            issues.add(at, 'must be a single ${...} reference, such as "${steps.list.items}"');
        else
            checkReference(f.ref, at, graph, i, f.upstream === undefined ? undefined : upstream[f.upstream], issues);
    }
}
function retryPart(value) {
    return isRecord(value) ? value : {};
}
/** max_ms must not be below base_ms once a partial retry is merged over its defaults. */
function checkMergedRetry(defaultsRetry, own, at, issues) {
    const pick = (key) => own[key] ?? defaultsRetry[key] ?? DEFAULT_RETRY[key];
    const base = pick('base_ms');
    const max = pick('max_ms');
    // Only compare values that are valid on their own; the shape check reports the rest.
    const valid = (v) => Number.isInteger(v) && v >= 0 && v <= TemplateLimits.maxDelayMs;
    if (valid(base) && valid(max) && max < base) {
        issues.add([...at, 'max_ms'], `(${max}) must be at least retry.base_ms (${base}) once merged with the defaults`);
    }
}
/**
 * Runs the cross-field rules over a raw template, adding each problem to
 * `issues`. Safe on any input: malformed parts are skipped (the shape check
 * reports them).
 */
export function checkTemplateRules(input, issues, options) {
    if (!isRecord(input) || !Array.isArray(input.steps))
        return;
    const { knownHandlers } = options;
    const graph = buildGraph(input.steps, input.mode === 'sequential', issues);
    checkCycle(graph, issues);
    const defaults = retryPart(isRecord(input.defaults) ? input.defaults.retry : undefined);
    if (isRecord(input.defaults) && isRecord(input.defaults.retry))
        checkMergedRetry({}, defaults, ['defaults', 'retry'], issues);
    checkWorkerlessSteps(input.steps, issues, { namespace: input.namespace, name: input.name });
    if (isRecord(input.defaults) && isRecord(input.defaults.concurrency))
        checkConcurrencyKey(input.defaults.concurrency.key, ['defaults', 'concurrency', 'key'], issues);
    const findings = collectFindings(graph, graph.steps.length <= options.maxSteps);
    graph.steps.forEach((step, i) => {
        checkFanOut(graph, i, issues);
        reportFindings(graph, i, findings.byStep[i], findings.upstream, issues);
        // Only a step that sets a bound of its own can break it; defaults are checked once above.
        if (isRecord(step.retry) && (step.retry.base_ms !== undefined || step.retry.max_ms !== undefined)) {
            checkMergedRetry(defaults, step.retry, ['steps', i, 'retry'], issues);
        }
        if (knownHandlers && typeof step.handler === 'string' && step.handler !== '' && !knownHandlers.has(step.handler)) {
            issues.add(['steps', i, 'handler'], `"${step.handler}" is not a registered handler`);
        }
    });
}
//# sourceMappingURL=template-checks.js.map