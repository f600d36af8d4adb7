/**
 * Registration's check of a template's child workflows (`kind: workflow`):
 * each child template must exist, and no chain of children may lead back to
 * the template itself (it would start itself without bound). The graph is
 * read from the stored templates, one level at a time, following the
 * version a step pins or else the latest.
 */
import { createTemplateError } from '../domain/template-issues.js';
import { BatonError } from '../errors.js';
const ref = (w) => `${w.namespace}/${w.name}${w.version ? `@${w.version}` : ''}`;
/** Deepest chain of children followed (past it the depth cap refuses the child anyway). */
const MAX_CHAIN = 64;
/**
 * @throws BatonError `invalid_template` naming each step whose child template
 *   does not exist, and each cycle (`a -> b -> a`).
 */
export async function checkChildTemplates(definition, lookup) {
    const self = `${definition.namespace}/${definition.name}`;
    const label = `${self}@${definition.version}`;
    const issues = [];
    for (const [i, step] of definition.steps.entries()) {
        if (!step.workflow)
            continue;
        const at = { path: `steps[${i}].workflow`, step: step.name };
        const child = await lookup(step.workflow.namespace, step.workflow.name, step.workflow.version);
        if (!child) {
            issues.push({ ...at, message: `step "${step.name}": workflow names ${ref(step.workflow)}, which is not registered; register the child template first` });
            continue;
        }
        const cycle = await findCycle(child, [self, `${child.namespace}/${child.name}`], self, lookup);
        if (cycle)
            issues.push({ ...at, message: `step "${step.name}": workflow ${ref(step.workflow)} leads back to this template (${cycle.join(' -> ')}): it would start itself without end` });
    }
    if (issues.length > 0)
        throw createTemplateError(label, issues);
}
/** A chain of templates from `from` back to `target`, or null. Depth first, bounded by MAX_CHAIN. */
async function findCycle(from, chain, target, lookup) {
    if (chain.length > MAX_CHAIN)
        throw new BatonError('invalid_template', `child workflows nest more than ${MAX_CHAIN} templates deep from ${chain[0]}`);
    for (const step of from.steps) {
        if (!step.workflow)
            continue;
        const name = `${step.workflow.namespace}/${step.workflow.name}`;
        if (name === target)
            return [...chain, name];
        if (chain.includes(name))
            continue; // a cycle that does not pass through target: its own registration refused it
        const child = await lookup(step.workflow.namespace, step.workflow.name, step.workflow.version);
        if (!child)
            continue;
        const found = await findCycle(child, [...chain, name], target, lookup);
        if (found)
            return found;
    }
    return null;
}
//# sourceMappingURL=child-templates.js.map