/**
 * The worker side of the HTTP protocol (DESIGN §4, docs/worker-protocol.md):
 * register, long-poll claim, heartbeat, drain, remove and list. Reports
 * (complete, fail, progress) are in executions.ts.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { WorkerPool } from '../../core/worker-pool.js';
import { BatonError } from '../../errors.js';
import { parseRequest } from '../validation.js';

export interface WorkerRoutesOptions {
  /** The worker pool the composition root built (with its wake-ups and metrics observer); it outlives the server. */
  pool: WorkerPool;
}

/** Longest claim wait; stays below the server's idle-connection timeout (75 s). */
export const MAX_CLAIM_WAIT_MS = 60_000;
/** Most executions one claim returns. */
export const MAX_CLAIM = 100;

const text = (max: number) => z.string().min(1).max(max);

export const registerBody = z.strictObject({
  name: text(200),
  handlers: z.array(text(200)).min(1).max(1000),
  labels: z
    .record(text(100), z.string().max(200))
    .refine((l) => Object.keys(l).length <= 50, { error: 'at most 50 labels' })
    .optional(),
  capacity: z.int().min(1).max(100_000).optional(),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const claimBody = z.strictObject({
  max: z.int().min(1).max(MAX_CLAIM).optional(),
  wait_ms: z.int().min(0).max(MAX_CLAIM_WAIT_MS).optional(),
  /** The client's id for this claim call, reused on its retries: a retry gets back what a try whose answer was lost took. */
  claim_id: z.string().regex(UUID, { error: 'claim_id must be a UUID' }).optional(),
});

export const heartbeatBody = z
  .strictObject({
    executions: z
      .array(z.union([text(20), z.int()]).transform(String))
      .max(10_000)
      .optional(),
    last_error: z.string().max(10_000).nullable().optional(),
  })
  .optional();

export const noBody = z.strictObject({}).optional();
export const noQuery = z.strictObject({});
export const idParams = z.strictObject({ id: z.string() });

/** Worker ids are uuids; anything else cannot be registered, so it is 404 like an unknown one. */
function workerId(params: unknown): string {
  const { id } = parseRequest(idParams, params, 'params');
  if (!UUID.test(id)) throw new BatonError('not_found', `worker ${JSON.stringify(id)} is not registered; register with POST /v1/workers`);
  return id;
}

/**
 * Aborts when the client goes away before the answer is written: a long-poll
 * must stop waiting, and what it claimed meanwhile is handed back.
 */
function disconnectSignal(reply: FastifyReply): AbortController {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller;
}

export async function workerRoutes(app: FastifyInstance, opts: WorkerRoutesOptions): Promise<void> {
  const { pool } = opts;
  // Long-polls in progress, ended at shutdown so closing the server does not wait out their wait_ms.
  const waiting = new Set<AbortController>();
  app.addHook('preClose', async () => {
    for (const c of waiting) c.abort();
  });

  app.post('/v1/workers', async (request, reply) => {
    const body = parseRequest(registerBody, request.body, 'body');
    const registered = await pool.register({
      name: body.name,
      handlers: [...new Set(body.handlers)],
      labels: body.labels ?? {},
      capacity: body.capacity ?? 1,
      transport: 'http',
    });
    request.log.info({ workerId: registered.id, name: body.name }, 'worker registered');
    return reply.code(201).send(registered);
  });

  // No filters or pages: an unknown query field is refused rather than silently ignored.
  app.get('/v1/workers', async (request) => {
    parseRequest(noQuery, request.query, 'query');
    return { workers: await pool.list() };
  });

  app.get('/v1/workers/:id', async (request) => {
    parseRequest(noQuery, request.query, 'query');
    return pool.view(workerId(request.params));
  });

  app.post('/v1/workers/:id/claim', async (request, reply) => {
    const id = workerId(request.params);
    const body = parseRequest(claimBody, request.body ?? {}, 'body');
    const controller = disconnectSignal(reply);
    waiting.add(controller);
    try {
      const executions = await pool.claim(id, body.max ?? 1, body.wait_ms ?? 0, controller.signal, body.claim_id);
      return { executions };
    } finally {
      waiting.delete(controller);
    }
  });

  app.post('/v1/workers/:id/heartbeat', async (request) => {
    const id = workerId(request.params);
    const body = parseRequest(heartbeatBody, request.body, 'body') ?? {};
    return pool.heartbeat(id, body.executions, body.last_error);
  });

  app.post('/v1/workers/:id/drain', async (request) => {
    const id = workerId(request.params);
    parseRequest(noBody, request.body, 'body');
    return pool.drain(id);
  });

  app.delete('/v1/workers/:id', async (request) => {
    const id = workerId(request.params);
    const { released } = await pool.remove(id);
    request.log.info({ workerId: id, released }, 'worker removed');
    return { id, released };
  });
}
