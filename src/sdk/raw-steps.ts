/**
 * The builder's steps in the raw template shape (YAML's keys, snake_case,
 * before defaults), which `build()` hands to `validateTemplate` exactly as a
 * parsed YAML file would be.
 */
import { z } from 'zod';
import type { BackoffKind, JsonObject, StepKind, TimeoutAction } from '../domain/types.js';

/** A retry policy; unset fields come from the workflow's `defaults.retry`, then Baton's defaults. */
export interface RetryOptions {
  /** Attempts in all, the first included. @default 3 */
  maxAttempts?: number;
  /** @default 'exponential' */
  backoff?: BackoffKind;
  /** @default 1000 */
  baseMs?: number;
  /** @default 60000 */
  maxMs?: number;
  /** @default true */
  jitter?: boolean;
}

/** Per-step settings (YAML's step keys). `dependsOn`, `params` and `fanOut.items` are checked at compile time. */
export interface StepOptions<D, P, FI> {
  /** Earlier steps this one waits for. */
  dependsOn?: D;
  /** The handler's params; strings may hold `${context...}` / `${steps.<upstream>...}` references (see `ref`). */
  params?: P;
  retry?: RetryOptions;
  /** Per-attempt deadline in seconds; null for none. @default defaults.timeoutSeconds */
  timeoutSeconds?: number | null;
  /** Only workers whose labels include all of these run the step. */
  labels?: Record<string, string>;
  /** @default 'task' */
  kind?: StepKind;
  /** For `kind: 'fan_out'`: the step instantiated per chunk of items (it must depend on this step only). */
  fanOut?: { each: string; batchSize?: number; items?: FI };
}

/**
 * `.sleep()`'s spec: a literal `duration` (`'3d'`), or an `until` time: ISO 8601
 * text or, usually, a `${...}` reference to one (a time in the past ends the sleep at once).
 */
export type SleepSpecInput<U extends string> = { duration: string; until?: never } | { until: U; duration?: never };

interface WaitTimeout {
  /** How long to wait before `onTimeout` applies (`'48h'`). @default no limit */
  timeout?: string;
  /** `fail`: the step errors with `wait_expired`; `skip`: it is skipped and its dependents go on. @default 'fail' */
  onTimeout?: TimeoutAction;
}

/**
 * `.wait()`'s spec: a `signal` sent to the task (`schema`, a zod schema or a
 * JSON Schema, checks its payload; a zod schema also types the step's
 * output), or an external `event` whose key equals `match`.
 */
export type WaitSpecInput<G extends string, Z, M extends string> =
  (WaitTimeout & { signal: G; schema?: Z; event?: never; match?: never }) | (WaitTimeout & { event: string; match: M; signal?: never; schema?: never });

/** Options of a step no worker runs: only where it sits in the graph. */
export interface WorkerlessStepOptions<D> {
  /** Earlier steps this one waits for. */
  dependsOn?: D;
}

/** A child workflow named without its builder: its context is any JSON object. Without `version`, the latest when the child starts. */
export interface ChildWorkflowRef {
  namespace: string;
  name: string;
  version?: string;
}

/** `.workflow()`'s options: where the step sits, the child's context (`${...}` references allowed), and the retry that starts a new child after one fails. */
export interface WorkflowStepOptions<D, C> {
  /** Earlier steps this one waits for. */
  dependsOn?: D;
  /** The child task's context; strings may hold `${context...}` / `${steps.<upstream>...}` references, resolved when the child starts. */
  context: C;
  /** How often a failed child is started again. @default defaults.retry */
  retry?: RetryOptions;
}

/** A step as YAML writes it; worker-less steps have no handler. */
export interface RawStep {
  [key: string]: unknown;
  name: string;
  handler?: string;
}

export function retryToRaw(retry: RetryOptions): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  if (retry.maxAttempts !== undefined) raw.max_attempts = retry.maxAttempts;
  if (retry.backoff !== undefined) raw.backoff = retry.backoff;
  if (retry.baseMs !== undefined) raw.base_ms = retry.baseMs;
  if (retry.maxMs !== undefined) raw.max_ms = retry.maxMs;
  if (retry.jitter !== undefined) raw.jitter = retry.jitter;
  return raw;
}

/** A zod schema as the JSON Schema stored in the template (draft-07, as Ajv reads it; what is checked is the schema's input). */
export function zodToJsonSchema(schema: z.ZodType): JsonObject {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-7', io: 'input' }) as JsonObject;
  return rest;
}

export function stepToRaw(name: string, handler: string, opts: StepOptions<readonly string[] | undefined, unknown, string>): RawStep {
  const raw: RawStep = { name, handler };
  if (opts.kind !== undefined) raw.kind = opts.kind;
  if (opts.dependsOn !== undefined) raw.depends_on = [...opts.dependsOn];
  if (opts.params !== undefined) raw.params = structuredClone(opts.params);
  if (opts.retry !== undefined) raw.retry = retryToRaw(opts.retry);
  if (opts.timeoutSeconds !== undefined) raw.timeout_seconds = opts.timeoutSeconds;
  if (opts.labels !== undefined) raw.labels = { ...opts.labels };
  if (opts.fanOut !== undefined) {
    const fanOut: Record<string, unknown> = { each: opts.fanOut.each };
    if (opts.fanOut.batchSize !== undefined) fanOut.batch_size = opts.fanOut.batchSize;
    if (opts.fanOut.items !== undefined) fanOut.items = opts.fanOut.items;
    raw.fan_out = fanOut;
  }
  return raw;
}

function workerlessStep(name: string, kind: 'sleep' | 'wait' | 'workflow', dependsOn: readonly string[] | undefined, spec: Record<string, unknown>): RawStep {
  return { name, kind, ...(dependsOn === undefined ? {} : { depends_on: [...dependsOn] }), [kind]: spec };
}

/** `kind: sleep` with its spec; keys that are undefined are left out, as YAML would not have them. */
export function sleepToRaw(name: string, spec: SleepSpecInput<string>, opts: WorkerlessStepOptions<readonly string[] | undefined>): RawStep {
  const raw: Record<string, unknown> = {};
  if (spec.duration !== undefined) raw.duration = spec.duration;
  if (spec.until !== undefined) raw.until = spec.until;
  return workerlessStep(name, 'sleep', opts.dependsOn, raw);
}

/** `kind: workflow` with its child: namespace, name, the version if pinned, and the context as given. */
export function workflowToRaw(name: string, child: ChildWorkflowRef, opts: WorkflowStepOptions<readonly string[] | undefined, unknown>): RawStep {
  const spec: Record<string, unknown> = { namespace: child.namespace, name: child.name };
  if (child.version !== undefined) spec.version = child.version;
  spec.context = structuredClone(opts.context);
  const raw = workerlessStep(name, 'workflow', opts.dependsOn, spec);
  if (opts.retry !== undefined) raw.retry = retryToRaw(opts.retry);
  return raw;
}

/** `kind: wait` with its spec: camelCase to YAML's keys, a zod schema to JSON Schema. */
export function waitToRaw(name: string, spec: WaitSpecInput<string, unknown, string>, opts: WorkerlessStepOptions<readonly string[] | undefined>): RawStep {
  const raw: Record<string, unknown> = {};
  if (spec.signal !== undefined) raw.signal = spec.signal;
  if (spec.event !== undefined) raw.event = spec.event;
  if (spec.match !== undefined) raw.match = spec.match;
  if (spec.timeout !== undefined) raw.timeout = spec.timeout;
  if (spec.onTimeout !== undefined) raw.on_timeout = spec.onTimeout;
  if (spec.schema !== undefined) raw.schema = spec.schema instanceof z.ZodType ? zodToJsonSchema(spec.schema) : structuredClone(spec.schema);
  return workerlessStep(name, 'wait', opts.dependsOn, raw);
}
