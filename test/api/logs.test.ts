import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestServer } from '../support/server.js';
import { createLogger } from '../../src/observability/logger.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { PermanentError } from '../../src/errors.js';
import { logAttemptFailure } from '../../src/worker/handler-context.js';
import { defineHandler } from '../../src/worker/types.js';
import { backends, createTestDb, type TestDb } from '../support/db.js';
import { startHarness, testConfig, waitForTask, type Harness } from '../support/harness.js';
import { ONE_STEP_YAML } from './api-harness.js';

function captureLogger() {
  const chunks: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (chunk: string) => chunks.push(chunk) } });
  const lines = () =>
    chunks
      .join('')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { logger, lines };
}

describe('API log lines', () => {
  let h: Harness;
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    await h?.close();
  });

  it('carry the request id on every line, and the task, step or worker the request concerns', async () => {
    h = await startHarness('pglite', { sweeper: false });
    const { logger, lines } = captureLogger();
    app = await buildTestServer({ engine: h.engine, config: h.runtime.config, logger });
    await h.engine.registerTemplate(ONE_STEP_YAML);
    // A route shaped like the step routes (retry-step, resolve-step) that logs from its handler.
    app.post('/v1/tasks/:id/steps/:step/probe', async (request) => {
      request.log.info('probing a step');
      return {};
    });

    const submitted = await app.inject({ method: 'POST', url: '/v1/tasks', headers: { 'x-request-id': 'req-submit' }, payload: { namespace: 't', name: 'one' } });
    const taskId = submitted.json().id as string;
    const ofSubmit = lines().filter((l) => l.reqId === 'req-submit');
    expect(ofSubmit.map((l) => l.msg)).toEqual(['incoming request', 'request completed']);
    expect(ofSubmit[1]).toMatchObject({ taskId, res: { statusCode: 202 } });

    await app.inject({ method: 'POST', url: `/v1/tasks/${taskId}/cancel`, headers: { 'x-request-id': 'req-cancel' } });
    await app.inject({ method: 'POST', url: `/v1/tasks/${taskId}/cancel`, headers: { 'x-request-id': 'req-again' } });
    const ofCancel = lines().filter((l) => l.reqId === 'req-cancel' || l.reqId === 'req-again');
    expect(ofCancel.length).toBeGreaterThanOrEqual(4);
    for (const line of ofCancel.filter((l) => l.msg !== 'incoming request')) expect(line.taskId, String(line.msg)).toBe(taskId);

    await app.inject({ method: 'POST', url: `/v1/tasks/${taskId}/steps/a/probe`, headers: { 'x-request-id': 'req-step' } });
    const ofStep = lines().filter((l) => l.reqId === 'req-step' && l.msg !== 'incoming request');
    expect(ofStep.map((l) => l.msg)).toEqual(['probing a step', 'request completed']);
    for (const line of ofStep) expect(line).toMatchObject({ taskId, step: 'a' });

    await app.inject({ method: 'POST', url: '/v1/workers/w-1/heartbeat', headers: { 'x-request-id': 'req-worker' }, payload: {} });
    const ofWorker = lines().filter((l) => l.reqId === 'req-worker' && l.msg !== 'incoming request');
    expect(ofWorker.length).toBeGreaterThan(0);
    for (const line of ofWorker) expect(line.workerId).toBe('w-1');
  });
});

describe.each(backends)('correlation ids in log lines on %s', (backend) => {
  let testDb: TestDb | undefined;
  let runtime: Runtime | undefined;
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    await runtime?.stop();
    await testDb?.close();
  });

  it("carry the submission's x-request-id to the handler's ctx.correlationId and to every log line of its worker and of the task's requests", async () => {
    const { logger, lines } = captureLogger();
    const seen: string[] = [];
    const flaky = defineHandler('x', async (ctx) => {
      seen.push(ctx.correlationId);
      ctx.log.info('charging');
      if (ctx.step.attempt === 1) throw new Error('card network down');
      return { ok: true };
    });
    testDb = await createTestDb(backend);
    runtime = await createRuntime({
      config: testConfig((c) => {
        c.worker.heartbeatMs = 60_000;
      }),
      db: testDb.db,
      logger,
      handlers: [flaky],
      sweeper: false,
    });
    app = await buildTestServer({ engine: runtime.engine, config: runtime.config, logger });
    await runtime.engine.registerTemplate(`${ONE_STEP_YAML}    retry: { max_attempts: 2, backoff: none }\n`);

    const submitted = await app.inject({ method: 'POST', url: '/v1/tasks', headers: { 'x-request-id': 'req-order-7' }, payload: { namespace: 't', name: 'one' } });
    const taskId = submitted.json().id as string;
    expect((await waitForTask(runtime.engine, taskId)).status).toBe('complete');
    expect(seen).toEqual(['req-order-7', 'req-order-7']);

    const ofStep = lines().filter((l) => l.taskId === taskId && l.step === 'a');
    // The handler's own lines (ctx.log) and the worker's line about the failed attempt.
    expect(ofStep.map((l) => l.msg)).toEqual(['charging', 'step attempt failed', 'charging']);
    for (const line of ofStep) expect(line.correlationId, String(line.msg)).toBe('req-order-7');
    const ofSubmit = lines().filter((l) => l.reqId === 'req-order-7' && l.msg === 'request completed');
    expect(ofSubmit).toEqual([expect.objectContaining({ taskId, correlationId: 'req-order-7' })]);

    await app.inject({ method: 'GET', url: `/v1/tasks/${taskId}`, headers: { 'x-request-id': 'req-get' } });
    await app.inject({ method: 'POST', url: `/v1/tasks/${taskId}/cancel`, headers: { 'x-request-id': 'req-cancel' } });
    for (const reqId of ['req-get', 'req-cancel']) {
      const ofRequest = lines().filter((l) => l.reqId === reqId && l.msg !== 'incoming request');
      expect(ofRequest.length, reqId).toBeGreaterThan(0);
      for (const line of ofRequest) expect(line, `${reqId}: ${String(line.msg)}`).toMatchObject({ taskId, correlationId: 'req-order-7' });
    }
  });
});

describe('the line a failed step attempt logs', () => {
  const retried = { attempt: 1, max_attempts: 3 };

  it('is one line with the message and code, and no stack, for a failure the handler meant (PermanentError, a coded error, a thrown string)', () => {
    const { logger, lines } = captureLogger();
    logAttemptFailure(logger, new PermanentError('order o1 has no items', { code: 'empty_order' }), retried);
    logAttemptFailure(logger, Object.assign(new Error('simulated failure at record 25 (1 of 1)'), { code: 'simulated_failure' }), retried);
    logAttemptFailure(logger, 'card declined', retried);
    expect(lines()).toEqual([
      expect.objectContaining({ level: 40, msg: 'step attempt failed', error: 'order o1 has no items', code: 'empty_order' }),
      expect.objectContaining({ level: 30, msg: 'step attempt failed', error: 'simulated failure at record 25 (1 of 1)', code: 'simulated_failure' }),
      expect.objectContaining({ level: 30, msg: 'step attempt failed', error: 'card declined' }),
    ]);
    for (const line of lines()) expect(JSON.stringify(line)).not.toMatch(/stack|\\n\s+at /);
  });

  it('keeps the stack of an unexpected error (likely a bug), at warn once no attempt is left', () => {
    const { logger, lines } = captureLogger();
    logAttemptFailure(logger, new TypeError("cannot read properties of undefined (reading 'id')"), { attempt: 3, max_attempts: 3 });
    const [line] = lines();
    expect(line).toMatchObject({ level: 40, msg: 'step attempt failed', err: { type: 'TypeError', message: "cannot read properties of undefined (reading 'id')" } });
    expect((line.err as { stack: string }).stack).toMatch(/\n\s+at /);
  });
});
