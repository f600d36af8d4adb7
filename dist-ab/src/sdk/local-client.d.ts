/**
 * The in-process client of library mode: BatonClient's task methods, served
 * by an Engine in this process instead of over HTTP, and typed by workflow:
 * submitting a `Workflow` checks the context against its input type, and the
 * task it returns knows the step output types.
 */
import type { Engine } from '../core/engine.js';
import type { EventResult, SignalResult } from '../core/signals.js';
import type { SubmitResult, TaskRequest } from '../core/submit.js';
import type { EventView } from '../core/views.js';
import type { JsonValue } from '../domain/types.js';
import { type CancelResult, type TaskDetail, type WaitOptions } from './client.js';
import type { ExternalEvent, SignalOptions, SignalTarget } from './signal-types.js';
import { type AnyWorkflow, type ContextOf, type SignalsOf, type StepOutputs } from './workflow.js';
/** A submitted task; `O` and `S` (compile time only) are its workflow's step outputs and signal payloads by name. */
export interface TaskRef<O = Record<string, JsonValue>, S = Record<string, JsonValue>> extends SubmitResult {
    /** Type-level only. */
    readonly '~outputs'?: O;
    /** Type-level only: what `signal()` may send this task. */
    readonly '~signals'?: S;
}
/** A task with its steps, and the outputs of its finished steps by name (typed when submitted from a Workflow). */
export type TypedTask<O = Record<string, JsonValue>> = TaskDetail & {
    outputs: Partial<O>;
};
/** Submission options besides the template and the context. */
export type SubmitOptions = Omit<TaskRequest, 'namespace' | 'name' | 'version' | 'context'>;
type TaskIdOf = string | {
    id: string;
};
/**
 * Submits and follows tasks through an Engine in this process (library mode's `baton.client`).
 *
 * @example
 * const task = await baton.client.submit(orderWorkflow, { order_id: 'o-1', items: [] });
 * const done = await baton.client.wait(task, { timeoutMs: 30_000 });
 * done.outputs.ship_order?.tracking_id; // typed from ship_order's handler
 */
export declare class LocalClient {
    readonly engine: Engine;
    constructor(engine: Engine);
    /** Submits a task of a workflow (its exact version), with a context of the workflow's input type. */
    submit<W extends AnyWorkflow>(workflow: W, context: ContextOf<W>, opts?: SubmitOptions): Promise<TaskRef<StepOutputs<W>, SignalsOf<W>>>;
    /** Submits a task by template name, as `POST /v1/tasks` takes it. */
    submit(request: TaskRequest): Promise<TaskRef>;
    /** Submits many tasks in one transaction (all or none). */
    submitMany(requests: TaskRequest[]): Promise<SubmitResult[]>;
    /** The task with every step, and `outputs` of its finished steps. */
    get<O = Record<string, JsonValue>>(task: TaskRef<O> | TaskIdOf): Promise<TypedTask<O>>;
    /** Polls until the task is terminal (complete, error, cancelled, timed_out) and returns it. */
    wait<O = Record<string, JsonValue>>(task: TaskRef<O> | TaskIdOf, opts?: WaitOptions): Promise<TypedTask<O>>;
    /**
     * Every event of the task (transitions and progress, as `GET /v1/tasks/:id/events`
     * streams them), from `afterId` on, ending once the task is terminal and
     * all its events were yielded. Breaking out of the loop stops polling.
     *
     * @example
     * for await (const event of baton.client.watch(task)) if (event.step) console.log(event.step, event.from, '->', event.to);
     */
    watch(task: TaskIdOf, opts?: {
        afterId?: number;
        pollMs?: number;
        signal?: AbortSignal;
    }): AsyncGenerator<EventView>;
    /**
     * Sends signal `name` to a task, as `BatonClient.signal` does over HTTP; a
     * task submitted from a Workflow types the name and the payload.
     *
     * @throws BatonError `not_found`, `invalid_signal` or `conflict`, as over HTTP.
     * @example await baton.client.signal(task, 'approval', { approved: true });
     */
    signal<S = Record<string, JsonValue>, const N extends keyof S & string = keyof S & string>(task: SignalTarget<S>, name: N, payload?: S[N], opts?: SignalOptions): Promise<SignalResult>;
    /** Sends an external event to every step waiting for its name and key, or keeps it for one, as `BatonClient.sendEvent` does. */
    sendEvent(event: ExternalEvent): Promise<EventResult>;
    /**
     * Cancels a live task; running handlers see their signal abort.
     * @throws BatonError `conflict` when the task already finished (complete or error), as over HTTP.
     */
    cancel(task: TaskIdOf): Promise<CancelResult>;
}
export {};
