import type { Span } from '@opentelemetry/api';
import type { z } from 'zod';
import type { JsonValue, JsonObject } from '../domain/types.js';
import type { StepErrorCode } from '../domain/step-errors.js';
import { PermanentError } from '../errors.js';

export interface HandlerLogger {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  debug(obj: object | string, msg?: string): void;
}

/** What `ctx.results` holds when a handler declares nothing: every upstream output, by step name. */
export type UpstreamResults = Record<string, JsonValue>;

/**
 * What a handler receives for one attempt of a step (DESIGN §3). `Params` types
 * `ctx.params`; `Results` types `ctx.results` (see `defineHandler`'s `upstream`).
 */
export interface HandlerContext<Params = JsonObject, Results = UpstreamResults> {
  task: { id: string; namespace: string; name: string; version: string; context: JsonObject };
  step: { name: string; attempt: number; max_attempts: number; execution_id: string };
  /** The step's params with every `${...}` reference resolved. */
  params: Params;
  /** Outputs of the upstream steps, by step name. */
  results: Results;
  /**
   * Aborted on task cancellation, step timeout, lease loss or worker shutdown;
   * then `signal.reason` is a `StepAbortedError` whose `reason` says which
   * (`'cancelled' | 'timeout' | 'lease_lost' | 'shutdown'`).
   */
  signal: AbortSignal;
  /** Publishes an event on the task's stream. */
  progress(data: JsonValue): Promise<void>;
  log: HandlerLogger;
  /** Stable across attempts: task id + step name. Use it to make side effects idempotent. */
  idempotencyKey: string;
  /**
   * The task's correlation id: the `x-request-id` of the submission that
   * created it (or the `correlationId` a library-mode submission passed), else
   * the task's own id. `ctx.log` carries it as `correlationId`; pass it on
   * (`correlationId` in a library-mode submission, `x-request-id` over HTTP)
   * when submitting follow-up tasks, so one id finds the whole workflow.
   */
  correlationId: string;
  /**
   * This attempt's span (`step <name>`, an `@opentelemetry/api` Span), child
   * of the task's trace; the handler runs inside its context, so spans of its
   * own instrumented calls join the trace. Add attributes or events to it.
   * Non-recording when no tracer provider is registered (docs/operations.md#traces).
   */
  span: Span;
  /**
   * This attempt's W3C trace context (`00-<trace id>-<span id>-<flags>`), to
   * send as the `traceparent` header of calls made without OpenTelemetry.
   * With tracing off, the task's stored context; null when it has none.
   */
  traceparent: string | null;
  /**
   * Saves progress durably (only while this attempt holds its lease); a retried
   * attempt finds the last saved value in `checkpoint.last` and can resume from it.
   */
  checkpoint: CheckpointFn;
  /** For an instance of a fan-out: which slice of the items it handles. */
  fanOut?: { index: number; count: number; items: JsonValue[] };
}

export interface CheckpointFn {
  (data: JsonValue): Promise<void>;
  /** The last checkpoint saved by an earlier attempt of this step, or null. */
  readonly last: JsonValue | null;
}

export type HandlerFn<Params = JsonObject, Output = JsonValue, Results = UpstreamResults> = (ctx: HandlerContext<Params, Results>) => Promise<Output> | Output;

/**
 * A named handler, as `defineHandler` returns it. The type parameters are
 * compile-time only: the params a step must give it (before input parsing),
 * its output, and the upstream results it reads. The workflow builder uses
 * them to check steps; workers ignore them.
 */
// `any` here is a wildcard: a registration of any handler fits a list of registrations, and a worker calls
// `fn` with the params the step gives it; the type parameters carry the types the workflow builder checks.
/* eslint-disable @typescript-eslint/no-explicit-any */
export interface HandlerRegistration<Params = any, Output = any, Results = any> {
  name: string;
  fn: HandlerFn<any, any, any>;
  /* eslint-enable @typescript-eslint/no-explicit-any */
  /** Type-level only; never set at run time. */
  readonly '~types'?: { params: Params; output: Output; results: Results };
}

/**
 * Wraps every handler call of a worker (DESIGN §3): code before `await next()`
 * runs before the handler, code after it sees the output; a throw fails the
 * attempt. Middlewares run in registration order, the first outermost.
 *
 * @example
 * worker.use(async (ctx, next) => {
 *   const started = Date.now();
 *   try { return await next(); } finally { ctx.log.info({ ms: Date.now() - started }, 'step finished'); }
 * });
 */
export type Middleware = (ctx: HandlerContext, next: () => Promise<JsonValue>) => Promise<JsonValue>;

/** Upstream steps a handler reads, by step name: the handler (or zod schema) whose output each one has. */
export type UpstreamSpec = Record<string, HandlerRegistration | z.ZodType>;

/** `ctx.results` for an `upstream` declaration; every upstream output when there is none. */
export type ResultsOf<U> = [U] extends [UpstreamSpec]
  ? // eslint-disable-next-line @typescript-eslint/no-explicit-any -- wildcard: any params
    { [K in keyof U]: U[K] extends HandlerRegistration<any, infer O> ? O : U[K] extends z.ZodType ? z.output<U[K]> : never }
  : UpstreamResults;

/** Run-time checks and compile-time types of a handler (`defineHandler`'s second argument). */
export interface HandlerSpec<I extends z.ZodType, O extends z.ZodType | undefined, U extends UpstreamSpec | undefined> {
  /** Parses `ctx.params`; a mismatch fails the step permanently (code `invalid_input`, details: the zod issues). */
  input?: I;
  /** Parses the output; a mismatch fails the step permanently (code `invalid_output`). */
  output?: O;
  /** Types `ctx.results` (compile time only); the workflow builder checks that these steps are upstream. */
  upstream?: U;
}

/** Zod issues as plain JSON, for a step's `error.details`. */
function issuesToJson(issues: readonly z.core.$ZodIssue[]): JsonValue {
  return JSON.parse(JSON.stringify(issues.map((issue) => ({ ...issue, path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) })))) as JsonValue;
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)'}: ${issue.message}`).join('; ');
}

async function parseOrFail(schema: z.ZodType, value: unknown, handler: string, what: 'input' | 'output'): Promise<unknown> {
  const result = await schema.safeParseAsync(value);
  if (result.success) return result.data;
  const subject = what === 'input' ? 'params do not match its input schema' : 'output does not match its output schema';
  const code: StepErrorCode = what === 'input' ? 'invalid_input' : 'invalid_output';
  throw new PermanentError(`handler ${handler}: ${subject}: ${describeIssues(result.error.issues)}`, {
    code,
    details: issuesToJson(result.error.issues),
  });
}

/**
 * Registers a handler under the name templates refer to.
 *
 * With a spec, `input` (a zod schema) parses `ctx.params` before the handler
 * runs and types it; `output` parses what it returns; `upstream` types
 * `ctx.results`. A failed parse throws a PermanentError, so the step fails
 * at once with the issues in its error.
 *
 * @example
 * const validateOrder = defineHandler('shop.validate_order', { input: z.object({ order_id: z.string() }) }, async (ctx) => {
 *   return { order_id: ctx.params.order_id, ok: true };
 * });
 * const ship = defineHandler('shop.ship', { upstream: { validate_order: validateOrder } }, async (ctx) => {
 *   return { shipped: ctx.results.validate_order.order_id };
 * });
 */
export function defineHandler<Params = JsonObject, Output = JsonValue, Results = UpstreamResults>(
  name: string,
  fn: HandlerFn<Params, Output, Results>,
): HandlerRegistration<Params, Awaited<Output>, Results>;
export function defineHandler<O extends z.ZodType, I extends z.ZodType = z.ZodType<JsonObject>, U extends UpstreamSpec | undefined = undefined>(
  name: string,
  spec: HandlerSpec<I, O, U> & { output: O },
  fn: HandlerFn<z.output<I>, z.input<O>, ResultsOf<U>>,
): HandlerRegistration<z.input<I>, z.output<O>, ResultsOf<U>>;
export function defineHandler<Output, I extends z.ZodType = z.ZodType<JsonObject>, U extends UpstreamSpec | undefined = undefined>(
  name: string,
  spec: HandlerSpec<I, undefined, U>,
  fn: HandlerFn<z.output<I>, Output, ResultsOf<U>>,
): HandlerRegistration<z.input<I>, Awaited<Output>, ResultsOf<U>>;
// The implementation takes whatever the overloads above let through: its handler's params are what the input schema parsed.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment */
export function defineHandler(
  name: string,
  specOrFn: HandlerSpec<z.ZodType, z.ZodType | undefined, UpstreamSpec | undefined> | HandlerFn<any, any, any>,
  maybeFn?: HandlerFn<any, any, any>,
): HandlerRegistration {
  if (typeof name !== 'string' || name.length === 0) throw new TypeError('defineHandler: name must be a non-empty string');
  const fn = typeof specOrFn === 'function' ? specOrFn : maybeFn;
  if (typeof fn !== 'function') throw new TypeError(`defineHandler(${name}): the handler must be a function`);
  if (typeof specOrFn === 'function') return { name, fn };
  const { input, output } = specOrFn ?? {};
  if (input === undefined && output === undefined) return { name, fn };
  return {
    name,
    fn: async (ctx: HandlerContext<any, any>) => {
      const params = input === undefined ? ctx.params : await parseOrFail(input, ctx.params, name, 'input');
      const result: unknown = await fn({ ...ctx, params });
      return output === undefined ? result : parseOrFail(output, result, name, 'output');
    },
  };
}
/* eslint-enable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment */
