/**
 * Compile-time checks of the workflow builder. Nothing here exists at run
 * time; `validateTemplate` still checks everything when `build()` runs.
 *
 * A failed check turns the offending argument's type into `T & { error: "..." }`,
 * so the compiler points at that argument (or param value) and its message
 * carries the sentence, e.g.
 * `Type '"${steps.nope}"' is not assignable to type '"${steps.nope}" & { error: "no step \"nope\" is defined before this one" }'`.
 */
import type { z } from 'zod';
import type { JsonValue } from '../domain/types.js';
import type { HandlerRegistration, UpstreamResults } from '../worker/types.js';
/** What the builder knows about one step: its output type, the names upstream of it, and the signal a wait step takes. */
export interface StepInfo {
    output: unknown;
    upstream: string;
    signal?: string;
}
export type StepMap = Record<string, StepInfo>;
/** A compile error carried by a type. */
export interface Problem<M extends string> {
    error: M;
}
/** Flattens intersections for readable hover types. */
export type Simplify<T> = {
    [K in keyof T]: T[K];
} & {};
/** true for types that say nothing about their shape: any, unknown, JsonValue. */
export type IsOpaque<T> = 0 extends 1 & T ? true : unknown extends T ? true : JsonValue extends T ? true : false;
/** The output type of a handler registration (JsonValue for a handler named by string). */
export type OutputOf<H> = H extends HandlerRegistration<any, infer O, any> ? O : JsonValue;
/** The params a step must give a handler (before its input schema parses them). */
export type ParamsOf<H> = H extends HandlerRegistration<infer P, any, any> ? P : Record<string, JsonValue>;
/** The upstream results a handler declares it reads. */
export type ResultsOfHandler<H> = H extends HandlerRegistration<any, any, infer R> ? R : UpstreamResults;
/** A string holding at least one `${...}` reference. */
export type RefString = `${string}\${${string}}${string}`;
/** What a param may be written as: its value, or a reference string standing for it, at any depth. */
export type ParamInput<T> = IsOpaque<T> extends true ? JsonValue : T extends string ? T | RefString : T extends readonly (infer E)[] ? RefString | readonly ParamInput<E>[] : T extends object ? RefString | {
    [K in keyof T]: ParamInput<T[K]>;
} : T | RefString;
type Split<S extends string> = S extends `${infer Head}.${infer Tail}` ? [Head, ...Split<Tail>] : [S];
/** The text inside every `${...}` of S. */
type RefBodies<S extends string> = S extends `${string}\${${infer Rest}` ? (Rest extends `${infer Body}}${infer After}` ? Body | RefBodies<After> : never) : never;
/** The text inside S when S is exactly one `${...}`. */
type WholeRefBody<S extends string> = S extends `\${${infer Body}}` ? (Body extends `${string}}${string}` ? never : Body) : never;
interface Found<T> {
    found: T;
}
/** The type at `Path` inside T, as `Found<type>`, or a message. Lenient on unions: one member with the path is enough. */
type Walk<T, Path extends string[], Where extends string> = Path extends [infer Head extends string, ...infer Rest extends string[]] ? IsOpaque<T> extends true ? Found<JsonValue> : T extends readonly (infer E)[] ? Head extends `${number}` ? Walk<E, Rest, Where> : `${Where} is a list; "${Head}" is not an index` : T extends object ? Head extends keyof T ? Walk<T[Head], Rest, Where> : string extends keyof T ? Walk<T[keyof T & string], Rest, Where> : `${Where} has no field "${Head}"` : `${Where} has no field "${Head}"` : Found<T>;
type FoundType<R> = R extends Found<infer T> ? T : never;
/** Found<union of what was found> when any union member has the path, else the messages. */
type Found1<R> = [FoundType<R>] extends [never] ? R : Found<FoundType<R>>;
/** The value type of one reference body (`steps.load.value`), or a message. */
type ResolveBody<B extends string, Steps extends StepMap, Up extends string> = Split<B> extends ['context', ...string[]] ? Found<JsonValue> : Split<B> extends ['steps', infer N extends string, ...infer Path extends string[]] ? N extends Up ? Found1<Walk<Steps[N]['output'], Path, `the output of step "${N}"`>> : N extends keyof Steps ? `step "${N}" is not upstream of this step; add it to dependsOn` : `no step "${N}" is defined before this one` : `"\${${B}}" must start with context or steps.<name>`;
type Messages<S extends string, Steps extends StepMap, Up extends string> = {
    [B in RefBodies<S>]: ResolveBody<B, Steps, Up> extends infer R ? (R extends string ? R : never) : never;
}[RefBodies<S>];
/** What checked values are given to, as the messages name it: a handler's params, or a child workflow's context. */
export type ValueTarget = 'param' | 'context';
interface TargetWords {
    param: {
        one: 'this param';
        unknown: 'is not a param of this handler';
    };
    context: {
        one: 'this context field';
        unknown: "is not a field of the child workflow's input";
    };
}
/** A whole reference whose value type is known and does not fit the param (E) it is given to. */
type ValueMismatch<S extends string, E, Steps extends StepMap, Up extends string, T extends ValueTarget> = [WholeRefBody<S>] extends [never] ? never : ResolveBody<WholeRefBody<S>, Steps, Up> extends Found<infer V> ? IsOpaque<V> extends true ? never : IsOpaque<E> extends true ? never : [V] extends [E] ? never : `the value of "${S}" does not have ${TargetWords[T]['one']}'s type` : never;
/** References inside a longer string resolve to text, which only a string param takes. */
type TextMismatch<S extends string, E, T extends ValueTarget> = [RefBodies<S>] extends [never] ? never : [WholeRefBody<S>] extends [never] ? IsOpaque<E> extends true ? never : string extends E ? never : `"${S}" resolves to text, but ${TargetWords[T]['one']} is not a string` : never;
/** unknown when the string's references are fine, else a Problem naming what is wrong. */
type CheckString<S extends string, E, Steps extends StepMap, Up extends string, T extends ValueTarget> = [Messages<S, Steps, Up>] extends [never] ? [ValueMismatch<S, E, Steps, Up, T> | TextMismatch<S, E, T>] extends [never] ? unknown : Problem<ValueMismatch<S, E, Steps, Up, T> | TextMismatch<S, E, T>> : Problem<Messages<S, Steps, Up>>;
type ElementOf<E> = IsOpaque<E> extends true ? unknown : E extends readonly (infer X)[] ? X : unknown;
type FieldOf<E, K, T extends ValueTarget> = IsOpaque<E> extends true ? unknown : K extends keyof E ? E[K] : string extends keyof E ? E[keyof E & string] : Problem<`"${K & string}" ${TargetWords[T]['unknown']}`>;
/**
 * Mirrors a params value: `unknown` where all is well, a Problem where a
 * reference is bad or a key is unknown. `P & CheckParams<P, ...>` then fails
 * exactly at the bad value. `E` is not distributed over: a boolean param
 * (`true | false`) takes a boolean reference whole. `T` words the messages
 * for a child workflow's context rather than a handler's params.
 */
export type CheckParams<V, E, Steps extends StepMap, Up extends string, T extends ValueTarget = 'param'> = [E] extends [Problem<string>] ? E : V extends string ? CheckString<V, E, Steps, Up, T> : V extends readonly unknown[] ? {
    [K in keyof V]: CheckParams<V[K], ElementOf<E>, Steps, Up, T>;
} : V extends object ? {
    [K in keyof V]: CheckParams<V[K], FieldOf<E, K, T>, Steps, Up, T>;
} : unknown;
/** A reference string outside params (fan-out items): names only. */
export type CheckRef<S extends string, Steps extends StepMap, Up extends string> = CheckString<S, unknown, Steps, Up, 'param'>;
type RequiredKeys<T> = {
    [K in keyof T]-?: {} extends Pick<T, K> ? never : K;
}[keyof T];
/** Problems between a handler and the step using it: missing params, results it reads that are not upstream or do not match. */
type HandlerMessages<H, Steps extends StepMap, Up extends string, GivenParams> = ([GivenParams] extends [undefined] ? IsOpaque<ParamsOf<H>> extends true ? never : [RequiredKeys<ParamsOf<H>>] extends [never] ? never : `this handler needs params: ${RequiredKeys<ParamsOf<H>> & string}` : never) | (string extends keyof ResultsOfHandler<H> ? never : IsOpaque<ResultsOfHandler<H>> extends true ? never : {
    [K in keyof ResultsOfHandler<H> & string]: K extends Up ? [Steps[K]['output']] extends [ResultsOfHandler<H>[K]] ? never : `the output of step "${K}" does not have the type this handler reads from ctx.results.${K}` : `this handler reads ctx.results.${K}, but "${K}" is not upstream of this step`;
}[keyof ResultsOfHandler<H> & string]);
export type CheckHandler<H, Steps extends StepMap, Up extends string, GivenParams> = [HandlerMessages<H, Steps, Up, GivenParams>] extends [never] ? unknown : Problem<HandlerMessages<H, Steps, Up, GivenParams>>;
/** A new step's name must not be taken. */
export type CheckName<N extends string, Steps extends StepMap> = N extends keyof Steps ? Problem<`step "${N}" is already defined`> : unknown;
/** Names upstream of a step with these dependencies. */
export type UpstreamOf<Steps extends StepMap, Deps extends string> = Deps | Steps[Deps]['upstream'];
/** Effective dependencies: the given ones, else the previous step in sequential mode. */
export type DepsOf<D, Sequential extends boolean, Last extends string> = D extends readonly string[] ? D[number] : Sequential extends true ? Last : never;
/** Outputs of every step, by name: what `ctx.results` can hold in a later step. */
export type OutputsOf<Steps extends StepMap> = {
    [K in keyof Steps]: Steps[K]['output'];
};
/** A signal's payload as a wait step outputs it: what a zod schema accepts (the payload is stored as sent), else any JSON. */
export type PayloadOf<Z> = [Z] extends [z.ZodType] ? z.input<Z> : JsonValue;
/** What the builder records of a wait step: an event's payload is untyped; a signal's is typed by its zod schema, and its name is kept for `signal()`. */
export type WaitInfo<G extends string, Z, Up extends string> = [G] extends [never] ? {
    output: JsonValue;
    upstream: Up;
} : {
    output: PayloadOf<Z>;
    upstream: Up;
    signal: G;
};
/** Signal names to payload types, from the wait steps of a step map. */
export type SignalsOfSteps<Steps extends StepMap> = {
    [K in keyof Steps as Steps[K] extends {
        signal: infer G extends string;
    } ? G : never]: Steps[K]['output'];
};
/** A child workflow step's output: the child's task id and its steps' outputs by name (typed when the child is a builder workflow). */
export interface ChildOutput<Outputs> {
    task_id: string;
    steps: Outputs;
}
export {};
