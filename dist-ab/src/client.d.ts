/**
 * `baton/client`: the HTTP API's client and the types it speaks, for scripts,
 * services and UIs that talk to a Baton server. Nothing here opens a database
 * or serves HTTP: importing it loads no pg, PGlite or Fastify
 * (test/e2e/client-entry.test.ts checks the loaded modules).
 *
 * @example
 * import { BatonClient, isBatonError } from 'baton/client';
 * // Safe calls are retried after a transient failure for up to 30 s (`retry: false` turns that off).
 * const baton = new BatonClient('http://127.0.0.1:8080', { token: process.env.BATON_TOKEN, retry: { deadlineMs: 30_000 } });
 * const { id } = await baton.submit({ namespace: 'shop', name: 'order_fulfillment', context: { order_id: 'o1', items: [] } });
 * console.log((await baton.wait(id, { timeoutMs: 60_000 })).status);
 */
export { BatonClient, type BatonClientOptions, type CancelResult, type ClientRetryOptions, type RegisterTemplateResult, type TaskDetail, type TaskListFilter, type TaskPage, type WaitOptions, } from './sdk/client.js';
export type { FollowOptions, TaskEvent, TaskEventData } from './sdk/events.js';
export type { ExternalEvent, SignalOptions, SignalTarget } from './sdk/signal-types.js';
export type { EventResult, SignalResult } from './core/signals.js';
export type { SubmitResult, TaskRequest } from './core/submit.js';
export type { EventView, StepView, TaskView, TemplateView } from './core/views.js';
export type { JsonObject, JsonValue, StepState, TaskStatus, TemplateDefinition } from './domain/types.js';
export { BatonError, ErrorCodes, isBatonError, type ErrorCode } from './errors.js';
