import { validateTemplate } from '../domain/template-validate.js';
import { retryToRaw, sleepToRaw, stepToRaw, waitToRaw, workflowToRaw, zodToJsonSchema, } from './raw-steps.js';
function optionsToRaw(opts) {
    if (opts.input !== undefined && opts.inputSchema !== undefined)
        throw new TypeError('workflow options: give inputSchema or input, not both');
    const raw = {};
    if (opts.description !== undefined)
        raw.description = opts.description;
    if (opts.input !== undefined)
        raw.input_schema = zodToJsonSchema(opts.input);
    if (opts.inputSchema !== undefined)
        raw.input_schema = structuredClone(opts.inputSchema);
    if (opts.timeoutSeconds !== undefined)
        raw.timeout_seconds = opts.timeoutSeconds;
    if (opts.onFailure !== undefined)
        raw.on_failure = opts.onFailure;
    if (opts.mode !== undefined)
        raw.mode = opts.mode;
    if (opts.defaults !== undefined) {
        const defaults = {};
        if (opts.defaults.retry !== undefined)
            defaults.retry = retryToRaw(opts.defaults.retry);
        if (opts.defaults.timeoutSeconds !== undefined)
            defaults.timeout_seconds = opts.defaults.timeoutSeconds;
        raw.defaults = defaults;
    }
    return raw;
}
/**
 * A workflow template under construction. Each method returns a new builder;
 * the type parameters record the steps so far (name, output type, upstream
 * names), the context type, the last step and whether the mode is sequential.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- `{}`: no steps yet (a StepMap with no keys)
export class Workflow {
    #state;
    /** @internal Use `workflow(...)`. */
    constructor(state) {
        this.#state = state;
    }
    get namespace() {
        return this.#state.namespace;
    }
    get name() {
        return this.#state.name;
    }
    get version() {
        return this.#state.version;
    }
    /** The handler registrations the steps use (not those named by string), one per name. */
    get handlers() {
        return [...this.#state.handlers.values()];
    }
    /**
     * Adds a step. `name` must be new; `dependsOn` may only name earlier steps;
     * references in `params` may only name upstream steps, and paths into a
     * typed output must exist; a handler declaring `upstream` results must have
     * those steps upstream, with matching output types.
     *
     * @example
     * workflow('shop', 'order', '1.0.0')
     *   .step('validate', validateOrder, { params: { order_id: ref.context('order_id') } })
     *   .step('charge', chargePayment, { dependsOn: ['validate'], retry: { maxAttempts: 5, backoff: 'fixed', baseMs: 1000 } });
     */
    step(name, handler, opts) {
        // The assertions here are needed: on these generic parameters TypeScript does not narrow (the rule thinks it does).
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
        const registration = typeof handler === 'string' ? undefined : handler;
        const handlerName = registration ? registration.name : handler;
        const handlers = new Map(this.#state.handlers);
        if (registration) {
            const known = handlers.get(handlerName);
            if (known !== undefined && known !== registration) {
                throw new TypeError(`workflow ${this.#state.namespace}/${this.#state.name}: step "${name}" uses another handler also named "${handlerName}"`);
            }
            handlers.set(handlerName, registration);
        }
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
        const raw = stepToRaw(name, handlerName, (opts ?? {}));
        return new Workflow({ ...this.#state, steps: [...this.#state.steps, raw], handlers });
    }
    /**
     * Adds a `kind: sleep` step: it waits a `duration`, or `until` a time (a
     * reference to an upstream step or the context), then completes with
     * `{ slept_until }`. No worker runs it.
     *
     * @example wf.sleep('cool_off', { duration: '3d' }, { dependsOn: ['notify'] })
     */
    sleep(name, spec, opts) {
        const raw = sleepToRaw(name, spec, opts ?? {});
        return new Workflow({ ...this.#state, steps: [...this.#state.steps, raw] });
    }
    /**
     * Adds a `kind: wait` step: it waits for a `signal` sent to the task, or an
     * external `event` whose key equals `match`, and completes with its payload.
     * A zod `schema` checks a signal's payload and types the step's output, so
     * later references and `signal()` are checked against it.
     *
     * @example
     * wf.wait('approve', { signal: 'approval', schema: z.object({ approved: z.boolean() }), timeout: '48h' }, { dependsOn: ['submit'] })
     *   .step('act', act, { dependsOn: ['approve'], params: { approved: ref.step('approve', 'approved') } });
     */
    wait(name, spec, opts) {
        const raw = waitToRaw(name, spec, opts ?? {});
        return new Workflow({ ...this.#state, steps: [...this.#state.steps, raw] });
    }
    /**
     * Adds a `kind: workflow` step: it starts a task of another template (its
     * child) with `context`, waits for it holding no worker, and completes with
     * `{ task_id, steps }`, the outputs of the child's steps; a failed child is
     * started again while `retry` allows. Given a builder workflow, the step
     * pins its version, checks `context` against its input type and types the
     * output by its steps; given `{ namespace, name, version? }`, the context
     * is any JSON object (without `version`, the latest when the child starts).
     *
     * @example
     * const invoice = workflow('billing', 'invoice', '2', { input: z.object({ order_id: z.string() }) }).step('bill', bill, { params: { order_id: ref.context('order_id') } });
     * workflow('shop', 'order', '1').step('order', placeOrder).workflow('invoice', invoice, { dependsOn: ['order'], context: { order_id: ref.step('order', 'id') } });
     */
    workflow(name, child, opts) {
        // A builder workflow is a ChildWorkflowRef too (its getters); only these three keys are read.
        const target = { namespace: child.namespace, name: child.name, ...(child.version === undefined ? {} : { version: child.version }) };
        const raw = workflowToRaw(name, target, opts);
        return new Workflow({ ...this.#state, steps: [...this.#state.steps, raw] });
    }
    /**
     * Sets template-level options (merged over earlier ones). An `input` zod
     * schema becomes the stored `input_schema` and types the context.
     *
     * @example workflow('shop', 'order', '1.0.0').options({ input: z.object({ order_id: z.string() }), timeoutSeconds: 600 })
     */
    options(opts) {
        const top = { ...this.#state.top, ...optionsToRaw(opts) };
        return new Workflow({ ...this.#state, top });
    }
    /**
     * The raw template (YAML's shape, snake_case, before defaults), e.g. to print as YAML.
     * @example import { stringify } from 'yaml'; console.log(stringify(orderWorkflow.toRaw()));
     */
    toRaw() {
        const { namespace, name, version, top, steps } = this.#state;
        return structuredClone({ namespace, name, version, ...top, steps });
    }
    /**
     * The normalised, validated definition: what `POST /v1/templates` stores
     * for the equivalent YAML.
     *
     * @throws BatonError `invalid_template` listing every problem, as for YAML.
     * @example await engine.registerTemplate(orderWorkflow.build()); // same digest as the YAML file
     */
    build() {
        return validateTemplate(this.toRaw());
    }
}
/**
 * Starts a workflow template.
 *
 * @example
 * const order = workflow('shop', 'order_fulfillment', '1.0.0', { description: 'Validate, reserve, charge and ship' })
 *   .step('validate_order', validateOrder, { params: { order_id: ref.context('order_id') } })
 *   .step('ship_order', shipOrder, { dependsOn: ['validate_order'] })
 *   .build();
 */
export function workflow(namespace, name, version, opts) {
    return new Workflow({ namespace, name, version, top: optionsToRaw(opts ?? {}), steps: [], handlers: new Map() });
}
//# sourceMappingURL=workflow.js.map