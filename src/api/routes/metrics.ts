/**
 * `GET /metrics` (Prometheus text format) and the HTTP request-duration hook.
 * Registered without encapsulation, so its hook times every route and
 * `app.metrics` is visible to every plugin (the event routes set the SSE
 * client gauge through it).
 */
import type { FastifyInstance } from 'fastify';
import type { BatonMetrics } from '../../observability/metrics.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The server's metrics: `app.metrics.setSseClients(n)`. */
    metrics: BatonMetrics;
  }
}

export interface MetricsRoutesOptions {
  /** The metrics the composition root made and wired to the engine's commits and the worker pool. */
  metrics: BatonMetrics;
}

async function metricsPlugin(app: FastifyInstance, opts: MetricsRoutesOptions): Promise<void> {
  const { metrics } = opts;
  app.decorate('metrics', metrics);

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
