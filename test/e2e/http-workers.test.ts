import { afterEach, describe, expect, it } from 'vitest';
import { backends, PG_URL } from '../support/db.js';
import { FIXTURES } from '../support/processes.js';
import { startHttpServer, type HttpServer } from './http-workers-support.js';
import { diamondTemplate, SLOW_TEMPLATE as SLOW, until } from '../support/e2e-workflows.js';

const DIAMOND = diamondTemplate('{ max_attempts: 5, backoff: fixed, base_ms: 50 }');

const GPU = `
namespace: e2e
name: gpu
version: "1"
steps:
  - { name: train, handler: ml.train, labels: { gpu: "true" } }
`;

/** HTTP workers never touch the database, so these run on PGlite too (the server owns it). */
describe.each(backends)('HTTP worker processes (%s)', (backend) => {
  let server: HttpServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function start(leaseMs = 2000): Promise<HttpServer> {
    server = await startHttpServer(backend, (c) => {
      c.worker.leaseMs = leaseMs;
      c.worker.heartbeatMs = Math.floor(leaseMs / 3);
    });
    for (const t of [DIAMOND, SLOW, GPU]) await server.h.engine.registerTemplate(t);
    return server;
  }

  const task = async (s: HttpServer, id: string) => (await s.call('GET', `/v1/tasks/${id}`)).body.task;
  const count = async (s: HttpServer, sql: string) => (await s.h.engine.db.query<{ n: number }>(sql)).rows[0].n;

  it.runIf(backend === 'pg' || !PG_URL)('a Python worker and a TypeScript HTTP worker together run 500 diamond tasks, every side effect exactly once', async () => {
    const s = await start(10_000);
    const py = s.spawnWorker('py', { CONCURRENCY: '8' });
    const ts = s.spawnWorker('ts', { CONCURRENCY: '8' });
    await Promise.all([py.waitFor(/registered/), ts.waitFor(/ready/)]);
    await s.h.engine.submitMany(Array.from({ length: 500 }, (_, i) => ({ namespace: 'e2e', name: 'diamond', context: { i } })));
    await until(async () => (await count(s, "SELECT count(*)::int AS n FROM tasks WHERE status <> 'complete'")) === 0, 180_000, 'all tasks complete');
    const done = s.ledger().filter((l) => l.event === 'done');
    expect(done).toHaveLength(2000);
    expect(new Set(done.map((l) => `${l.task_id}/${l.step}`)).size).toBe(2000);
    expect(done.filter((l) => l.worker === 'py').length).toBeGreaterThan(0);
    expect(done.filter((l) => l.worker === 'ts').length).toBeGreaterThan(0);
    expect(await count(s, "SELECT count(*)::int AS n FROM tasks WHERE status = 'complete'")).toBe(500);
    expect(await count(s, 'SELECT count(*)::int AS n FROM steps WHERE attempts <> 1')).toBe(0);
    expect(await count(s, "SELECT count(*)::int AS n FROM transitions WHERE to_state = 'complete' AND step_name IS NULL")).toBe(500);
    const joins = await s.h.engine.db.query<{ output: { upstream: string[] } }>("SELECT output FROM steps WHERE name = 'd'");
    expect(joins.rows.every((r) => r.output.upstream.join() === 'a,b,c')).toBe(true);
  });

  it('a Python worker killed with SIGKILL mid-step: the step is retried elsewhere after its lease expires, and the late complete is refused', async () => {
    const s = await start(1500);
    const victim = s.spawnWorker('py', { SLOW_MS: '60000' });
    await victim.waitFor(/registered/);
    const { id } = await s.h.engine.submit({ namespace: 'e2e', name: 'slow' });
    await until(() => s.ledger().some((l) => l.event === 'started'), 20_000, 'the step to start');
    const { rows } = await s.h.engine.db.query<{ id: number; lease_id: string }>("SELECT id, lease_id FROM steps WHERE name = 'only'");
    const old = rows[0];
    victim.proc.kill('SIGKILL');
    await victim.exited;
    const rescuer = s.spawnWorker('ts', { SLOW_MS: '10' });
    await rescuer.waitFor(/ready/);
    await until(async () => (await task(s, id)).status === 'complete', 30_000, 'the task to complete');
    expect((await task(s, id)).steps[0]).toMatchObject({ state: 'complete', attempts: 2, output: { by: 'ts' } });
    expect(
      s
        .ledger()
        .filter((l) => l.event === 'done')
        .map((l) => l.worker),
    ).toEqual(['ts']);
    expect((await s.h.engine.events(id)).filter((e) => e.to === 'failed').map((e) => e.reason)).toEqual(['lease expired']);

    const before = JSON.stringify([await task(s, id), await s.h.engine.events(id)]);
    const late = await s.call('POST', `/v1/executions/${old.id}/complete`, { lease_id: old.lease_id, output: { by: 'ghost' } });
    expect(late).toMatchObject({ status: 409, body: { error: { code: 'stale_lease' } } });
    const batch = await s.call('POST', '/v1/executions/complete', { items: [{ execution_id: String(old.id), lease_id: old.lease_id, output: 1 }] });
    expect(batch.body.results).toEqual([{ execution_id: String(old.id), status: 'stale_lease' }]);
    expect(JSON.stringify([await task(s, id), await s.h.engine.events(id)])).toBe(before);
  });

  it('cancelling a task while a Python handler runs: the heartbeat names the execution, the handler sees ctx.cancelled, the task ends cancelled', async () => {
    const s = await start(3000);
    const py = s.spawnWorker('py', { SLOW_MS: '60000' });
    await py.waitFor(/registered/);
    const { id } = await s.h.engine.submit({ namespace: 'e2e', name: 'slow' });
    await until(() => s.ledger().some((l) => l.event === 'started'), 20_000, 'the step to start');
    const { rows } = await s.h.engine.db.query<{ id: number }>("SELECT id FROM steps WHERE name = 'only'");
    expect((await s.call('POST', `/v1/tasks/${id}/cancel`)).status).toBe(200);
    await py.waitFor(new RegExp(`heartbeat: aborting executions .*\\b${rows[0].id}\\b`), 10_000);
    await until(() => s.ledger().some((l) => l.event === 'cancelled'), 10_000, 'the handler to see ctx.cancelled');
    expect((await task(s, id)).status).toBe('cancelled');
    expect(s.ledger().map((l) => l.event)).toEqual(['started', 'cancelled']);
  });

  it('a drained Python worker gets no new work and finishes what it runs', async () => {
    const s = await start(3000);
    const py = s.spawnWorker('py', { SLOW_MS: '1500' });
    const [, workerId] = await py.waitFor(/worker (\S+) registered/);
    const first = await s.h.engine.submit({ namespace: 'e2e', name: 'slow' });
    await until(() => s.ledger().some((l) => l.event === 'started'), 20_000, 'the first step to start');
    expect((await s.call('POST', `/v1/workers/${workerId}/drain`)).body).toMatchObject({ state: 'draining', in_flight: 1 });
    const second = await s.h.engine.submit({ namespace: 'e2e', name: 'slow' });
    await until(async () => (await task(s, first.id)).status === 'complete', 10_000, 'the in-flight step to complete');
    await new Promise((r) => setTimeout(r, 1000));
    expect((await task(s, second.id)).steps[0]).toMatchObject({ state: 'ready', attempts: 0, waiting_reason: 'every worker that can run e2e.slow is draining' });
    const ts = s.spawnWorker('ts', { SLOW_MS: '10' });
    await ts.waitFor(/ready/);
    await until(async () => (await task(s, second.id)).status === 'complete', 10_000, 'another worker to take the second task');
    expect(
      s
        .ledger()
        .filter((l) => l.event === 'done')
        .map((l) => `${l.task_id === first.id ? 'first' : 'second'}:${l.worker}`)
        .sort(),
    ).toEqual(['first:py', 'second:ts']);
  });

  it('a gpu step never goes to a worker without the label, and runs as soon as one with it registers', async () => {
    const s = await start();
    const cpu = s.spawnWorker('ts');
    await cpu.waitFor(/ready/);
    const { id } = await s.h.engine.submit({ namespace: 'e2e', name: 'gpu' });
    await new Promise((r) => setTimeout(r, 1500));
    expect((await task(s, id)).steps[0]).toMatchObject({
      state: 'ready',
      attempts: 0,
      waiting_reason: 'no live worker with handler ml.train has labels {"gpu":"true"}',
    });
    const gpu = s.spawnWorker('py', { LABELS: 'gpu=true,zone=b' });
    await gpu.waitFor(/registered/);
    await until(async () => (await task(s, id)).status === 'complete', 10_000, 'the gpu step to run');
    expect((await task(s, id)).steps[0]).toMatchObject({ attempts: 1, output: { by: 'py' } });
    expect(s.ledger().map((l) => l.worker)).toEqual(['py']);
  });

  it('`baton worker --server URL` runs the same handler module over HTTP, and stops gracefully on SIGTERM', async () => {
    const s = await start();
    const cli = s.spawnCli(['worker', '--server', s.url, '--handlers', `${FIXTURES}http-handlers.mjs`, '--concurrency', '3', '--labels', 'zone=a', '--log-level', 'warn']);
    const [, workerId] = await cli.waitFor(/worker ready: handlers e2e\.step; concurrency 3; labels zone=a; server \S+ \(worker (\S+)\)/);
    const ids = (await s.h.engine.submitMany(Array.from({ length: 5 }, () => ({ namespace: 'e2e', name: 'diamond' })))).map((r) => r.id);
    await until(async () => (await count(s, "SELECT count(*)::int AS n FROM tasks WHERE status = 'complete'")) === 5, 20_000, 'the tasks');
    expect(s.ledger().filter((l) => l.worker === 'cli')).toHaveLength(20);
    expect((await task(s, ids[0])).steps.find((x: { name: string }) => x.name === 'd').output).toEqual({ step: 'd', upstream: ['a', 'b', 'c'], by: 'cli' });
    expect((await s.call('GET', '/v1/workers')).body.workers).toEqual([
      expect.objectContaining({ id: workerId, transport: 'http', handlers: ['e2e.step'], labels: { zone: 'a' }, capacity: 3, state: 'active' }),
    ]);
    cli.proc.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect((await s.call('GET', '/v1/workers')).body.workers).toEqual([]);
    const usage = s.spawnCli(['worker', '--server', s.url, '--handlers', `${FIXTURES}http-handlers.mjs`, '--database-url', 'postgres://x@localhost/y']);
    expect(await usage.exited).toBe(2);
    expect(usage.output()).toContain('--database-url does not go with --server');
  });

  it('a TypeScript HTTP worker stopped with SIGTERM finishes a step within the grace period', async () => {
    const s = await start(60_000);
    const ts = s.spawnWorker('ts', { SLOW_MS: '800', GRACE_MS: '10000' });
    await ts.waitFor(/ready/);
    const { id } = await s.h.engine.submit({ namespace: 'e2e', name: 'slow' });
    await until(() => s.ledger().some((l) => l.event === 'started'), 20_000, 'the step to start');
    ts.proc.kill('SIGTERM');
    expect(await ts.exited).toBe(0);
    expect((await task(s, id)).steps[0]).toMatchObject({ state: 'complete', attempts: 1, output: { by: 'ts' } });
    expect((await s.call('GET', '/v1/workers')).body.workers).toEqual([]);
  });

  it('a TypeScript HTTP worker stopped with SIGTERM hands back a step outliving the grace period; another worker completes it at once', async () => {
    const s = await start(60_000);
    const ts = s.spawnWorker('ts', { SLOW_MS: '60000', GRACE_MS: '300' });
    await ts.waitFor(/ready/);
    const { id } = await s.h.engine.submit({ namespace: 'e2e', name: 'slow' });
    await until(() => s.ledger().some((l) => l.event === 'started'), 20_000, 'the step to start');
    const stoppedAt = Date.now();
    ts.proc.kill('SIGTERM');
    expect(await ts.exited).toBe(0);
    expect((await task(s, id)).steps[0]).toMatchObject({ state: 'ready', attempts: 0 });
    const py = s.spawnWorker('py', { SLOW_MS: '10' });
    await py.waitFor(/registered/);
    await until(async () => (await task(s, id)).status === 'complete', 15_000, 'the rescue');
    expect(Date.now() - stoppedAt).toBeLessThan(20_000); // the lease was 60 s
    expect((await task(s, id)).steps[0]).toMatchObject({ attempts: 1, output: { by: 'py' } });
    expect((await s.h.engine.events(id)).map((e) => e.reason)).toContain('lease released by worker shutdown');
  });
});
