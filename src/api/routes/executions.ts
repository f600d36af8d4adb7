/**
 * The worker protocol's reports: complete, fail and progress on one execution,
 * and complete/fail on many at once. Every report is fenced by its lease: a
 * stale lease changes nothing and is answered 409 `stale_lease`.
 * (Worker register, claim and heartbeat routes will live in workers.ts.)
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseExecutionId, type CompletionItem, type FailureItem } from '../../core/engine.js';
import type { ReportResult } from '../../core/outcomes.js';
import type { Engine } from '../../core/engine.js';
import { BatonError } from '../../errors.js';
import { jsonValue, parseRequest } from '../validation.js';

export interface ExecutionRoutesOptions {
  engine: Engine;
}

/** Most reports in one batch call. */
export const MAX_REPORT_BATCH = 1000;

// Leases are uuids in the database; anything else is refused here rather than by a cast error in SQL.
// z.guid: any 128 bits in UUID form (lease ids are fully random, not version-4 UUIDs).
const leaseId = z.guid({ error: 'must be the lease_id (a uuid) received with the execution' });
const json = jsonValue;
const stepError = z.strictObject({
  message: z.string().min(1).max(10_000),
  code: z.string().min(1).max(200).optional(),
  details: json.optional(),
});
const executionId = z.union([z.string(), z.int()]).transform(String);

export const completeBody = z.strictObject({ lease_id: leaseId, output: json.optional() });
export const failBody = z.strictObject({ lease_id: leaseId, error: stepError, retryable: z.boolean().optional() });
export const progressBody = z.strictObject({ lease_id: leaseId, data: json });
export const checkpointBody = z.strictObject({ lease_id: leaseId, data: json });
export const idParams = z.strictObject({ id: z.string() });

export const completeBatch = z.strictObject({
  items: z
    .array(z.strictObject({ execution_id: executionId, lease_id: leaseId, output: json.optional() }))
    .min(1)
    .max(MAX_REPORT_BATCH),
});
export const failBatch = z.strictObject({
  items: z
    .array(z.strictObject({ execution_id: executionId, lease_id: leaseId, error: stepError, retryable: z.boolean().optional() }))
    .min(1)
    .max(MAX_REPORT_BATCH),
});

type WireResult = 'ok' | 'duplicate' | 'stale_lease' | 'not_found';

const toWire = (r: ReportResult): WireResult => (r === 'stale' ? 'stale_lease' : r);

/** One report's answer: 200 for ok/duplicate, else the error. */
function answer(id: string, result: ReportResult): { status: 'ok' | 'duplicate' } {
  if (result === 'ok' || result === 'duplicate') return { status: result };
  if (result === 'not_found') throw new BatonError('not_found', `execution ${id} does not exist`);
  throw new BatonError('stale_lease', `the lease is no longer held for execution ${id} (it expired, or the step was cancelled or retried); drop this attempt's result`);
}

function isValidExecutionId(id: string): boolean {
  try {
    parseExecutionId(id);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs a batch of reports: ids that cannot exist are answered `not_found` at
 * once; the rest go to the engine in one transaction, each answered on its own.
 */
async function reportMany<T extends { executionId: string }>(items: T[], run: (items: T[]) => Promise<ReportResult[]>) {
  const valid = items.filter((i) => isValidExecutionId(i.executionId));
  const results = valid.length > 0 ? await run(valid) : [];
  const byItem = new Map(valid.map((item, n) => [item, toWire(results[n])]));
  return { results: items.map((i) => ({ execution_id: i.executionId, status: byItem.get(i) ?? ('not_found' as const) })) };
}

export async function executionRoutes(app: FastifyInstance, opts: ExecutionRoutesOptions): Promise<void> {
  const { engine } = opts;

  app.post('/v1/executions/:id/complete', async (request) => {
    const { id } = parseRequest(idParams, request.params, 'params');
    const body = parseRequest(completeBody, request.body, 'body');
    return answer(id, await engine.complete(id, body.lease_id, body.output ?? null));
  });

  app.post('/v1/executions/:id/fail', async (request) => {
    const { id } = parseRequest(idParams, request.params, 'params');
    const body = parseRequest(failBody, request.body, 'body');
    return answer(id, await engine.fail(id, body.lease_id, body.error, body.retryable ?? true));
  });

  app.post('/v1/executions/:id/checkpoint', async (request) => {
    const { id } = parseRequest(idParams, request.params, 'params');
    const body = parseRequest(checkpointBody, request.body, 'body');
    return answer(id, await engine.checkpoint(id, body.lease_id, body.data));
  });

  app.post('/v1/executions/:id/progress', async (request) => {
    const { id } = parseRequest(idParams, request.params, 'params');
    const body = parseRequest(progressBody, request.body, 'body');
    return answer(id, await engine.progress(id, body.lease_id, body.data));
  });

  app.post('/v1/executions/complete', async (request) => {
    const body = parseRequest(completeBatch, request.body, 'body');
    const items: CompletionItem[] = body.items.map((i) => ({ executionId: i.execution_id, leaseId: i.lease_id, output: i.output ?? null }));
    return reportMany(items, (valid) => engine.completeMany(valid));
  });

  app.post('/v1/executions/fail', async (request) => {
    const body = parseRequest(failBatch, request.body, 'body');
    const items: FailureItem[] = body.items.map((i) => ({
      executionId: i.execution_id,
      leaseId: i.lease_id,
      error: i.error,
      retryable: i.retryable ?? true,
    }));
    return reportMany(items, (valid) => engine.failMany(valid));
  });
}
