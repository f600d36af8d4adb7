/**
 * A bare `GET /metrics` endpoint for processes without the API server
 * (`baton worker --metrics-port`): their commits (completions, failures,
 * finalizations, lease expiries from their sweeps) are counted where they
 * happen, so Prometheus must scrape them too. With `readiness`, it also
 * serves the probes of that process: `GET /health/live` (200 while it runs)
 * and `GET /health/ready` (200 or 503, with the checks in the body).
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReadinessCheck } from '../domain/health.js';
import type { BatonMetrics } from './metrics.js';

/** A readiness decision: the `checks` are sent as the body, as the API server's `/health/ready` does. */
export interface ProcessReadiness {
  ready: boolean;
  checks: Record<string, ReadinessCheck>;
}

export interface MetricsServerOptions {
  host: string;
  port: number;
  /** Decides `GET /health/ready`; without it, only `/metrics` is served. */
  readiness?: () => ProcessReadiness;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

export interface MetricsServer {
  /** `http://host:port/metrics` */
  url: string;
  close(): Promise<void>;
}

export async function startMetricsServer(metrics: BatonMetrics, opts: MetricsServerOptions): Promise<MetricsServer> {
  const { readiness } = opts;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && readiness !== undefined && path === '/health/live') return sendJson(res, 200, { status: 'ok' });
    if (req.method === 'GET' && readiness !== undefined && path === '/health/ready') {
      try {
        const decided = readiness();
        return sendJson(res, decided.ready ? 200 : 503, { status: decided.ready ? 'ready' : 'unready', checks: decided.checks });
      } catch (err) {
        return sendJson(res, 503, { status: 'unready', error: String((err as Error)?.message ?? err).slice(0, 200) });
      }
    }
    if (req.method !== 'GET' || path !== '/metrics') {
      const served = readiness === undefined ? 'only GET /metrics is served here' : 'only GET /metrics, /health/live and /health/ready are served here';
      return sendJson(res, 404, { error: { code: 'not_found', message: served } });
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics collection failed\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
