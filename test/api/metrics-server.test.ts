import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/observability/metrics.js';
import { startMetricsServer, type MetricsServer } from '../../src/observability/metrics-server.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { defineHandler } from '../../src/worker/types.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { testConfig, waitForTask } from '../support/harness.js';
import { testLogger } from '../support/logger.js';

describe('metrics of a process without the API server (baton worker --metrics-port)', () => {
  let server: MetricsServer | undefined;
  let runtime: Runtime | undefined;
  let testDb: TestDb | undefined;
  afterEach(async () => {
    await server?.close();
    await runtime?.stop();
    await testDb?.close();
  });

  it('counts the commits of the runtime it is given, and serves them on GET /metrics only', async () => {
    testDb = await createTestDb('pglite');
    const metrics = createMetrics();
    runtime = await createRuntime({
      config: testConfig(),
      db: testDb.db,
      logger: testLogger,
      metrics,
      handlers: [defineHandler('w.run', () => ({ ok: true }))],
    });
    await runtime.engine.registerTemplate(`{namespace: w, name: one, version: "1", steps: [{name: a, handler: w.run}]}`);
    const { id } = await runtime.engine.submit({ namespace: 'w', name: 'one' });
    await waitForTask(runtime.engine, id);

    server = await startMetricsServer(metrics, { host: '127.0.0.1', port: 0 });
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('baton_steps_finished_total{handler="w.run",outcome="complete"} 1');
    expect(text).toContain('baton_tasks_finished_total{namespace="w",name="one",status="complete"} 1');
    expect(text).toContain('baton_workers_active 1');
    expect((await fetch(server.url.replace('/metrics', '/other'))).status).toBe(404);
  });
});
