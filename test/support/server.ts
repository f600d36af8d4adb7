import type { FastifyInstance } from 'fastify';
import { buildServer, type BuildServerOptions } from '../../src/api/server.js';
import { Wakeup } from '../../src/core/wakeup.js';
import { WorkerPool } from '../../src/core/worker-pool.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { checkAnswers } from './openapi-check.js';

type TestServerOptions = Omit<BuildServerOptions, 'workers' | 'metrics'> & Partial<Pick<BuildServerOptions, 'workers' | 'metrics'>>;

/**
 * A server assembled by hand around an engine: a second server over a
 * harness's engine, or one over a database that is down. (`startHarness(...,
 * { http: true })` goes through the composition root instead.) Unless given
 * them, it has a worker pool of its own, whose wake-ups close with the server,
 * and metrics of its own, which count its requests but not the engine's commits.
 * Its `inject` checks every answer against the OpenAPI document.
 */
export async function buildTestServer(opts: TestServerOptions): Promise<FastifyInstance> {
  const { engine, config } = opts;
  const wakeup = opts.workers ? undefined : await Wakeup.create(engine.db, config.orchestrator.mode);
  const workers = opts.workers ?? new WorkerPool(engine, wakeup!, config.worker.leaseMs, config.orchestrator.pollIntervalMs);
  const metrics = opts.metrics ?? createMetrics();
  const stopReading = opts.metrics ? undefined : metrics.readFrom(engine.db);
  try {
    const app = await buildServer({ ...opts, workers, metrics });
    // Every answer a test injects must match the OpenAPI document.
    checkAnswers(app);
    app.addHook('onClose', async () => {
      stopReading?.();
      await wakeup?.close();
    });
    return app;
  } catch (err) {
    await wakeup?.close();
    throw err;
  }
}
