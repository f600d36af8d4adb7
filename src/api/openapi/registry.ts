/**
 * Every route of the HTTP API, as the OpenAPI document (`GET /openapi.json`,
 * `baton openapi`) describes it. The document is generated from this list by
 * src/api/openapi/document.ts; it is never written by hand.
 *
 * Adding a route (test/api/openapi.test.ts fails until you do):
 * 1. In the route file, export the zod schemas the handler passes to
 *    `parseRequest` (`export const statsQuery = z.strictObject({...})`), and
 *    import that module here (`import * as stats from '../routes/stats.js'`).
 * 2. Describe each answer with a zod schema: a shared view from
 *    ./responses.ts, or one exported beside the route. Objects are closed, so
 *    name every field the route sends (optional ones with `.optional()`).
 * 3. Append a `RouteDoc` to `apiRoutes` below with the SAME schema objects:
 *      { method: 'GET', path: '/v1/stats', operationId: 'getStats', summary: '...', tags: ['stats'],
 *        query: stats.statsQuery, responses: { 200: json(stats.statsAnswer, 'the overview') } },
 *    and give the route its access rule in `RouteAccess` (src/api/auth.ts).
 * Error answers (`4XX`, `5XX`: the envelope of src/api/errors.ts) are added
 * to every route; name a status only when it means something of its own.
 */
import { z } from 'zod';
import { templateSchema } from '../../domain/template-schema.js';
import { scheduleInputSchema, schedulePatchSchema } from '../../domain/schedule-input.js';
import * as bulk from '../routes/bulk.js';
import * as events from '../routes/events.js';
import * as executions from '../routes/executions.js';
import * as operator from '../routes/operator.js';
import * as rateLimits from '../routes/rate-limits.js';
import * as schedules from '../routes/schedules.js';
import * as signals from '../routes/signals.js';
import * as stats from '../routes/stats.js';
import * as tasks from '../routes/tasks.js';
import * as templates from '../routes/templates.js';
import * as workers from '../routes/workers.js';
import * as r from './responses.js';
import { json, refusal, type RouteDoc } from './route-doc.js';

const eventStream = { description: 'Server-Sent Events: `event: <type>`, `id: <event id>`, `data: <event JSON>`.', contentType: 'text/event-stream' };
const traceparent = {
  traceparent: {
    description: 'W3C trace context: the task joins this trace (its steps too, whenever they run); without it, a new trace.',
    schema: z.string(),
  },
};
const lastEventId = {
  'Last-Event-ID': {
    description: 'Resume after this event id (sent by reconnecting EventSource clients); wins over `last_event_id`.',
    schema: z.string().regex(/^[0-9]{1,15}$/),
  },
};
const staleLease = refusal("`stale_lease`: the lease is no longer held; drop the attempt's result.");
const reportAnswer = json(r.reportAnswer, '`ok`, or `duplicate` for a repeat of a report already recorded');

/** The API's routes in document order. */
export const apiRoutes: RouteDoc[] = [
  // Probes, metrics and this document.
  {
    method: 'GET',
    path: '/health/live',
    operationId: 'liveness',
    summary: 'Liveness probe',
    tags: ['health'],
    responses: { 200: json(z.object({ status: z.literal('ok') }), 'the process answers') },
  },
  {
    method: 'GET',
    path: '/health/ready',
    operationId: 'readiness',
    summary: 'Readiness probe',
    description:
      'Ready when the database answers, the LISTEN connection is up (or the server polls), the ready backlog and oldest ready step are within limits, and the server is not shutting down.',
    tags: ['health'],
    responses: { 200: json(r.readiness, 'ready'), 503: json(r.readiness, 'not ready: `checks` says why') },
  },
  {
    method: 'GET',
    path: '/metrics',
    operationId: 'metrics',
    summary: 'Prometheus metrics',
    tags: ['health'],
    responses: { 200: { description: 'Prometheus text exposition format', contentType: 'text/plain' } },
  },
  {
    method: 'GET',
    path: '/openapi.json',
    operationId: 'openapi',
    summary: 'This OpenAPI 3.1 document',
    tags: ['health'],
    responses: { 200: json(r.openApiDocument, 'the document') },
  },

  // Templates.
  {
    method: 'POST',
    path: '/v1/templates',
    operationId: 'registerTemplate',
    summary: 'Register a template (YAML or JSON)',
    description: 'Registering the same definition again is a no-op (200); a different definition under an existing version is a 409 `conflict`.',
    tags: ['templates'],
    body: templateSchema,
    otherBodies: { 'application/yaml': z.string().describe('The template as YAML.') },
    responses: { 201: json(z.object({ template: r.templateView }), 'registered'), 200: json(z.object({ template: r.templateView }), 'already registered, unchanged') },
  },
  {
    method: 'GET',
    path: '/v1/templates',
    operationId: 'listTemplates',
    summary: 'List templates',
    tags: ['templates'],
    query: templates.listQuery,
    responses: { 200: json(z.object({ templates: z.array(r.templateView) }), 'every version of every template, without definitions') },
  },
  {
    method: 'GET',
    path: '/v1/templates/:namespace/:name',
    operationId: 'getLatestTemplate',
    summary: 'Show the latest version of a template',
    tags: ['templates'],
    params: templates.showParams,
    query: templates.listQuery,
    responses: { 200: json(z.object({ template: r.templateView }), 'the template with its definition') },
  },
  {
    method: 'GET',
    path: '/v1/templates/:namespace/:name/:version',
    operationId: 'getTemplate',
    summary: 'Show one version of a template',
    tags: ['templates'],
    params: templates.showParams,
    query: templates.listQuery,
    responses: { 200: json(z.object({ template: r.templateView }), 'the template with its definition') },
  },

  // Tasks.
  {
    method: 'POST',
    path: '/v1/tasks',
    operationId: 'submitTask',
    summary: 'Submit a task',
    tags: ['tasks'],
    body: tasks.taskRequestSchema,
    headers: traceparent,
    responses: { 202: json(r.submitted, 'accepted'), 200: json(r.submitted, 'the idempotency key matched an existing task, returned as it is') },
  },
  {
    method: 'POST',
    path: '/v1/tasks/batch',
    operationId: 'submitTasks',
    summary: 'Submit many tasks in one transaction',
    tags: ['tasks'],
    body: tasks.batchBody,
    headers: traceparent,
    responses: { 202: json(z.object({ tasks: z.array(r.submitted) }), 'accepted, in request order') },
  },
  {
    method: 'GET',
    path: '/v1/tasks',
    operationId: 'listTasks',
    summary: 'List tasks, newest first',
    tags: ['tasks'],
    query: tasks.listQuery,
    responses: { 200: json(r.taskPage, 'one page; pass `next_cursor` as `cursor` for the next') },
  },
  {
    method: 'GET',
    path: '/v1/tasks/:id',
    operationId: 'getTask',
    summary: 'Show a task with its steps',
    tags: ['tasks'],
    params: tasks.idParams,
    query: tasks.noQuery,
    responses: { 200: json(r.taskAnswer, 'the task') },
  },
  {
    method: 'POST',
    path: '/v1/tasks/:id/cancel',
    operationId: 'cancelTask',
    summary: 'Cancel a task',
    tags: ['tasks'],
    params: tasks.idParams,
    body: tasks.cancelBody,
    responses: { 200: json(r.cancelled, '`changed` is false when it was already cancelled'), 409: refusal('`conflict`: the task already finished') },
  },
  {
    method: 'POST',
    path: '/v1/tasks/:id/steps/:step/retry',
    operationId: 'retryStep',
    summary: 'Retry a step in error',
    tags: ['operator'],
    params: operator.stepParams,
    body: operator.retryBody,
    responses: { 200: json(r.taskAnswer, 'the task, reopened') },
  },
  {
    method: 'POST',
    path: '/v1/tasks/:id/steps/:step/resolve',
    operationId: 'resolveStep',
    summary: 'Resolve a step in error with an output',
    tags: ['operator'],
    params: operator.stepParams,
    body: operator.resolveBody,
    responses: { 200: json(r.taskAnswer, 'the task, going on') },
  },
  {
    method: 'POST',
    path: '/v1/tasks/cancel',
    operationId: 'cancelTasks',
    summary: 'Cancel tasks by filter',
    tags: ['bulk'],
    body: bulk.bulkBody,
    responses: { 200: json(r.bulkAnswer, 'the preview (`dry_run: true`) or the outcome') },
  },
  {
    method: 'POST',
    path: '/v1/tasks/retry',
    operationId: 'retryTasks',
    summary: 'Retry the errored steps of tasks by filter',
    tags: ['bulk'],
    body: bulk.bulkBody,
    responses: { 200: json(r.bulkAnswer, 'the preview (`dry_run: true`) or the outcome') },
  },
  {
    method: 'GET',
    path: '/v1/stats',
    operationId: 'getStats',
    summary: 'Overview statistics: throughput, ready backlog, step latency, errors by template, tasks by status',
    description: 'Read from the database, so any server answers for the whole cluster (docs/operations.md, "Overview statistics").',
    tags: ['stats'],
    query: stats.statsQuery,
    responses: { 200: json(stats.statsAnswer, 'the numbers over the window') },
  },
  {
    method: 'GET',
    path: '/v1/tasks/counts',
    operationId: 'countTasks',
    summary: 'Tasks by status (each counted up to a cap)',
    tags: ['stats'],
    query: stats.taskCountsQuery,
    responses: { 200: json(stats.taskCountsAnswer, 'every status, in order') },
  },
  {
    method: 'GET',
    path: '/v1/failures',
    operationId: 'listFailures',
    summary: 'Errored tasks grouped by template, step and error code',
    tags: ['bulk'],
    query: bulk.failuresQuery,
    responses: { 200: json(r.failureGroups, 'largest groups first') },
  },

  // Events.
  {
    method: 'GET',
    path: '/v1/tasks/:id/events',
    operationId: 'streamTaskEvents',
    summary: "A task's events, live",
    description: 'Replays the events after `last_event_id`, then streams new ones; ends after the terminal transition.',
    tags: ['events'],
    params: events.idParams,
    query: events.taskQuery,
    headers: lastEventId,
    responses: { 200: eventStream },
  },
  {
    method: 'GET',
    path: '/v1/events',
    operationId: 'streamEvents',
    summary: "Every task's events, live",
    tags: ['events'],
    query: events.allQuery,
    headers: lastEventId,
    responses: { 200: eventStream },
  },

  // Schedules.
  {
    method: 'POST',
    path: '/v1/schedules',
    operationId: 'applySchedule',
    summary: 'Create or replace a schedule',
    tags: ['schedules'],
    body: scheduleInputSchema,
    responses: { 201: json(z.object({ schedule: r.scheduleView }), 'created'), 200: json(z.object({ schedule: r.scheduleView }), 'replaced') },
  },
  {
    method: 'GET',
    path: '/v1/schedules',
    operationId: 'listSchedules',
    summary: 'List schedules',
    tags: ['schedules'],
    query: schedules.noQuery,
    responses: { 200: json(z.object({ schedules: z.array(r.scheduleView) }), 'every schedule') },
  },
  {
    method: 'GET',
    path: '/v1/schedules/:name',
    operationId: 'getSchedule',
    summary: 'Show a schedule',
    tags: ['schedules'],
    params: schedules.nameParams,
    responses: { 200: json(z.object({ schedule: r.scheduleView }), 'the schedule') },
  },
  {
    method: 'PATCH',
    path: '/v1/schedules/:name',
    operationId: 'patchSchedule',
    summary: 'Change a schedule (pause, resume, any field but its name)',
    tags: ['schedules'],
    params: schedules.nameParams,
    body: schedulePatchSchema,
    responses: { 200: json(z.object({ schedule: r.scheduleView }), 'the schedule') },
  },
  {
    method: 'DELETE',
    path: '/v1/schedules/:name',
    operationId: 'deleteSchedule',
    summary: 'Delete a schedule (the tasks it fired stay)',
    tags: ['schedules'],
    params: schedules.nameParams,
    responses: { 200: json(z.object({ name: z.string(), deleted: z.literal(true) }), 'deleted') },
  },
  {
    method: 'POST',
    path: '/v1/schedules/:name/trigger',
    operationId: 'triggerSchedule',
    summary: 'Fire a schedule now',
    tags: ['schedules'],
    params: schedules.nameParams,
    body: schedules.emptyBody,
    responses: { 201: json(r.triggerAnswer, 'the task submitted, and the schedule') },
  },

  // Signals, events and rate limits.
  {
    method: 'POST',
    path: '/v1/tasks/:id/signals/:name',
    operationId: 'signalTask',
    summary: "Send a signal to a task's wait step",
    tags: ['signals'],
    params: signals.signalParams,
    body: signals.signalBody,
    responses: { 202: json(r.signalAnswer, 'recorded: delivered, kept for the step, or a duplicate') },
  },
  {
    method: 'POST',
    path: '/v1/events',
    operationId: 'sendEvent',
    summary: 'Send an external event',
    tags: ['signals'],
    body: signals.eventBody,
    responses: { 202: json(r.eventAnswer, 'recorded, and delivered to the steps waiting for it') },
  },
  {
    method: 'POST',
    path: '/v1/rate-limits',
    operationId: 'setRateLimit',
    summary: 'Declare or change a named rate limit',
    tags: ['rate limits'],
    body: rateLimits.body,
    responses: { 201: json(r.rateLimitView, 'declared'), 200: json(r.rateLimitView, 'changed') },
  },
  {
    method: 'GET',
    path: '/v1/rate-limits',
    operationId: 'listRateLimits',
    summary: 'List the named rate limits',
    tags: ['rate limits'],
    responses: { 200: json(z.object({ rate_limits: z.array(r.rateLimitView) }), 'every rate limit') },
  },

  // The worker protocol (docs/worker-protocol.md).
  {
    method: 'POST',
    path: '/v1/workers',
    operationId: 'registerWorker',
    summary: 'Register a worker',
    tags: ['workers'],
    body: workers.registerBody,
    responses: { 201: json(z.object({ id: z.string(), lease_ms: z.int() }), 'registered') },
  },
  {
    method: 'GET',
    path: '/v1/workers',
    operationId: 'listWorkers',
    summary: 'List live, draining and lost workers',
    tags: ['workers'],
    query: workers.noQuery,
    responses: { 200: json(z.object({ workers: z.array(r.workerView) }), 'oldest first') },
  },
  {
    method: 'GET',
    path: '/v1/workers/:id',
    operationId: 'getWorker',
    summary: 'Show a worker',
    tags: ['workers'],
    params: workers.idParams,
    query: workers.noQuery,
    responses: { 200: json(r.workerView, 'the worker') },
  },
  {
    method: 'POST',
    path: '/v1/workers/:id/claim',
    operationId: 'claim',
    summary: 'Claim ready steps (long-poll up to wait_ms)',
    tags: ['workers'],
    params: workers.idParams,
    body: workers.claimBody,
    bodyRequired: false,
    responses: { 200: json(z.object({ executions: z.array(r.execution) }), 'what was claimed; empty when nothing was ready in time') },
  },
  {
    method: 'POST',
    path: '/v1/workers/:id/heartbeat',
    operationId: 'heartbeat',
    summary: 'Extend the leases of a worker and learn what to abort',
    tags: ['workers'],
    params: workers.idParams,
    body: workers.heartbeatBody,
    responses: { 200: json(r.heartbeatAnswer, 'leases extended') },
  },
  {
    method: 'POST',
    path: '/v1/workers/:id/drain',
    operationId: 'drainWorker',
    summary: 'Stop handing a worker new work',
    tags: ['workers'],
    params: workers.idParams,
    body: workers.noBody,
    responses: { 200: json(r.workerView, 'the worker, draining') },
  },
  {
    method: 'DELETE',
    path: '/v1/workers/:id',
    operationId: 'removeWorker',
    summary: 'Deregister a worker; its leases go back to ready',
    tags: ['workers'],
    params: workers.idParams,
    responses: { 200: json(z.object({ id: z.string(), released: z.int() }), 'removed') },
  },
  {
    method: 'POST',
    path: '/v1/executions/:id/complete',
    operationId: 'complete',
    summary: 'Report a step attempt done',
    tags: ['executions'],
    params: executions.idParams,
    body: executions.completeBody,
    responses: { 200: reportAnswer, 409: staleLease },
  },
  {
    method: 'POST',
    path: '/v1/executions/:id/fail',
    operationId: 'fail',
    summary: 'Report a step attempt failed',
    tags: ['executions'],
    params: executions.idParams,
    body: executions.failBody,
    responses: { 200: reportAnswer, 409: staleLease },
  },
  {
    method: 'POST',
    path: '/v1/executions/:id/progress',
    operationId: 'progress',
    summary: 'Publish progress of a running attempt',
    tags: ['executions'],
    params: executions.idParams,
    body: executions.progressBody,
    responses: { 200: reportAnswer, 409: staleLease },
  },
  {
    method: 'POST',
    path: '/v1/executions/:id/checkpoint',
    operationId: 'checkpoint',
    summary: 'Save a checkpoint a retried attempt resumes from',
    tags: ['executions'],
    params: executions.idParams,
    body: executions.checkpointBody,
    responses: { 200: reportAnswer, 409: staleLease },
  },
  {
    method: 'POST',
    path: '/v1/executions/complete',
    operationId: 'completeMany',
    summary: 'Report many attempts done',
    tags: ['executions'],
    body: executions.completeBatch,
    responses: { 200: json(r.batchReportAnswer, 'one result per item, in order') },
  },
  {
    method: 'POST',
    path: '/v1/executions/fail',
    operationId: 'failMany',
    summary: 'Report many attempts failed',
    tags: ['executions'],
    body: executions.failBatch,
    responses: { 200: json(r.batchReportAnswer, 'one result per item, in order') },
  },
];
