/**
 * The workflow builder (DESIGN §2): the same template as YAML, written in
 * TypeScript with compile-time checks. `build()` runs the raw template it
 * assembles through `validateTemplate`, so the stored definition and every
 * error are exactly those of the equivalent YAML.
 */
import { z } from 'zod';
import type { FailureMode, JsonObject, JsonValue, TemplateDefinition } from '../domain/types.js';
import type { HandlerRegistration } from '../worker/types.js';
import { type ChildWorkflowRef, type RawStep, type RetryOptions, type SleepSpecInput, type StepOptions, type WaitSpecInput, type WorkerlessStepOptions, type WorkflowStepOptions } from './raw-steps.js';
import type { CheckHandler, ChildOutput, CheckName, CheckParams, CheckRef, DepsOf, IsOpaque, OutputOf, ParamInput, ParamsOf, RefString, SignalsOfSteps, Simplify, StepMap, UpstreamOf, WaitInfo } from './type-checks.js';
export type { ChildOutput, ChildWorkflowRef, RetryOptions, SleepSpecInput, StepOptions, WaitSpecInput, WorkerlessStepOptions, WorkflowStepOptions };
/** Template-level settings (YAML's top-level keys). */
export interface WorkflowOptions<I extends z.ZodType | undefined = undefined> {
    description?: string;
    /** JSON Schema of the task context. Give this or `input`. */
    inputSchema?: JsonObject;
    /** A zod schema of the task context, stored as JSON Schema; it also types `client.submit`'s context. */
    input?: I;
    /** Whole-task deadline in seconds. @default null (none) */
    timeoutSeconds?: number | null;
    /** `continue` lets independent branches go on after a step fails. @default 'stop' */
    onFailure?: FailureMode;
    defaults?: {
        retry?: RetryOptions;
        timeoutSeconds?: number | null;
    };
}
/** Options only `workflow()` takes: they change how later steps are typed. */
export interface WorkflowStartOptions<I extends z.ZodType | undefined = undefined> extends WorkflowOptions<I> {
    /** `sequential`: a step that gives no `dependsOn` depends on the step before it. @default 'dag' */
    mode?: 'dag' | 'sequential';
}
type ParamsArg<T> = IsOpaque<T> extends true ? JsonObject : Exclude<ParamInput<T>, RefString>;
type ContextOfInput<I, Fallback> = I extends z.ZodType ? z.input<I> : Fallback;
/** A child workflow step's output: typed by the child's steps when the child is a builder workflow. */
type ChildOutputOf<W> = W extends Workflow<infer S, any, any, any> ? ChildOutput<{
    [K in keyof S]: S[K]['output'];
}> : ChildOutput<Record<string, JsonValue>>;
/** @internal The builder's data. */
export interface WorkflowState {
    namespace: string;
    name: string;
    version: string;
    top: Record<string, unknown>;
    steps: RawStep[];
    handlers: Map<string, HandlerRegistration>;
}
/**
 * A workflow template under construction. Each method returns a new builder;
 * the type parameters record the steps so far (name, output type, upstream
 * names), the context type, the last step and whether the mode is sequential.
 */
export declare class Workflow<Steps extends StepMap = {}, Context = JsonObject, Last extends string = never, Sequential extends boolean = false> {
    #private;
    /** Type-level only: what the builder knows. Never set at run time. */
    readonly '~types'?: {
        steps: Steps;
        context: Context;
        last: Last;
        sequential: Sequential;
    };
    /** @internal Use `workflow(...)`. */
    constructor(state: WorkflowState);
    get namespace(): string;
    get name(): string;
    get version(): string;
    /** The handler registrations the steps use (not those named by string), one per name. */
    get handlers(): HandlerRegistration[];
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
    step<const N extends string, const H extends HandlerRegistration | string, const D extends readonly (keyof Steps & string)[] | undefined = undefined, const P extends ParamsArg<ParamsOf<H>> | undefined = undefined, const FI extends string = string>(name: N & CheckName<N, Steps>, handler: H & CheckHandler<H, Steps, UpstreamOf<Steps, DepsOf<D, Sequential, Last>>, P>, opts?: StepOptions<D, P & CheckParams<P, ParamsOf<H>, Steps, UpstreamOf<Steps, DepsOf<D, Sequential, Last>>>, FI & CheckRef<FI, Steps, UpstreamOf<Steps, DepsOf<D, Sequential, Last>>>>): Workflow<Simplify<Steps & {
        [K in N]: {
            output: OutputOf<H>;
            upstream: UpstreamOf<Steps, DepsOf<D, Sequential, Last>>;
        };
    }>, Context, N, Sequential>;
    /**
     * Adds a `kind: sleep` step: it waits a `duration`, or `until` a time (a
     * reference to an upstream step or the context), then completes with
     * `{ slept_until }`. No worker runs it.
     *
     * @example wf.sleep('cool_off', { duration: '3d' }, { dependsOn: ['notify'] })
     */
    sleep<const N extends string, const U extends string = never, const D extends readonly (keyof Steps & string)[] | undefined = undefined>(name: N & CheckName<N, Steps>, spec: SleepSpecInput<U & CheckRef<U, Steps, UpstreamOf<Steps, DepsOf<D, Sequential, Last>>>>, opts?: WorkerlessStepOptions<D>): Workflow<Simplify<Steps & {
        [K in N]: {
            output: {
                slept_until: string;
            };
            upstream: UpstreamOf<Steps, DepsOf<D, Sequential, Last>>;
        };
    }>, Context, N, Sequential>;
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
    wait<const N extends string, const G extends string = never, Z extends JsonObject | z.ZodType | undefined = undefined, const M extends string = never, const D extends readonly (keyof Steps & string)[] | undefined = undefined>(name: N & CheckName<N, Steps>, spec: WaitSpecInput<G, Z, M & CheckRef<M, Steps, UpstreamOf<Steps, DepsOf<D, Sequential, Last>>>>, opts?: WorkerlessStepOptions<D>): Workflow<Simplify<Steps & {
        [K in N]: WaitInfo<G, Z, UpstreamOf<Steps, DepsOf<D, Sequential, Last>>>;
    }>, Context, N, Sequential>;
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
    workflow<const N extends string, const W extends AnyWorkflow | ChildWorkflowRef, const C extends ParamsArg<ContextOf<W>>, const D extends readonly (keyof Steps & string)[] | undefined = undefined>(name: N & CheckName<N, Steps>, child: W, opts: WorkflowStepOptions<D, C & CheckParams<C, ContextOf<W>, Steps, UpstreamOf<Steps, DepsOf<D, Sequential, Last>>, 'context'>>): Workflow<Simplify<Steps & {
        [K in N]: {
            output: ChildOutputOf<W>;
            upstream: UpstreamOf<Steps, DepsOf<D, Sequential, Last>>;
        };
    }>, Context, N, Sequential>;
    /**
     * Sets template-level options (merged over earlier ones). An `input` zod
     * schema becomes the stored `input_schema` and types the context.
     *
     * @example workflow('shop', 'order', '1.0.0').options({ input: z.object({ order_id: z.string() }), timeoutSeconds: 600 })
     */
    options<I extends z.ZodType | undefined = undefined>(opts: WorkflowOptions<I>): Workflow<Steps, ContextOfInput<I, Context>, Last, Sequential>;
    /**
     * The raw template (YAML's shape, snake_case, before defaults), e.g. to print as YAML.
     * @example import { stringify } from 'yaml'; console.log(stringify(orderWorkflow.toRaw()));
     */
    toRaw(): Record<string, unknown>;
    /**
     * The normalised, validated definition: what `POST /v1/templates` stores
     * for the equivalent YAML.
     *
     * @throws BatonError `invalid_template` listing every problem, as for YAML.
     * @example await engine.registerTemplate(orderWorkflow.build()); // same digest as the YAML file
     */
    build(): TemplateDefinition;
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
export declare function workflow<I extends z.ZodType | undefined = undefined, const M extends 'dag' | 'sequential' = 'dag'>(namespace: string, name: string, version: string, opts?: WorkflowStartOptions<I> & {
    mode?: M;
}): Workflow<{}, ContextOfInput<I, JsonObject>, never, M extends 'sequential' ? true : false>;
/** Any workflow, whatever its steps. */
export type AnyWorkflow = Workflow<any, any, any, any>;
/** The task context a workflow's tasks take. */
export type ContextOf<W> = W extends Workflow<any, infer C, any, any> ? C : JsonObject;
/** Step outputs of a workflow, by step name. */
export type StepOutputs<W> = W extends Workflow<infer S, any, any, any> ? {
    [K in keyof S]: S[K]['output'];
} : Record<string, unknown>;
/** Signal names of a workflow's wait steps, to their payload types: what `client.signal()` may send its tasks. */
export type SignalsOf<W> = W extends Workflow<infer S, any, any, any> ? SignalsOfSteps<S> : Record<string, JsonValue>;
