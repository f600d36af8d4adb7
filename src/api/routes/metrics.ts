/**
 * `GET /metrics` (Prometheus text format) and the HTTP request-duration hook.
 * Registered without encapsulation, so its hook times every route and
 * `app.metrics` is visible to every plugin (the event routes set the SSE
 * client gauge through it).
 */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../core/engine.js';
import { createMetrics, type BatonMetrics } from '../../observability/metrics.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The server's metrics: `app.metrics.setSseClients(n)`. */
    metrics: BatonMetrics;
  }
}

export interface MetricsRoutesOptions {
  engine: Engine;
  /** A metrics object made by the caller (the composition root); otherwise the server makes its own Registry. */
  metrics?: BatonMetrics;
}

async function metricsPlugin(app: FastifyInstance, opts: MetricsRoutesOptions): Promise<void> {
  const metrics = opts.metrics ?? createMetrics();
  const detach = metrics.attach(opts.engine.db);
  app.decorate('metrics', metrics);
  app.addHook('onClose', async () => detach());

  app.addHook('onResponse', async (request, reply) => {
    // An event stream's "duration" is its lifetime, not a latency: it would only blur the histogram.
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/event-stream')) return;
    metrics.recordHttpRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });

  app.get('/metrics', async (_request, reply) => {
    const text = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(text);
  });
}

// What fastify-plugin does: no encapsulation, so the hook and decoration apply to the whole server.
(metricsPlugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

export const metricsRoutes = metricsPlugin;
