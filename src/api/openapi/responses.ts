/**
 * What the HTTP API answers, as zod schemas: the shapes of src/core/views.ts,
 * the worker pool, schedules, bulk operations and the error envelope of
 * src/api/errors.ts. They exist for the OpenAPI document (and the API tests,
 * which check every answer they receive against it); the routes do not parse
 * their own answers with them.
 *
 * Objects are closed (`additionalProperties: false` in the document): a field
 * a route starts to send must be added here, or the API tests fail. Schemas
 * with a `.meta({ id })` become named components (`#/components/schemas/<id>`).
 */
import { z } from 'zod';
import { CATCH_UP_POLICIES, OVERLAP_POLICIES } from '../../domain/schedule.js';
import { StepStates, TaskStatuses } from '../../domain/types.js';
import { ErrorCodes, type ErrorCode } from '../../errors.js';
import { jsonValue } from '../validation.js';

/** A time as the API writes it (`Date.toISOString()`, UTC). */
export const timestamp = z.string().meta({ format: 'date-time' });
const jsonObject = z.record(z.string(), jsonValue);
const stringMap = z.record(z.string(), z.string());

export const taskStatus = z.enum(Object.values(TaskStatuses)).meta({ id: 'TaskStatus' });
export const stepState = z.enum(Object.values(StepStates)).meta({ id: 'StepState' });
const workerState = z.enum(['active', 'draining', 'lost', 'stopped']);

/** `{error: {code, message, details?}}`: every 4xx and 5xx answer (src/api/errors.ts). */
export const errorResponse = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ErrorCodes) as [ErrorCode, ...ErrorCode[]]).describe('Stable error code (docs/errors.md).'),
      message: z.string().describe('What went wrong and what to do about it.'),
      details: z.unknown().optional().describe('Structured context: `errors: [{path, message}]` for invalid_request, `issues` for invalid_template.'),
    }),
  })
  .meta({ id: 'Error', description: 'The error envelope of every 4xx and 5xx answer.' });

const stepError = z.object({ message: z.string(), code: z.string().optional(), details: jsonValue.optional() }).meta({ id: 'StepError' });

const waitingView = z.object({
  for: z.enum(['sleep', 'signal', 'event', 'workflow']),
  name: z.string().nullable(),
  key: z.string().nullable(),
  until: timestamp.nullable(),
});

export const stepView = z
  .object({
    name: z.string(),
    handler: z.string(),
    kind: z.string(),
    state: stepState,
    attempts: z.int(),
    max_attempts: z.int(),
    depends_on: z.array(z.string()),
    params: jsonObject,
    output: jsonValue.nullable(),
    error: stepError.nullable(),
    labels: stringMap,
    visible_at: timestamp.nullable(),
    started_at: timestamp.nullable(),
    finished_at: timestamp.nullable(),
    worker: z.string().nullable(),
    waiting_reason: z.string().optional().describe('For a ready step that is not running: why (no worker can take it, concurrency, rate limit).'),
    waiting: waitingView.optional().describe('For a waiting step: what it waits for and until when.'),
  })
  .meta({ id: 'Step' });

const childView = z.object({
  id: z.string(),
  step: z.string().nullable(),
  namespace: z.string(),
  name: z.string(),
  version: z.string(),
  status: taskStatus,
  created_at: timestamp,
});

export const taskView = z
  .object({
    id: z.string(),
    namespace: z.string(),
    name: z.string(),
    version: z.string(),
    status: taskStatus,
    context: jsonObject,
    priority: z.int(),
    tags: z.array(z.string()),
    idempotency_key: z.string().nullable(),
    correlation_id: z.string(),
    run_at: timestamp.nullable(),
    deadline_at: timestamp.nullable(),
    created_at: timestamp,
    started_at: timestamp.nullable(),
    finished_at: timestamp.nullable(),
    parent_task_id: z.string().nullable(),
    parent_step: z.string().nullable(),
    steps: z.array(stepView).optional().describe('Every step (task detail only).'),
    children: z.array(childView).optional().describe('Child workflows this task started, oldest first (task detail only).'),
  })
  .meta({ id: 'Task' });

export const submitted = z.object({ id: z.string(), status: taskStatus });
export const taskPage = z.object({ tasks: z.array(taskView), next_cursor: z.string().nullable() });
export const taskAnswer = z.object({ task: taskView });
export const cancelled = z.object({ id: z.string(), status: taskStatus, changed: z.boolean() });

export const templateView = z
  .object({
    namespace: z.string(),
    name: z.string(),
    version: z.string(),
    description: z.string().nullable(),
    digest: z.string(),
    created_at: timestamp,
    definition: z.record(z.string(), z.unknown()).optional().describe('The stored, normalised definition (single template only).'),
  })
  .meta({ id: 'Template' });

export const workerView = z
  .object({
    id: z.string(),
    name: z.string(),
    transport: z.enum(['direct', 'http']),
    handlers: z.array(z.string()),
    labels: stringMap,
    capacity: z.int(),
    state: workerState,
    in_flight: z.int(),
    last_heartbeat_at: timestamp,
    last_error: z.string().nullable(),
    created_at: timestamp,
  })
  .meta({ id: 'Worker' });

export const execution = z
  .object({
    execution_id: z.string(),
    lease_id: z.string(),
    handler: z.string(),
    params: jsonObject,
    results: jsonObject.describe('Outputs of upstream steps, by step name.'),
    context: jsonObject,
    attempt: z.int(),
    max_attempts: z.int(),
    deadline: timestamp.nullable().describe('Per-attempt deadline; null when the step has no timeout.'),
    lease_expires_at: timestamp,
    checkpoint: jsonValue.nullable(),
    fan_out: z.object({ index: z.int(), count: z.int(), items: z.array(jsonValue) }).nullable(),
    task: z.object({ id: z.string(), namespace: z.string(), name: z.string(), version: z.string() }),
    step: z.string(),
    correlation_id: z.string(),
    traceparent: z.string().nullable().optional().describe('W3C traceparent of the task, for the handler to join its trace.'),
  })
  .meta({ id: 'Execution', description: 'One claimed attempt (docs/worker-protocol.md).' });

export const heartbeatAnswer = z.object({
  lease_ms: z.int(),
  abort: z.array(z.string()).describe('Executions the worker no longer holds: stop them and drop their results.'),
  cancelled: z.array(z.string()).describe('Which of `abort` were cancelled.'),
  state: workerState,
});

export const reportAnswer = z.object({ status: z.enum(['ok', 'duplicate']) });
export const batchReportAnswer = z.object({
  results: z.array(z.object({ execution_id: z.string(), status: z.enum(['ok', 'duplicate', 'stale_lease', 'not_found']) })),
});

export const scheduleView = z
  .object({
    name: z.string(),
    template: z.object({ namespace: z.string(), name: z.string(), version: z.string().nullable() }),
    context: jsonObject,
    cron: z.string().nullable(),
    every: z.string().nullable(),
    timezone: z.string(),
    overlap: z.enum(OVERLAP_POLICIES),
    catch_up: z.enum(CATCH_UP_POLICIES),
    paused: z.boolean(),
    next_fire_times: z.array(timestamp),
    last_slot_at: timestamp.nullable(),
    last_fired_at: timestamp.nullable(),
    last_task: z.object({ id: z.string(), status: taskStatus.nullable() }).nullable(),
    fired_count: z.int(),
    skipped_count: z.int(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'Schedule' });

export const triggerAnswer = z.object({
  task: z.object({ id: z.string(), status: taskStatus, created: z.boolean() }),
  schedule: scheduleView,
});

export const rateLimitView = z.object({ name: z.string(), limit: z.int(), per_ms: z.int(), updated_at: timestamp }).meta({ id: 'RateLimit' });

export const signalAnswer = z.object({ task_id: z.string(), signal: z.string(), step: z.string(), status: z.enum(['delivered', 'kept', 'duplicate']) });
export const eventAnswer = z.object({ name: z.string(), key: z.string(), delivered: z.int(), kept: z.boolean(), duplicate: z.boolean() });

const matchedTask = z.object({ id: z.string(), namespace: z.string(), name: z.string(), status: taskStatus, created_at: timestamp });
export const bulkAnswer = z.union([
  z.object({
    dry_run: z.literal(true),
    matched: z.int(),
    limit: z.int(),
    truncated: z.boolean(),
    sample: z.array(matchedTask).describe('The oldest matches, up to 20.'),
  }),
  z.object({
    dry_run: z.literal(false),
    matched: z.int(),
    changed: z.int(),
    skipped: z.int(),
    failed: z.array(z.object({ task_id: z.string(), code: z.string(), message: z.string() })),
    failed_count: z.int(),
    batches: z.int(),
    truncated: z.boolean(),
  }),
]);

export const failureGroups = z.object({
  groups: z.array(
    z.object({
      namespace: z.string(),
      name: z.string(),
      step: z.string(),
      error_code: z.string().nullable(),
      tasks: z.int(),
      first_seen: timestamp,
      last_seen: timestamp,
      last_message: z.string().nullable(),
    }),
  ),
});

const readinessCheck = z.object({ ok: z.boolean(), value: z.unknown().optional(), limit: z.unknown().optional(), error: z.string().optional() });
export const readiness = z.object({
  status: z.enum(['ready', 'unready']),
  checks: z.object({ database: readinessCheck, listener: readinessCheck, backlog: readinessCheck, oldest_ready: readinessCheck, shutdown: readinessCheck }),
});

/** `GET /openapi.json`: an OpenAPI 3.1 document (not described again field by field). */
export const openApiDocument = z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) });
