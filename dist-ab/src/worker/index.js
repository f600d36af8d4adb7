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
export { defineHandler, } from './types.js';
export { Worker } from './worker.js';
export { startHttpWorker } from './http-worker.js';
// What handlers throw and catch.
export { BatonError, isBatonError, PermanentError, isPermanentError, StepAbortedError, isStepAbortedError } from '../errors.js';
export { STEP_ERROR_CODES } from '../domain/step-errors.js';
//# sourceMappingURL=index.js.map