/**
 * Handler-module middleware and worker probes, as a user runs them: the
 * compiled CLI in child processes on an embedded database in a temp directory.
 *
 * - `baton start --handlers` and `baton worker --handlers` apply the module's
 *   `middleware` export around every handler (test/fixtures/middleware-handlers.mjs
 *   logs each layer to a file and stamps the output);
 * - `baton worker --metrics-port` serves `/health/live` and `/health/ready`:
 *   ready once registered, 503 while its server is away and while it drains.
 *
 * One server is shared by the tests in order.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_URL } from '../support/db.js';
import { startPgCluster, type PgCluster } from '../support/pg-cluster.js';
import { until } from '../support/wait.js';
import { killAll, ROOT, runBaton, startBaton, tempDir, type Running } from './spawn.js';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'middleware-handlers.mjs');

const TEMPLATES: Record<string, string> = {
  'echo.yaml': `namespace: hooks\nname: echo\nversion: "1"\nsteps:\n  - { name: one, handler: hooks.echo, params: { value: "\${context.value}" } }\n`,
  'guarded.yaml': `namespace: hooks\nname: guarded\nversion: "1"\nsteps:\n  - { name: one, handler: hooks.echo, params: { reject: true }, retry: { max_attempts: 1 } }\n`,
  'hold.yaml': `namespace: hooks\nname: hold\nversion: "1"\nsteps:\n  - { name: one, handler: hooks.hold }\n`,
};

interface Step {
  name: string;
  state: string;
  output: unknown;
  error: { message: string } | null;
}
interface Task {
  id: string;
  status: string;
  steps: Step[];
}
interface Probe {
  status: number;
  body: { status: string; checks?: Record<string, { ok: boolean; value?: unknown; limit?: unknown; error?: string }> };
}

/** Resolves with the first match of `pattern` in the process's stderr (a worker prints its lines there). */
async function stderrMatch(proc: Running, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
  let match: RegExpMatchArray | null = null;
  await until(
    () => {
      if (proc.child.exitCode !== null) throw new Error(`exited (${proc.child.exitCode}) before printing ${pattern}\nstderr:\n${proc.stderr()}`);
      match = pattern.exec(proc.stderr());
      return match !== null;
    },
    timeoutMs,
    `${pattern} on stderr`,
  );
  return match!;
}

describe('handler module middleware and worker probes (CLI processes, embedded database)', () => {
  const dir = tempDir('baton-hooks-');
  const dataDir = join(dir.path, 'data');
  const templatesDir = join(dir.path, 'templates');
  const hooksLog = join(dir.path, 'hooks.log');
  const release = join(dir.path, 'release');
  let server: Running;
  let url: string;

  const startServer = (port: string) =>
    startBaton(['start', '--port', port, '--data-dir', dataDir, '--templates', templatesDir, '--handlers', FIXTURE, '--log-level', 'warn'], {
      env: { HOOKS_LOG: hooksLog, HOOKS_WHO: 'start', HOOKS_HANDLERS: 'hooks.echo' },
    });

  beforeAll(async () => {
    mkdirSync(templatesDir);
    for (const [file, text] of Object.entries(TEMPLATES)) writeFileSync(join(templatesDir, file), text);
    writeFileSync(hooksLog, '');
    server = startServer('0');
    url = (await server.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/, 80_000))[1];
    await server.waitFor(/press Ctrl-C to stop/);
  }, 90_000);

  afterAll(async () => {
    await killAll();
    dir.remove();
  });

  const submit = async (name: string, context: object = {}): Promise<string> => {
    const res = await fetch(`${url}/v1/tasks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ namespace: 'hooks', name, context }) });
    expect(res.status).toBe(202);
    return ((await res.json()) as { id: string }).id;
  };
  const getTask = async (id: string): Promise<Task> => ((await (await fetch(`${url}/v1/tasks/${id}`)).json()) as { task: Task }).task;
  const finished = async (id: string): Promise<Task> => {
    let task: Task | undefined;
    await until(async () => ['complete', 'error'].includes((task = await getTask(id)).status), 60_000, `task ${id} to finish`, 100);
    return task!;
  };
  /** What the middleware and the handler logged for a task, in order. */
  const trail = (taskId: string): string[] =>
    readFileSync(hooksLog, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith(`${taskId} `))
      .map((l) => l.slice(taskId.length + 1));

  it('baton start runs every handler inside the module middleware, the first outermost', async () => {
    expect(server.stdout()).toMatch(/worker +1 handlers, 2 middleware, concurrency/);
    const id = await submit('echo', { value: 7 });
    const task = await finished(id);
    expect(task.status).toBe('complete');
    expect(task.steps[0].output).toEqual({ echoed: 7, audited_by: 'start' });
    expect(trail(id)).toEqual(['one audit:before', 'one guard:before', 'one handler', 'one guard:after', 'one audit:after']);
  });

  it('a middleware that throws fails the attempt, and the handler never runs', async () => {
    const id = await submit('guarded');
    const task = await finished(id);
    expect(task.status).toBe('error');
    expect(task.steps[0]).toMatchObject({ state: 'error', error: { message: expect.stringContaining('refused by the guard middleware') } });
    expect(trail(id)).toEqual(['one audit:before', 'one guard:rejected']);
  });

  it('a middleware export that is not a function or an array of them stops the worker at start (exit 2), naming the module', async () => {
    const bad = join(dir.path, 'bad-middleware.mjs');
    writeFileSync(bad, `export default [{ name: 'x.y', fn: () => ({}) }];\nexport const middleware = [async (ctx, next) => next(), 'audit'];\n`);
    const result = await runBaton(['worker', '--handlers', bad, '--server', url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`handlers module ${bad} has a middleware export that is an array of 2 whose entry [1] is a string`);
  });

  it('baton worker --server --metrics-port: live, ready once registered, 503 while its server is away and while it drains', async () => {
    const worker = startBaton(['worker', '--server', url, '--handlers', FIXTURE, '--metrics-port', '0', '--log-level', 'error'], {
      env: { HOOKS_LOG: hooksLog, HOOKS_WHO: 'worker', HOOKS_HANDLERS: 'hooks.hold', HOOKS_RELEASE: release, BATON_SHUTDOWN_GRACE_MS: '300000' },
    });
    const origin = (await stderrMatch(worker, /metrics on (http:\/\/\S+)\/metrics/))[1];
    const workerId = (await stderrMatch(worker, /worker ready: handlers hooks\.hold; middleware 2; concurrency \d+; server \S+ \(worker (\S+)\)/))[1];
    const probe = async (path: string): Promise<Probe> => {
      const res = await fetch(`${origin}${path}`);
      return { status: res.status, body: (await res.json()) as Probe['body'] };
    };
    const readyWhen = async (status: number, check: (p: Probe) => boolean, what: string): Promise<Probe> => {
      let last: Probe | undefined;
      await until(async () => (last = await probe('/health/ready')).status === status && check(last), 60_000, what, 100);
      return last!;
    };

    const ready = await readyWhen(200, () => true, 'ready after start');
    expect(ready.body).toMatchObject({ status: 'ready', checks: { worker: { ok: true, value: 'running' }, draining: { ok: true, value: false }, heartbeat: { ok: true } } });
    expect(await probe('/health/live')).toEqual({ status: 200, body: { status: 'ok' } });
    const metrics = await fetch(`${origin}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('process_cpu_user_seconds_total');

    // The server goes away: heartbeats fail, and within two intervals the worker is unready; it still lives.
    const port = new URL(url).port;
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    const away = await readyWhen(503, (p) => p.body.checks?.heartbeat.ok === false, 'unready while the server is away');
    expect(away.body).toMatchObject({ status: 'unready', checks: { worker: { ok: true }, draining: { ok: true }, heartbeat: { ok: false, error: expect.any(String) } } });
    expect((await probe('/health/live')).status).toBe(200);

    // Back on the same port and database: ready again without a restart of the worker.
    server = startServer(port);
    await server.waitFor(/press Ctrl-C to stop/, 80_000);
    await readyWhen(200, () => true, 'ready once the server is back');

    // A step runs on the worker, inside its module's middleware. An operator drains the worker: unready (its heartbeats say so).
    const id = await submit('hold');
    await until(() => trail(id).includes('one handler'), 60_000, 'the held step to start on the worker', 100);
    const drained = await fetch(`${url}/v1/workers/${workerId}/drain`, { method: 'POST' });
    expect(drained.status).toBe(200);
    const requested = await readyWhen(503, (p) => p.body.checks?.draining.value === 'drain_requested', 'unready once drained by the API');
    expect(requested.body).toMatchObject({ status: 'unready', checks: { draining: { ok: false }, heartbeat: { ok: true } } });
    // SIGTERM: it stops, unready until the running step ends, then exits 0.
    worker.child.kill('SIGTERM');
    const stopping = await readyWhen(503, (p) => p.body.checks?.draining.value === 'stopping', 'unready while stopping');
    expect(stopping.body).toMatchObject({ status: 'unready', checks: { draining: { ok: false, value: 'stopping' } } });
    expect((await probe('/health/live')).status).toBe(200);
    expect(existsSync(release)).toBe(false);
    writeFileSync(release, '');
    expect((await worker.exited).code).toBe(0);
    const task = await finished(id);
    expect(task).toMatchObject({ status: 'complete', steps: [{ output: { held: true, audited_by: 'worker' } }] });
    expect(trail(id)).toEqual(['one audit:before', 'one guard:before', 'one handler', 'one guard:after', 'one audit:after']);
  }, 240_000);

  it('baton worker --server --metrics-port: live but unready while it waits for a server that is not up yet', async () => {
    const nobody = createServer();
    await new Promise<void>((resolve) => nobody.listen(0, '127.0.0.1', resolve));
    const closedPort = (nobody.address() as AddressInfo).port;
    await new Promise<void>((resolve) => nobody.close(() => resolve()));
    const worker = startBaton(['worker', '--server', `http://127.0.0.1:${closedPort}`, '--handlers', FIXTURE, '--metrics-port', '0', '--log-level', 'error'], {
      env: { HOOKS_LOG: hooksLog, HOOKS_HANDLERS: 'hooks.echo' },
    });
    const origin = (await stderrMatch(worker, /metrics on (http:\/\/\S+)\/metrics/))[1];
    expect((await fetch(`${origin}/health/live`)).status).toBe(200);
    const ready = await fetch(`${origin}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'unready', checks: { worker: { ok: false, value: 'not_running' }, heartbeat: { ok: false, error: 'not registered yet' } } });
    worker.child.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);
  });

  it('baton worker --metrics-port on the database directly: ready while it runs, exit 0 on SIGTERM', async () => {
    const worker = startBaton(['worker', '--handlers', FIXTURE, '--data-dir', join(dir.path, 'worker-data'), '--metrics-port', '0', '--log-level', 'error'], {
      env: { HOOKS_LOG: hooksLog, HOOKS_WHO: 'direct', HOOKS_HANDLERS: 'hooks.echo' },
    });
    const origin = (await stderrMatch(worker, /metrics on (http:\/\/\S+)\/metrics/, 80_000))[1];
    await stderrMatch(worker, /worker ready: handlers hooks\.echo; middleware 2/, 80_000);
    const ready = await fetch(`${origin}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { worker: { ok: true }, draining: { ok: true }, heartbeat: { ok: true } } });
    expect((await fetch(`${origin}/health/live`)).status).toBe(200);
    expect(await (await fetch(`${origin}/metrics`)).text()).toContain('baton_workers_active');
    worker.child.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);
  }, 120_000);
});

/** A throwaway cluster: the shared PostgreSQL must never be stopped. */
describe.runIf(PG_URL)('baton worker --metrics-port on PostgreSQL that stops and comes back', () => {
  let cluster: PgCluster | undefined;
  const dir = tempDir('baton-hooks-pg-');

  afterAll(async () => {
    await killAll();
    await cluster?.destroy();
    dir.remove();
  });

  it('is ready, then 503 naming the failed heartbeats while PostgreSQL is down, then ready again by itself; live throughout', async () => {
    cluster = await startPgCluster();
    const env = { BATON_DATABASE_URL: cluster.url, BATON_LEASE_MS: '3000', HOOKS_LOG: join(dir.path, 'hooks.log'), HOOKS_HANDLERS: 'hooks.echo' };
    const migrated = await runBaton(['migrate'], { env });
    expect(migrated.code, migrated.stderr).toBe(0);
    const worker = startBaton(['worker', '--handlers', FIXTURE, '--metrics-port', '0', '--log-level', 'error'], { env });
    const origin = (await stderrMatch(worker, /metrics on (http:\/\/\S+)\/metrics/))[1];
    await stderrMatch(worker, /worker ready: handlers hooks\.echo; middleware 2/);
    const probe = async (path: string): Promise<Probe> => {
      const res = await fetch(`${origin}${path}`);
      return { status: res.status, body: (await res.json()) as Probe['body'] };
    };
    const readyWhen = async (status: number, what: string): Promise<Probe> => {
      let last: Probe | undefined;
      await until(async () => (last = await probe('/health/ready')).status === status, 60_000, what, 100);
      return last!;
    };
    expect((await readyWhen(200, 'ready after start')).body.checks?.heartbeat).toMatchObject({ ok: true, limit: 2000 });

    await cluster.stop();
    const down = await readyWhen(503, 'unready while PostgreSQL is down');
    expect(down.body).toMatchObject({ status: 'unready', checks: { worker: { ok: true }, draining: { ok: true }, heartbeat: { ok: false, error: expect.any(String) } } });
    expect((await probe('/health/live')).status).toBe(200);

    await cluster.start();
    expect((await readyWhen(200, 'ready once PostgreSQL is back')).body.checks?.heartbeat).toMatchObject({ ok: true });
    worker.child.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);
  }, 180_000);
});
