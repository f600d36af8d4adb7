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
declare function metricsPlugin(app: FastifyInstance, opts: MetricsRoutesOptions): Promise<void>;
export declare const metricsRoutes: typeof metricsPlugin;
export {};
