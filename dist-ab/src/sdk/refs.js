/**
 * `${...}` references as typed strings (DESIGN §2). `ref.step('load', 'value')`
 * is the string `${steps.load.value}`, typed as that literal, so that the
 * workflow builder can check at compile time that `load` is upstream of the
 * step using it and that its output has a `value`.
 */
import { IDENTIFIER } from '../domain/template-schema.js';
function checkPath(path, what) {
    if (path !== '' && path.split('.').some((segment) => segment.trim() === '' || /[{}]/.test(segment))) {
        throw new TypeError(`${what}: "${path}" is not a path; use dot-separated keys or indexes such as "items.0.id"`);
    }
}
/**
 * Builders of `${...}` reference strings for step params.
 *
 * @example
 * workflow('shop', 'order', '1.0.0')
 *   .step('validate', validateOrder, { params: { order_id: ref.context('order_id') } })
 *   .step('reserve', reserve, { dependsOn: ['validate'], params: { items: ref.step('validate', 'items') } });
 */
export const ref = {
    /** The task context, or a path inside it: `ref.context('order.id')` is `${context.order.id}`. */
    context(path) {
        checkPath(path ?? '', 'ref.context');
        return (path ? `\${context.${path}}` : '${context}');
    },
    /** An upstream step's output, or a path inside it: `ref.step('load', 'value')` is `${steps.load.value}`. */
    step(name, path) {
        if (!IDENTIFIER.test(name) || name.includes('.'))
            throw new TypeError(`ref.step: "${name}" is not a step name that a reference can name`);
        checkPath(path ?? '', 'ref.step');
        return (path ? `\${steps.${name}.${path}}` : `\${steps.${name}}`);
    },
};
//# sourceMappingURL=refs.js.map