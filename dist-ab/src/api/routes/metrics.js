async function metricsPlugin(app, opts) {
    const { metrics } = opts;
    app.decorate('metrics', metrics);
    app.addHook('onResponse', async (request, reply) => {
        // An event stream's "duration" is its lifetime, not a latency: it would only blur the histogram.
        if (String(reply.getHeader('content-type') ?? '').startsWith('text/event-stream'))
            return;
        metrics.recordHttpRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    });
    app.get('/metrics', async (_request, reply) => {
        const text = await metrics.registry.metrics();
        return reply.type(metrics.registry.contentType).send(text);
    });
}
// What fastify-plugin does: no encapsulation, so the hook and decoration apply to the whole server.
metricsPlugin[Symbol.for('skip-override')] = true;
export const metricsRoutes = metricsPlugin;
//# sourceMappingURL=metrics.js.map