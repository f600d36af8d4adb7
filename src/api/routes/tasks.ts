/** Tasks: submit (one or a batch), list, show, cancel. */
import type { FastifyInstance, FastifyReply, FastifyRequest, RequestPayload } from 'fastify';
import { z } from 'zod';
import { MAX_BATCH, type TaskRequest } from '../../core/submit.js';
import type { Admission } from '../../core/admission.js';
import type { Engine } from '../../core/engine.js';
import { TASK_ID_PREFIX, taskIdPrefixRange } from '../../domain/stats-window.js';
import { TaskStatuses, type JsonObject } from '../../domain/types.js';
import { isBatonError } from '../../errors.js';
import { addLogFields } from '../log-context.js';
import { parseRequest, queryInt } from '../validation.js';

export interface TaskRoutesOptions {
  engine: Engine;
  /** Refuses submissions with 429 `overloaded` while the ready backlog is over its limit. */
  admission?: Admission;
}

const name = z.string().min(1).max(200);

/**
 * An ISO 8601 time with its offset. The format alone lets through year 0000
 * (and an offset that moves year 0001 into it), which PostgreSQL has no
 * `timestamptz` for: it would fail in SQL without naming the field.
 */
const runAt = z.iso.datetime({ offset: true }).refine(
  (value) => {
    const year = new Date(value).getUTCFullYear();
    return year >= 1 && year <= 9999;
  },
  { error: 'must be a time between years 0001 and 9999' },
);

/** One task request (DESIGN §4). `context` is checked by the engine against the template's input_schema. */
export const taskRequestSchema = z.strictObject({
  namespace: name,
  name,
  version: name.optional(),
  context: z.unknown().optional(),
  idempotency_key: z.string().min(1).max(200).optional(),
  priority: z.int().min(-1000).max(1000).optional(),
  tags: z.array(z.string().min(1).max(64)).max(20).optional(),
  run_at: runAt.optional(),
});

export const batchBody = z.strictObject({ tasks: z.array(taskRequestSchema).min(1).max(MAX_BATCH) });

const ID_PREFIX_ERROR = 'must be the start of a task id: 1 to 32 hex digits (dashes are ignored)';

export const listQuery = z.strictObject({
  status: z.enum(Object.values(TaskStatuses) as [string, ...string[]]).optional(),
  namespace: name.optional(),
  name: name.optional(),
  tag: z.string().min(1).max(64).optional(),
  id_prefix: z
    .string()
    .regex(TASK_ID_PREFIX, { error: ID_PREFIX_ERROR, abort: true })
    .refine((v) => taskIdPrefixRange(v) !== null, { error: ID_PREFIX_ERROR })
    .optional()
    .describe('Tasks whose id starts with these hex digits (dashes ignored); a whole id finds that task.'),
  parent: z.uuid({ error: 'must be a task id' }).optional(),
  limit: queryInt(1, 500).optional(),
  cursor: z.string().min(1).max(500).optional(),
});

export const idParams = z.strictObject({ id: z.string() });
export const noQuery = z.strictObject({});
export const cancelBody = z.strictObject({}).optional();

function toTaskRequest(parsed: z.output<typeof taskRequestSchema>): TaskRequest {
  // context stays unchecked here so the engine answers invalid_context for a non-object too.
  return { ...parsed, context: parsed.context as JsonObject | undefined };
}

/** The submission's W3C `traceparent` header: the parent of its `baton.submit` span (the engine ignores an invalid one). */
function traceparentOf(request: FastifyRequest): { traceparent?: string } {
  const header = request.headers.traceparent;
  return typeof header === 'string' ? { traceparent: header } : {};
}

export async function taskRoutes(app: FastifyInstance, opts: TaskRoutesOptions): Promise<void> {
  const { engine } = opts;
  // Checked before the body is read (preParsing, after the auth hook): an overloaded server spends nothing more on the
  // request, and its 429 reaches the client like any early refusal (src/api/early-refusals.ts).
  const admit = async (_request: FastifyRequest, _reply: FastifyReply, payload: RequestPayload): Promise<RequestPayload> => {
    await opts.admission?.check();
    return payload;
  };

  app.post('/v1/tasks', { preParsing: admit }, async (request, reply) => {
    const body = parseRequest(taskRequestSchema, request.body, 'body');
    // The request id becomes the task's correlation id: handlers and their log lines see it.
    const result = await engine.submit({ ...toTaskRequest(body), correlationId: request.id, ...traceparentOf(request) });
    addLogFields(request, reply, { taskId: result.id, correlationId: result.correlationId });
    // 200: the idempotency key matched a task that already existed.
    return reply.code(result.created ? 202 : 200).send({ id: result.id, status: result.status });
  });

  app.post('/v1/tasks/batch', { preParsing: admit }, async (request, reply) => {
    const body = parseRequest(batchBody, request.body, 'body');
    const trace = traceparentOf(request);
    const results = await engine.submitMany(body.tasks.map((t) => ({ ...toTaskRequest(t), correlationId: request.id, ...trace })));
    // Tasks returned for an idempotency key keep the correlation id they were created with.
    const correlationIds = new Set(results.map((r) => r.correlationId));
    if (correlationIds.size === 1) addLogFields(request, reply, { correlationId: results[0].correlationId });
    return reply.code(202).send({ tasks: results.map((r) => ({ id: r.id, status: r.status })) });
  });

  app.get('/v1/tasks', async (request) => {
    const query = parseRequest(listQuery, request.query, 'query');
    const { limit, status, id_prefix: idPrefix, ...filters } = query;
    return engine.listTasks({
      ...filters,
      ...(status ? { status: status as keyof typeof TaskStatuses } : {}),
      ...(idPrefix !== undefined ? { idRange: taskIdPrefixRange(idPrefix)! } : {}),
      limit: limit ?? 50,
    });
  });

  app.get('/v1/tasks/:id', async (request, reply) => {
    parseRequest(noQuery, request.query, 'query');
    const { id } = parseRequest(idParams, request.params, 'params');
    const task = await engine.getTask(id);
    addLogFields(request, reply, { correlationId: task.correlation_id });
    return { task };
  });

  app.post('/v1/tasks/:id/cancel', async (request, reply) => {
    parseRequest(cancelBody, request.body, 'body');
    const { id } = parseRequest(idParams, request.params, 'params');
    // A finished task is refused (409 conflict) by the engine, as the in-process client is.
    const { changed, status, correlationId } = await engine.cancel(id, request.actor).catch(async (err: unknown) => {
      // The refusal's log lines carry the task's correlation id too, as an answered cancel's do.
      if (isBatonError(err, 'conflict')) addLogFields(request, reply, { correlationId: (await engine.getTask(id)).correlation_id });
      throw err;
    });
    addLogFields(request, reply, { correlationId });
    return { id, status, changed };
  });
}
