/**
 * The HTTP API (DESIGN §4) as a Fastify instance. `buildServer` wires routes,
 * parsers and the error mapping over the parts it is given (engine, worker
 * pool, metrics: `createRuntime` builds them); it never listens (the caller
 * does, so tests use `app.inject()` and the CLI chooses the address).
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { BatonConfig } from '../config/schema.js';
import type { Engine } from '../core/engine.js';
import type { Logger } from '../observability/logger.js';
import { registerJsonParser } from './content-types.js';
import { registerAuth } from './auth.js';
import { answerClientError, registerErrorHandling, sendError } from './errors.js';
import { BatonError } from '../errors.js';
import { dashboardRoutes } from '../dashboard/plugin.js';
import { generateRequestId } from './request-id.js';
import { closeStragglersOnShutdown } from './shutdown-sockets.js';
import { BodyDrain, drainEarlyRefusals, skipContinueForOversizedBodies, type BodyDrainLimits } from './early-refusals.js';
import type { SseLimits } from './sse-hub.js';
import { assertStorable } from './validation.js';
import { eventRoutes } from './routes/events.js';
import { executionRoutes } from './routes/executions.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { openApiRoutes } from './routes/openapi.js';
import { logContext } from './log-context.js';
import { createAdmission } from '../core/admission.js';
import type { BatonMetrics } from '../observability/metrics.js';
import type { WorkerPool } from '../core/worker-pool.js';
import { taskRoutes } from './routes/tasks.js';
import { scheduleRoutes } from './routes/schedules.js';
import { operatorRoutes } from './routes/operator.js';
import { bulkRoutes } from './routes/bulk.js';
import { signalRoutes } from './routes/signals.js';
import { rateLimitRoutes } from './routes/rate-limits.js';
import { statsRoutes } from './routes/stats.js';
import { templateRoutes } from './routes/templates.js';
import { workerRoutes } from './routes/workers.js';

export interface BuildServerOptions {
  engine: Engine;
  config: BatonConfig;
  logger: Logger;
  /** The metrics served on `GET /metrics` (`app.metrics`), wired to the engine's commits by the caller (`createRuntime`). */
  metrics: BatonMetrics;
  /** The worker pool behind `/v1/workers` (the caller builds it and closes its wake-ups after the server). */
  workers: WorkerPool;
  /** Event-stream limits beyond the config's (heartbeat, buffer cap; tests make them tiny). */
  sse?: Partial<SseLimits>;
  /**
   * Socket timeouts in place of {@link ServerTimeouts} (tests make them short
   * so that a slow client is closed within seconds). `headersTimeoutMs` must not
   * exceed `requestTimeoutMs`.
   * @example buildServer({ engine, config, logger, metrics, workers, timeouts: { headersTimeoutMs: 500, requestTimeoutMs: 1000 } })
   * @default ServerTimeouts
   */
  timeouts?: Partial<ServerTimeoutsMs>;
  /**
   * How much of a body the server reads and discards after refusing its
   * request early (413, 401/403, 415, 429), so that the client, still sending,
   * reads the answer (src/api/early-refusals.ts).
   * @example buildServer({ engine, config, logger, metrics, workers, drain: { maxMs: 500 } })
   * @default BodyDrain (64 MiB within 10 s)
   */
  drain?: Partial<BodyDrainLimits>;
}

/** The server's socket timeouts, in milliseconds; see {@link ServerTimeouts}. */
export interface ServerTimeoutsMs {
  /** Time to receive a whole request, headers and body. */
  requestTimeoutMs: number;
  /** Time to receive a request's headers; what closes slow-loris connections. */
  headersTimeoutMs: number;
  /** Idle time after which a socket is closed, whether or not a request is under way. */
  connectionTimeoutMs: number;
  /** How long a kept-alive socket waits for its next request. */
  keepAliveTimeoutMs: number;
  /**
   * How often Node compares incomplete requests with the two request timeouts.
   * Node's default (30 s) would let a slow client outlive `headersTimeoutMs`
   * by up to that much; a sweep over the open sockets each second costs little.
   */
  checkIntervalMs: number;
}

/**
 * Socket timeouts. `requestTimeout` bounds the time to receive a whole request
 * (headers and body) and `headersTimeout` its headers alone, which is what
 * closes slow-loris connections. `connectionTimeout` closes a socket idle that
 * long, so long-polls and event streams must send something more often
 * (claim `wait_ms` stays below it; SSE sends keep-alive comments).
 * `keepAliveTimeout` outlives the 60 s idle timeout of common load balancers,
 * so they never reuse a socket that we are closing.
 */
export const ServerTimeouts: Readonly<ServerTimeoutsMs> = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 15_000,
  connectionTimeoutMs: 75_000,
  keepAliveTimeoutMs: 65_000,
  checkIntervalMs: 1_000,
};

/** `ServerTimeouts` with the caller's overrides, checked as Node would check them, but naming the option. */
function resolveTimeouts(overrides: Partial<ServerTimeoutsMs> = {}): ServerTimeoutsMs {
  const timeouts = { ...ServerTimeouts, ...overrides };
  for (const [key, value] of Object.entries(timeouts)) {
    if (!Number.isInteger(value) || value < (key === 'checkIntervalMs' ? 1 : 0)) {
      throw new BatonError('invalid_config', `server timeout ${key} must be a whole number of milliseconds${key === 'checkIntervalMs' ? ' above 0' : ''}, got ${value}`);
    }
  }
  if (timeouts.requestTimeoutMs > 0 && timeouts.headersTimeoutMs > timeouts.requestTimeoutMs) {
    throw new BatonError('invalid_config', `server timeout headersTimeoutMs (${timeouts.headersTimeoutMs}) must not exceed requestTimeoutMs (${timeouts.requestTimeoutMs})`);
  }
  return timeouts;
}

export async function buildServer(opts: BuildServerOptions): Promise<FastifyInstance> {
  const { engine, config } = opts;
  const bodyLimitBytes = config.server.bodyLimitBytes;
  const timeouts = resolveTimeouts(opts.timeouts);
  const app = Fastify({
    // Typed as Fastify's base logger so route plugins need no pino-specific generics (the assertion sets the
    // instance's logger type parameter, which the rule does not see).
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    loggerInstance: opts.logger as FastifyBaseLogger,
    bodyLimit: bodyLimitBytes,
    genReqId: generateRequestId,
    // Fastify has no options for these two; Node's default headersTimeout (60 s) would outlast requestTimeout.
    http: { headersTimeout: timeouts.headersTimeoutMs, requestTimeout: timeouts.requestTimeoutMs, connectionsCheckingInterval: timeouts.checkIntervalMs },
    requestTimeout: timeouts.requestTimeoutMs,
    connectionTimeout: timeouts.connectionTimeoutMs,
    keepAliveTimeout: timeouts.keepAliveTimeoutMs,
    // Errors raised before routing (bad percent-encoding, over-long params) get our shape too.
    frameworkErrors: (err, request, reply) => {
      sendError(request, reply, err, { bodyLimitBytes });
    },
    // Requests Node refuses before Fastify sees them (timeouts, malformed or oversized headers).
    clientErrorHandler: answerClientError,
  });

  closeStragglersOnShutdown(app, timeouts.requestTimeoutMs);
  skipContinueForOversizedBodies(app, bodyLimitBytes);
  drainEarlyRefusals(app, { ...BodyDrain, ...opts.drain });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // Before any route: a NUL character or absurd nesting would otherwise fail in SQL as a 500.
  app.addHook('preHandler', async (request) => {
    assertStorable({ params: request.params, query: request.query, body: request.body });
  });
  registerErrorHandling(app, { bodyLimitBytes });
  registerJsonParser(app);

  // Before the routes: its onRoute hook must see them, and its onRequest hook runs before body parsing.
  await registerAuth(app, { config, logger: opts.logger });
  await app.register(logContext);
  await app.register(metricsRoutes, { metrics: opts.metrics });
  await app.register(healthRoutes, { engine, config });
  await app.register(templateRoutes, { engine });
  await app.register(taskRoutes, { engine, admission: createAdmission(engine.db, { limit: config.orchestrator.admissionLimit }) });
  await app.register(operatorRoutes, { engine });
  await app.register(bulkRoutes, { engine });
  await app.register(scheduleRoutes, { engine });
  await app.register(signalRoutes, { engine });
  await app.register(rateLimitRoutes, { engine });
  await app.register(statsRoutes, { engine });
  await app.register(executionRoutes, { engine });
  await app.register(workerRoutes, { pool: opts.workers });
  await app.register(eventRoutes, {
    engine,
    mode: config.orchestrator.mode,
    limits: { maxStreams: config.server.maxSseStreams, pollIntervalMs: config.orchestrator.pollIntervalMs, ...opts.sse },
  });
  await app.register(dashboardRoutes);
  await app.register(openApiRoutes);
  return app;
}
