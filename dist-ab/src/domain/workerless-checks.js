/**
 * Rules for the steps no worker runs (`kind: sleep`, `wait`, `workflow`,
 * DESIGN §8): each carries its own spec instead of a handler, and none of a
 * worker's settings (a child workflow keeps `retry`: a failed child is
 * started again). Run on the raw input like the other cross-field rules.
 */
import { inputSchemaProblem } from './input-schema.js';
import { findReferencesInString } from './references.js';
import { WORKERLESS_KINDS } from './types.js';
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** A worker's settings, which mean nothing on a step no worker runs. */
const WORKER_ONLY = ['handler', 'params', 'retry', 'timeout_seconds', 'labels', 'fan_out', 'concurrency', 'rate_limit'];
const SPECS = ['sleep', 'wait', 'workflow'];
const SPEC_EXAMPLE = {
    sleep: 'sleep: { duration: 3d }',
    wait: 'wait: { signal: approval }',
    workflow: 'workflow: { namespace: billing, name: invoice, context: {...} }',
};
/** Whether a raw step's kind needs no worker. */
export function isWorkerlessKind(kind) {
    return WORKERLESS_KINDS.includes(kind);
}
/** A concurrency key is resolved at submission, from the context alone: no step has run yet. */
export function checkConcurrencyKey(key, at, issues) {
    if (typeof key !== 'string')
        return;
    for (const ref of findReferencesInString(key)) {
        if (ref.root !== 'context')
            issues.add(at, `may reference the context only ("\${context.customer_id}"), not "${ref.raw}": the key is resolved when the task is submitted`);
    }
}
function checkSleep(spec, i, issues) {
    if ((spec.duration === undefined) === (spec.until === undefined)) {
        issues.add(['steps', i, 'sleep'], 'must have exactly one of duration ("3d") or until (a time, or a ${...} reference to one)');
    }
}
function checkWait(spec, i, issues) {
    const at = ['steps', i, 'wait'];
    if ((spec.signal === undefined) === (spec.event === undefined)) {
        issues.add(at, 'must have exactly one of signal (a name sent to the task) or event (a name sent to /v1/events, with match)');
        return;
    }
    if (spec.event !== undefined && spec.match === undefined)
        issues.add([...at, 'match'], 'is required with event: the key the event must carry, such as "${context.order_id}"');
    if (spec.signal !== undefined && spec.match !== undefined)
        issues.add([...at, 'match'], 'is only allowed with event; a signal is sent to one task by its id');
    if (spec.event !== undefined && spec.schema !== undefined)
        issues.add([...at, 'schema'], 'is only allowed with signal');
    if (isRecord(spec.schema)) {
        const problem = inputSchemaProblem(spec.schema);
        if (problem !== null)
            issues.add([...at, 'schema'], `is not a valid JSON Schema: ${problem}`);
    }
}
/**
 * Checks every step's kind against its settings: a sleep, wait or workflow
 * step has its spec and none of a worker's settings; any other step has a
 * handler and no such spec. Two wait steps may not wait for one signal (which
 * one would it go to?); a fan-out may copy a handler or workflow step only;
 * a template may not start itself (`self`: its namespace and name).
 */
export function checkWorkerlessSteps(steps, issues, self) {
    const bySignal = new Map();
    const uncopyable = new Set();
    steps.forEach((step, i) => {
        if (!isRecord(step))
            return;
        const kind = step.kind ?? 'task';
        if (isRecord(step.concurrency))
            checkConcurrencyKey(step.concurrency.key, ['steps', i, 'concurrency', 'key'], issues);
        if (isRecord(step.rate_limit))
            checkConcurrencyKey(step.rate_limit.key, ['steps', i, 'rate_limit', 'key'], issues);
        // One claim path per step: a key's count and a window's starts are each kept under their own lock.
        if (step.rate_limit !== undefined && step.concurrency !== undefined)
            issues.add(['steps', i, 'rate_limit'], 'cannot be combined with concurrency on one step; split the step, or limit one of them');
        if (!isWorkerlessKind(kind)) {
            if (step.handler === undefined)
                issues.add(['steps', i, 'handler'], 'is required');
            for (const key of SPECS)
                if (step[key] !== undefined)
                    issues.add(['steps', i, key], `is only allowed when kind is ${key}`);
            return;
        }
        const own = kind;
        if (own !== 'workflow' && typeof step.name === 'string')
            uncopyable.add(step.name);
        for (const key of WORKER_ONLY) {
            if (step[key] === undefined || (own === 'workflow' && key === 'retry'))
                continue;
            issues.add(['steps', i, key], `is not allowed on a ${own} step: no worker runs it`);
        }
        for (const other of SPECS)
            if (other !== own && step[other] !== undefined)
                issues.add(['steps', i, other], `is only allowed when kind is ${other}`);
        const spec = step[own];
        if (spec === undefined) {
            issues.add(['steps', i, own], `is required when kind is ${own} (${SPEC_EXAMPLE[own]})`);
            return;
        }
        if (!isRecord(spec))
            return; // the shape check reports it
        if (own === 'sleep')
            checkSleep(spec, i, issues);
        else if (own === 'wait')
            checkWait(spec, i, issues);
        else if (self && spec.namespace === self.namespace && spec.name === self.name) {
            issues.add(['steps', i, 'workflow'], `starts ${String(spec.namespace)}/${String(spec.name)}, the template itself: a workflow may not start itself (the cycle ${String(spec.name)} -> ${String(spec.name)} never ends)`);
        }
        if (own === 'wait' && typeof spec.signal === 'string' && typeof step.name === 'string') {
            const first = bySignal.get(spec.signal);
            if (first !== undefined)
                issues.add(['steps', i, 'wait', 'signal'], `"${spec.signal}" is already waited for by step "${first}"; give each wait step its own signal name`);
            else
                bySignal.set(spec.signal, step.name);
        }
    });
    steps.forEach((step, i) => {
        if (isRecord(step) && isRecord(step.fan_out) && typeof step.fan_out.each === 'string' && uncopyable.has(step.fan_out.each)) {
            issues.add(['steps', i, 'fan_out', 'each'], `names "${step.fan_out.each}", a sleep or wait step; a fan-out copies a handler or workflow step`);
        }
    });
}
//# sourceMappingURL=workerless-checks.js.map