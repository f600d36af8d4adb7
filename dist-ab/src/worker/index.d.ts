/**
 * `baton/worker`: what a process that runs step handlers needs — handlers
 * (`defineHandler` and its types), the `Worker`, and `startHttpWorker` for a
 * worker that reaches a Baton server over HTTP (what `baton worker --server`
 * runs). A worker that connects to PostgreSQL directly is started by
 * `Baton.start` or `createRuntime`, from `baton`.
 *
 * @example
 * import { defineHandler, startHttpWorker } from 'baton/worker';
 * const handlers = [defineHandler('shop.ship_order', async (ctx) => ({ shipped: ctx.params.order_id }))];
 * const { worker } = await startHttpWorker({ serverUrl: 'http://127.0.0.1:8080', name: 'w1', handlers, logger });
 */
export { defineHandler, type CheckpointFn, type HandlerContext, type HandlerFn, type HandlerLogger, type HandlerRegistration, type HandlerSpec, type Middleware, type ResultsOf, type UpstreamResults, type UpstreamSpec, } from './types.js';
export { Worker, type WorkerOptions } from './worker.js';
export type { LeaseHandle, WorkerTransport } from './transport.js';
export { startHttpWorker, type HttpWorkerOptions } from './http-worker.js';
export type { HttpTransport, HttpTransportOptions } from './http-transport.js';
export { BatonError, isBatonError, PermanentError, isPermanentError, StepAbortedError, isStepAbortedError, type StepAbortReason } from '../errors.js';
export { STEP_ERROR_CODES, type StepErrorCode } from '../domain/step-errors.js';
export type { JsonObject, JsonValue, StepError } from '../domain/types.js';
