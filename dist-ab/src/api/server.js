/**
 * The HTTP API (DESIGN §4) as a Fastify instance. `buildServer` wires routes,
 * parsers and the error mapping over the parts it is given (engine, worker
 * pool, metrics: `createRuntime` builds them); it never listens (the caller
 * does, so tests use `app.inject()` and the CLI chooses the address).
 */
import Fastify from 'fastify';
import { registerJsonParser } from './content-types.js';
import { registerAuth } from './auth.js';
import { answerClientError, registerErrorHandling, sendError } from './errors.js';
import { BatonError } from '../errors.js';
import { dashboardRoutes } from '../dashboard/plugin.js';
import { generateRequestId } from './request-id.js';
import { closeStragglersOnShutdown } from './shutdown-sockets.js';
import { BodyDrain, drainEarlyRefusals, skipContinueForOversizedBodies } from './early-refusals.js';
import { assertStorable } from './validation.js';
import { eventRoutes } from './routes/events.js';
import { executionRoutes } from './routes/executions.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { logContext } from './log-context.js';
import { createAdmission } from '../core/admission.js';
import { taskRoutes } from './routes/tasks.js';
import { scheduleRoutes } from './routes/schedules.js';
import { operatorRoutes } from './routes/operator.js';
import { bulkRoutes } from './routes/bulk.js';
import { signalRoutes } from './routes/signals.js';
import { rateLimitRoutes } from './routes/rate-limits.js';
import { templateRoutes } from './routes/templates.js';
import { workerRoutes } from './routes/workers.js';
/**
 * Socket timeouts. `requestTimeout` bounds the time to receive a whole request
 * (headers and body) and `headersTimeout` its headers alone, which is what
 * closes slow-loris connections. `connectionTimeout` closes a socket idle that
 * long, so long-polls and event streams must send something more often
 * (claim `wait_ms` stays below it; SSE sends keep-alive comments).
 * `keepAliveTimeout` outlives the 60 s idle timeout of common load balancers,
 * so they never reuse a socket that we are closing.
 */
export const ServerTimeouts = {
    requestTimeoutMs: 30_000,
    headersTimeoutMs: 15_000,
    connectionTimeoutMs: 75_000,
    keepAliveTimeoutMs: 65_000,
    checkIntervalMs: 1_000,
};
/** `ServerTimeouts` with the caller's overrides, checked as Node would check them, but naming the option. */
function resolveTimeouts(overrides = {}) {
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
export async function buildServer(opts) {
    const { engine, config } = opts;
    const bodyLimitBytes = config.server.bodyLimitBytes;
    const timeouts = resolveTimeouts(opts.timeouts);
    const app = Fastify({
        // Typed as Fastify's base logger so route plugins need no pino-specific generics (the assertion sets the
        // instance's logger type parameter, which the rule does not see).
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
        loggerInstance: opts.logger,
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
    await app.register(executionRoutes, { engine });
    await app.register(workerRoutes, { pool: opts.workers });
    await app.register(eventRoutes, {
        engine,
        mode: config.orchestrator.mode,
        limits: { maxStreams: config.server.maxSseStreams, pollIntervalMs: config.orchestrator.pollIntervalMs, ...opts.sse },
    });
    await app.register(dashboardRoutes);
    return app;
}
//# sourceMappingURL=server.js.map