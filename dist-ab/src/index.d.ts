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
export type { HandlerContext, HandlerFn, HandlerRegistration, HandlerSpec, Middleware, ResultsOf, UpstreamResults, UpstreamSpec } from './worker/types.js';
export { Worker, type WorkerOptions } from './worker/worker.js';
export * from './sdk/index.js';
export { BatonError, PermanentError, isBatonError, isPermanentError, ErrorCodes, type ErrorCode, StepAbortedError, isStepAbortedError, type StepAbortReason } from './errors.js';
export { STEP_ERROR_CODES, type StepErrorCode } from './domain/step-errors.js';
export type { JsonObject, JsonValue, TemplateDefinition, StepDefinition, TaskStatus, StepState, RetryPolicy } from './domain/types.js';
export { createRuntime, type Runtime, type RuntimeOptions } from './runtime.js';
export { ScheduleService, type ScheduleInput, type SchedulePatch, type ScheduleView } from './core/schedule-service.js';
export type { TaskView, StepView, TemplateView, EventView } from './core/views.js';
export type { TaskRequest, SubmitResult } from './core/submit.js';
export { loadConfig, defaultConfig, type BatonConfig } from './config/index.js';
export { createToken, type CreateTokenOptions } from './api/token.js';
export { Scopes, type Scope } from './api/auth.js';
export { BatonClient } from './sdk/client.js';
