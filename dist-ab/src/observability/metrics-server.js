/**
 * A bare `GET /metrics` endpoint for processes without the API server
 * (`baton worker --metrics-port`): their commits (completions, failures,
 * finalizations, lease expiries from their sweeps) are counted where they
 * happen, so Prometheus must scrape them too.
 */
import { createServer } from 'node:http';
export async function startMetricsServer(metrics, opts) {
    const server = createServer((req, res) => {
        const path = (req.url ?? '/').split('?')[0];
        if (req.method !== 'GET' || path !== '/metrics') {
            res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'not_found', message: 'only GET /metrics is served here' } }));
            return;
        }
        metrics.registry.metrics().then((text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text), () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics collection failed\n'));
    });
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port, opts.host, () => resolve());
    });
    const address = server.address();
    const host = address.address.includes(':') ? `[${address.address}]` : address.address;
    return {
        url: `http://${host}:${address.port}/metrics`,
        close: () => new Promise((resolve) => server.close(() => resolve())),
    };
}
//# sourceMappingURL=metrics-server.js.map