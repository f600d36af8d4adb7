/** Bulk cancel and retry by filter, and the dead-letter view (`GET /v1/failures`). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { BulkLimits, listFailures, previewBulk, runBulk, type BulkAction } from '../../core/bulk-operations.js';
import type { Engine } from '../../core/engine.js';
import { TaskStatuses, type TaskStatus } from '../../domain/types.js';
import { parseRequest, queryInt } from '../validation.js';

const name = z.string().min(1).max(200);

/** An ISO 8601 time with its offset, in years PostgreSQL can store. */
const time = z.iso.datetime({ offset: true }).refine(
  (value) => {
    const year = new Date(value).getUTCFullYear();
    return year >= 1 && year <= 9999;
  },
  { error: 'must be a time between years 0001 and 9999' },
);

const filterSchema = z.strictObject({
  status: z
    .array(z.enum(Object.values(TaskStatuses) as [TaskStatus, ...TaskStatus[]]))
    .min(1)
    .max(10)
    .optional(),
  namespace: name.optional(),
  name: name.optional(),
  tag: z.string().min(1).max(64).optional(),
  created_after: time.optional(),
  created_before: time.optional(),
  error_code: z.string().min(1).max(200).optional(),
});

export const bulkBody = z.strictObject({
  filter: filterSchema,
  dry_run: z.boolean().optional(),
  limit: z.int().min(1).max(BulkLimits.maxLimit).optional(),
});

export const failuresQuery = z.strictObject({
  namespace: name.optional(),
  created_after: time.optional(),
  created_before: time.optional(),
  limit: queryInt(1, 1000).optional(),
});

export async function bulkRoutes(app: FastifyInstance, opts: { engine: Engine }): Promise<void> {
  const { engine } = opts;

  const bulk = (action: BulkAction) => async (request: { body: unknown; actor: string | undefined }) => {
    const body = parseRequest(bulkBody, request.body, 'body');
    const limit = body.limit ?? BulkLimits.defaultLimit;
    if (body.dry_run === true) return { dry_run: true, ...(await previewBulk(engine, action, body.filter, limit)) };
    return { dry_run: false, ...(await runBulk(engine, action, body.filter, { limit, actor: request.actor ?? null })) };
  };
  app.post('/v1/tasks/cancel', bulk('cancel'));
  app.post('/v1/tasks/retry', bulk('retry'));

  app.get('/v1/failures', async (request) => {
    const query = parseRequest(failuresQuery, request.query, 'query');
    const groups = await listFailures(engine, {
      limit: query.limit ?? 100,
      ...(query.namespace === undefined ? {} : { namespace: query.namespace }),
      ...(query.created_after === undefined ? {} : { createdAfter: query.created_after }),
      ...(query.created_before === undefined ? {} : { createdBefore: query.created_before }),
    });
    return { groups };
  });
}
