import { resolveConcurrencyKey, resolveRateLimitKey } from '../domain/concurrency.js';
import { resolveParams } from '../domain/references.js';
import { stepError } from '../domain/step-errors.js';
import { addRemainingSteps, dependentsOf, expectInstances, skipByDecision } from '../store/dynamic-steps.js';
import { findOutputs, insertEdges, insertSteps } from '../store/steps.js';
function isStringArray(v) {
    return Array.isArray(v) && v.every((x) => typeof x === 'string');
}
/**
 * A decision step's output `{activate: [names]}` chooses among its direct
 * dependents; the others are skipped here, and what depends only on skipped
 * steps is skipped as the release propagates.
 */
export async function applyDecision(unit, task, step) {
    const output = step.output;
    if (!output || typeof output !== 'object' || !isStringArray(output.activate)) {
        return { kind: 'invalid', error: stepError('invalid_decision', `decision step "${step.name}" must return {activate: [step names]}`) };
    }
    const dependents = await dependentsOf(unit.tx, step.id);
    const known = new Set(dependents.map((d) => d.name));
    const unknown = output.activate.filter((name) => !known.has(name));
    if (unknown.length > 0) {
        return {
            kind: 'invalid',
            error: stepError('invalid_decision', `decision step "${step.name}" activated ${unknown.map((n) => `"${n}"`).join(', ')}, which ${unknown.length > 1 ? 'are' : 'is'} not downstream of it; it may activate: ${[...known].join(', ') || 'nothing'}`),
        };
    }
    const chosen = new Set(output.activate);
    const skipped = await skipByDecision(unit.tx, task.id, dependents.filter((d) => !chosen.has(d.name)).map((d) => d.id));
    for (const s of skipped)
        unit.log({ taskId: task.id, stepName: s.name, from: 'pending', to: 'skipped', reason: `not chosen by ${step.name}` });
    return { kind: 'skipped', ids: skipped.map((s) => s.id), names: skipped.map((s) => s.name) };
}
/**
 * A fan-out step's items become instances of `fan_out.each`, one per chunk of
 * `batch_size`, all created in this transaction; the `each` step itself waits
 * for all of them and then completes with their outputs in order.
 */
export async function expandFanOut(unit, task, step, templates) {
    const template = await templates.byIdOrThrow(task.template_id, unit.tx);
    const def = template.definition.steps.find((s) => s.name === (step.template_step ?? step.name));
    const spec = def.fan_out;
    let items;
    if (spec.items) {
        const upstream = templates.upstream(template, def.name);
        const outputs = await findOutputs(unit.tx, upstream.map((name) => ({ taskId: task.id, name })));
        const steps = { [step.name]: step.output };
        for (const name of upstream) {
            const out = outputs.get(`${task.id}/${name}`);
            if (out !== undefined)
                steps[name] = out;
        }
        try {
            items = resolveParams({ items: spec.items }, { context: task.context, steps }).items;
        }
        catch (err) {
            return { kind: 'invalid', error: stepError('invalid_reference', err.message) };
        }
    }
    else {
        items = step.output?.items;
    }
    if (!Array.isArray(items)) {
        return {
            kind: 'invalid',
            error: stepError('invalid_fan_out', `fan-out step "${step.name}" must return {items: [...]} (or name them with fan_out.items); got ${JSON.stringify(items) ?? 'nothing'}`),
        };
    }
    const each = template.definition.steps.find((s) => s.name === spec.each);
    const [target] = (await dependentsOf(unit.tx, step.id)).filter((d) => d.name === spec.each);
    const count = Math.ceil(items.length / spec.batch_size);
    await expectInstances(unit.tx, target.id, count);
    const instances = [];
    for (let index = 0; index < count; index++) {
        instances.push(instanceOf(each, task, index, count, items.slice(index * spec.batch_size, (index + 1) * spec.batch_size)));
    }
    const ids = await insertSteps(unit.tx, instances);
    await insertEdges(unit.tx, instances.map((i) => ({ taskId: task.id, from: ids.get(`${task.id}/${i.name}`), to: target.id })));
    await addRemainingSteps(unit.tx, task.id, count);
    if (count > 0) {
        unit.wake = true;
        unit.log({ taskId: task.id, stepName: spec.each, reason: `fanned out into ${count} instances of ${items.length} items`, data: { instances: count, items: items.length } });
    }
    return { kind: 'expanded', instances: count };
}
function instanceOf(each, task, index, count, items) {
    return {
        taskId: task.id,
        name: `${each.name}[${index}]`,
        handler: each.handler,
        // A copied workflow step starts one child per instance; any other copy runs a handler.
        kind: each.kind === 'workflow' ? 'workflow' : 'task',
        pendingDeps: 0,
        maxAttempts: each.retry.max_attempts,
        retry: each.retry,
        timeoutMs: each.timeout_seconds === null ? null : Math.round(each.timeout_seconds * 1000),
        params: each.workflow ? each.workflow : each.params,
        labels: each.labels,
        priority: task.priority,
        visibleAt: null,
        templateStep: each.name,
        fanOut: { index, count, items },
        // Instances share their step's key (resolved from the context, which cannot fail now: the submission resolved it).
        concurrencyKey: each.concurrency ? resolveConcurrencyKey(each.concurrency, task.context) : null,
        concurrencyLimit: each.concurrency?.limit ?? null,
        rateLimit: each.rate_limit ? { name: each.rate_limit.name, key: resolveRateLimitKey(each.rate_limit, task.context), units: each.rate_limit.units } : null,
    };
}
//# sourceMappingURL=dynamic-steps.js.map