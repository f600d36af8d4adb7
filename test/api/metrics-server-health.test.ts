import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/observability/metrics.js';
import { startMetricsServer, type MetricsServer, type ProcessReadiness } from '../../src/observability/metrics-server.js';

describe('the probes of a worker process (baton worker --metrics-port)', () => {
  let server: MetricsServer | undefined;
  afterEach(async () => server?.close());

  it('serves /health/live always, and /health/ready as the readiness function decides, with its checks', async () => {
    let decided: ProcessReadiness | Error = { ready: true, checks: { draining: { ok: true, value: false } } };
    const readiness = (): ProcessReadiness => {
      if (decided instanceof Error) throw decided;
      return decided;
    };
    server = await startMetricsServer(createMetrics({ processMetrics: false }), { host: '127.0.0.1', port: 0, readiness });
    const origin = server.url.replace(/\/metrics$/, '');
    const get = async (path: string) => {
      const res = await fetch(`${origin}${path}`);
      return { status: res.status, body: (await res.json()) as unknown };
    };
    expect(await get('/health/live')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await get('/health/ready')).toEqual({ status: 200, body: { status: 'ready', checks: { draining: { ok: true, value: false } } } });
    decided = { ready: false, checks: { draining: { ok: false, value: true } } };
    expect(await get('/health/ready')).toEqual({ status: 503, body: { status: 'unready', checks: { draining: { ok: false, value: true } } } });
    decided = new Error('worker gone'); // a decision that throws is a 503, not a crash
    expect(await get('/health/ready')).toEqual({ status: 503, body: { status: 'unready', error: 'worker gone' } });
    expect((await fetch(server.url)).status).toBe(200);
    expect(await get('/health/other')).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });

  it('serves no probes without a readiness function', async () => {
    server = await startMetricsServer(createMetrics({ processMetrics: false }), { host: '127.0.0.1', port: 0 });
    expect((await fetch(server.url.replace(/\/metrics$/, '/health/live'))).status).toBe(404);
  });
});
