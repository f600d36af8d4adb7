/**
 * Baton's public API: what `import ... from 'baton'` gives (library mode,
 * the workflow builder, configuration, tokens, and the common handler and
 * client exports). Two narrower entries load less: `baton/client`
 * (src/client.ts), the HTTP client without the database drivers or Fastify,
 * and `baton/worker` (src/worker/index.ts), handlers and workers. The engine
 * itself is internal: library code reaches it through `Baton`, `LocalClient`
 * or `createRuntime`.
 */
export { defineHandler } from './worker/types.js';
export { Worker } from './worker/worker.js';
export * from './sdk/index.js';
export { BatonError, PermanentError, isBatonError, isPermanentError, ErrorCodes, StepAbortedError, isStepAbortedError } from './errors.js';
export { STEP_ERROR_CODES } from './domain/step-errors.js';
export { createRuntime } from './runtime.js';
// Library mode: `new ScheduleService(baton.engine)` manages schedules as the /v1/schedules routes do.
export { ScheduleService } from './core/schedule-service.js';
export { loadConfig, defaultConfig } from './config/index.js';
export { createToken } from './api/token.js';
export { Scopes } from './api/auth.js';
export { BatonClient } from './sdk/client.js';
//# sourceMappingURL=index.js.map