/** `${context}` or `${context.<path>}`. */
export type ContextRef<P extends string = ''> = P extends '' ? '${context}' : `\${context.${P}}`;
/** `${steps.<name>}` or `${steps.<name>.<path>}`. */
export type StepRef<N extends string, P extends string = ''> = P extends '' ? `\${steps.${N}}` : `\${steps.${N}.${P}}`;
/**
 * Builders of `${...}` reference strings for step params.
 *
 * @example
 * workflow('shop', 'order', '1.0.0')
 *   .step('validate', validateOrder, { params: { order_id: ref.context('order_id') } })
 *   .step('reserve', reserve, { dependsOn: ['validate'], params: { items: ref.step('validate', 'items') } });
 */
export declare const ref: {
    /** The task context, or a path inside it: `ref.context('order.id')` is `${context.order.id}`. */
    readonly context: <const P extends string = "">(path?: P) => ContextRef<P>;
    /** An upstream step's output, or a path inside it: `ref.step('load', 'value')` is `${steps.load.value}`. */
    readonly step: <const N extends string, const P extends string = "">(name: N, path?: P) => StepRef<N, P>;
};
