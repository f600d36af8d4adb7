/**
 * Processes of a deployment start in any order (issue #16): a worker started
 * before its server, or before PostgreSQL, waits for it and then works; a
 * worker whose server forgot it during an outage registers again by itself;
 * a refusal that waiting cannot fix (401) ends the worker at once.
 * Workers are real processes (the fixture `http-ts-worker.mjs`, `baton worker`);
 * the HTTP server runs in this process, on a port picked before the worker starts.
 */
import type { FastifyInstance } from 'fastify';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { deleteStaleWorkers } from '../../src/store/workers.js';
import { PG_URL, type Backend } from '../support/db.js';
import { startHarness, testConfig, waitForTask, type Harness } from '../support/harness.js';
import { testLogger } from '../support/logger.js';
import { startPgCluster, type PgCluster } from '../support/pg-cluster.js';
import { FIXTURES, killAll, spawnNode, type Child } from '../support/processes.js';
import { buildTestServer } from '../support/server.js';
import { until } from '../support/wait.js';

const BATON = fileURLToPath(new URL('../../bin/baton.js', import.meta.url));
const HANDLERS = `${FIXTURES}http-handlers.mjs`;
const ONE_STEP = `
namespace: e2e
name: one
version: "1"
steps:
  - { name: only, handler: e2e.step }
`;
/** HTTP workers never touch the database: PGlite serves as well, PostgreSQL when the run has it. */
const BACKEND: Backend = PG_URL ? 'pg' : 'pglite';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('workers that start before what they need', () => {
  let harness: Harness | undefined;
  let app: FastifyInstance | undefined;
  let runtime: Runtime | undefined;
  let cluster: PgCluster | undefined;
  let dir = '';
  afterEach(async () => {
    killAll();
    await stopServer();
    await harness?.close();
    await runtime?.stop();
    await cluster?.destroy();
    harness = runtime = cluster = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = '';
  });

  async function startServer(port: number): Promise<void> {
    app = await buildTestServer({ engine: harness!.engine, config: harness!.runtime.config, logger: testLogger });
    await app.listen({ host: '127.0.0.1', port });
  }

  async function stopServer(): Promise<void> {
    const closing = app?.close();
    // Long-polling claims would hold the close until they end.
    app?.server.closeAllConnections();
    await closing;
    app = undefined;
  }

  function ledger(): { task_id: string; pid: number; worker: string }[] {
    const file = join(dir, 'ledger.jsonl');
    return existsSync(file)
      ? readFileSync(file, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l))
      : [];
  }

  async function runOneTask(worker: Child): Promise<void> {
    const { id } = await harness!.engine.submit({ namespace: 'e2e', name: 'one' });
    const task = await waitForTask(harness!.engine, id, { timeoutMs: 30_000 });
    expect(task.status).toBe('complete');
    expect(ledger().filter((l) => l.task_id === id)).toEqual([expect.objectContaining({ pid: worker.proc.pid, worker: 'ts' })]);
  }

  function spawnHttpWorker(port: number): Child {
    dir = mkdtempSync(join(tmpdir(), 'baton-start-order-'));
    return spawnNode(`${FIXTURES}http-ts-worker.mjs`, [], { BATON_URL: `http://127.0.0.1:${port}`, LEDGER: join(dir, 'ledger.jsonl'), LOG_LEVEL: 'warn' });
  }

  const workerRows = async () => (await harness!.engine.db.query<{ id: string; state: string }>('SELECT id, state FROM workers ORDER BY created_at')).rows;

  it('a TypeScript HTTP worker started 3 s before its server waits, registers when it comes up, and runs a task', async () => {
    harness = await startHarness(BACKEND);
    await harness.engine.registerTemplate(ONE_STEP);
    const port = await freePort();
    const worker = spawnHttpWorker(port);
    await worker.waitFor(new RegExp(`waiting for the Baton server at http://127\\.0\\.0\\.1:${port}: ECONNREFUSED; retrying in [\\d.]+s`), 10_000);
    await sleep(3000);
    expect(worker.proc.exitCode).toBeNull();
    await startServer(port);
    await worker.waitFor(/ready [0-9a-f-]{36}/, 15_000);
    await runOneTask(worker);
    expect((await workerRows()).map((w) => w.state)).toEqual(['active']);
  });

  it('after its server is down past the lost-worker threshold, a worker carries on; forgotten meanwhile, it registers again by itself', async () => {
    // Lost after 2 × lease_ms = 2 s of silence, marked by this process's sweeper.
    harness = await startHarness(BACKEND, { config: (c) => ((c.worker.leaseMs = 1000), (c.worker.heartbeatMs = 300)) });
    await harness.engine.registerTemplate(ONE_STEP);
    const port = await freePort();
    await startServer(port);
    const worker = spawnHttpWorker(port);
    await worker.waitFor(/ready [0-9a-f-]{36}/, 15_000);
    await runOneTask(worker);
    const [first] = await workerRows();

    // Down for longer than the threshold: the worker is marked lost, and is active again once it is heard from.
    await stopServer();
    await until(async () => (await workerRows())[0].state === 'lost', 10_000, 'the worker to be marked lost');
    await sleep(1000);
    expect(worker.proc.exitCode).toBeNull();
    await startServer(port);
    await runOneTask(worker);
    expect(await workerRows()).toEqual([{ id: first.id, state: 'active' }]);

    // Down again, and the lost worker forgotten (what the sweeper does to one lost for a day): the server no longer knows its id.
    await stopServer();
    await until(async () => (await workerRows())[0].state === 'lost', 10_000, 'the worker to be marked lost again');
    expect(await deleteStaleWorkers(harness.engine.db, 0)).toBe(1);
    await sleep(1000);
    await startServer(port);
    await worker.waitFor(/the server did not know this worker; registered again/, 15_000);
    await runOneTask(worker);
    const rows = await workerRows();
    expect(rows).toEqual([{ id: expect.any(String), state: 'active' }]);
    expect(rows[0].id).not.toBe(first.id);
    expect(worker.output()).toMatch(/waiting for the Baton server at http:\/\/127\.0\.0\.1:\d+ \(claim\): ECONNREFUSED/);
  });

  it('a `baton worker --server` refused with 401 (no token for a server with auth) exits at once, saying why', async () => {
    harness = await startHarness(BACKEND, { config: (c) => (c.auth.hs256Secret = 'a-secret-of-at-least-32-bytes-long!!') });
    const port = await freePort();
    await startServer(port);
    dir = mkdtempSync(join(tmpdir(), 'baton-start-order-'));
    const started = Date.now();
    const worker = spawnNode(BATON, ['worker', '--server', `http://127.0.0.1:${port}`, '--handlers', HANDLERS], { LEDGER: join(dir, 'ledger.jsonl'), BATON_TOKEN: '' });
    const code = await worker.exited;
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(worker.output()).toContain(`cannot register with the Baton server at http://127.0.0.1:${port}:`);
    expect(worker.output()).toContain('bearer token');
    expect(worker.output()).toContain('--token T, or BATON_TOKEN');
    expect(worker.output()).not.toContain('waiting for the Baton server');
    expect(await workerRows()).toEqual([]);
  });

  it.runIf(PG_URL)('a direct `baton worker` started while PostgreSQL is down waits for it, then runs a task', async () => {
    cluster = await startPgCluster();
    await cluster.stop();
    dir = mkdtempSync(join(tmpdir(), 'baton-start-order-'));
    const worker = spawnNode(BATON, ['worker', '--handlers', HANDLERS, '--database-url', cluster.url], {
      LEDGER: join(dir, 'ledger.jsonl'),
      BATON_LOG_FORMAT: 'json',
      BATON_LEASE_MS: '2000',
      BATON_POLL_INTERVAL_MS: '200',
    });
    await worker.waitFor(new RegExp(`waiting for the database at 127\\.0\\.0\\.1:${cluster.port}: ECONNREFUSED; retrying in [\\d.]+s`), 15_000);
    await sleep(3000);
    expect(worker.proc.exitCode).toBeNull();
    await cluster.start();
    await worker.waitFor(/worker ready: handlers e2e\.step/, 30_000);
    runtime = await createRuntime({ config: testConfig((c) => (c.database.url = cluster!.url)), logger: testLogger, sweeper: false });
    await runtime.engine.registerTemplate(ONE_STEP);
    const { id } = await runtime.engine.submit({ namespace: 'e2e', name: 'one' });
    expect((await waitForTask(runtime.engine, id, { timeoutMs: 30_000 })).status).toBe('complete');
    expect(ledger()).toEqual([expect.objectContaining({ task_id: id, pid: worker.proc.pid, worker: 'cli' })]);
  });
});
