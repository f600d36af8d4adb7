import type { JsonValue, JsonObject } from '../domain/types.js';

export interface HandlerLogger {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  debug(obj: object | string, msg?: string): void;
}

/** What a handler receives for one attempt of a step (DESIGN §3). */
export interface HandlerContext<Params = JsonObject> {
  task: { id: string; namespace: string; name: string; version: string; context: JsonObject };
  step: { name: string; attempt: number; max_attempts: number; execution_id: string };
  /** The step's params with every `${...}` reference resolved. */
  params: Params;
  /** Outputs of the upstream steps, by step name. */
  results: Record<string, JsonValue>;
  /** Aborted on step timeout, task cancellation, lease loss or worker shutdown. */
  signal: AbortSignal;
  /** Publishes an event on the task's stream. */
  progress(data: JsonValue): Promise<void>;
  log: HandlerLogger;
  /** Stable across attempts: task id + step name. Use it to make side effects idempotent. */
  idempotencyKey: string;
}

export type HandlerFn<Params = JsonObject, Output = JsonValue> = (
  ctx: HandlerContext<Params>,
) => Promise<Output> | Output;

export interface HandlerRegistration {
  name: string;
  fn: HandlerFn<any, any>;
}

/** Registers a handler under the name templates refer to. */
export function defineHandler<Params = JsonObject, Output = JsonValue>(
  name: string,
  fn: HandlerFn<Params, Output>,
): HandlerRegistration {
  if (typeof name !== 'string' || name.length === 0) throw new TypeError('defineHandler: name must be a non-empty string');
  if (typeof fn !== 'function') throw new TypeError(`defineHandler(${name}): the handler must be a function`);
  return { name, fn };
}
