/**
 * Child workflows (issue #15) across real `baton worker` processes (and a
 * `baton server`) on PostgreSQL: a fan-out of 100 children, a grandchild
 * chain, a parent cancelled while its grandchild's handler runs, a child that
 * fails and is replaced by the parent step's retry, and a worker SIGKILLed
 * mid-child. Handlers are in test/fixtures/child-handlers.mjs; assertions are
 * on rows, and every test ends with the invariants of docs/guarantees.md.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine.js';
import { PG_URL, type TestDb } from '../support/db.js';
import { checkInvariants } from '../support/invariants.js';
import { testLogger } from '../support/logger.js';
import { FIXTURES, LEDGER_COLUMNS, spawnNode, useProcessSchema, type Child } from '../support/processes.js';
import { until } from '../support/wait.js';

const BATON = fileURLToPath(new URL('../../bin/baton.js', import.meta.url));
const FAN_OUT = 100;

const PAIR = `
namespace: ch
name: pair
version: "1"
steps:
  - { name: one, handler: child.echo, params: { i: "\${context.fan_out.index}" } }
  - { name: two, handler: child.echo, depends_on: [one], params: { i: "\${steps.one.i}" } }
`;

const FAN = `
namespace: ch
name: fan
version: "1"
steps:
  - { name: list, handler: child.list, kind: fan_out, fan_out: { each: per_item }, params: { n: ${FAN_OUT} } }
  - { name: per_item, kind: workflow, depends_on: [list], workflow: { namespace: ch, name: pair, context: { from: fan } } }
  - { name: gather, handler: child.gather, depends_on: [per_item] }
`;

/** A → B → C, each waiting for the next; C runs one handler step. */
const chainLevel = (name: string, next: string | null, handler: string, params: string) => `
namespace: ch
name: ${name}
version: "1"
steps:
  - { name: work, handler: ${handler}, params: ${params} }
${next ? `  - { name: child, kind: workflow, depends_on: [work], workflow: { namespace: ch, name: ${next}, context: { n: "\${steps.work.n}" } } }` : ''}
`;

const FLAKY = `
namespace: ch
name: flaky
version: "1"
steps:
  - { name: once, handler: child.flaky, retry: { max_attempts: 1 }, params: { key: "\${context.key}" } }
`;

const FLAKY_PARENT = `
namespace: ch
name: flaky_parent
version: "1"
steps:
  - { name: child, kind: workflow, retry: { max_attempts: 2, backoff: none }, workflow: { namespace: ch, name: flaky, context: { key: "\${context.key}" } } }
`;

const HANG = `
namespace: ch
name: hang
version: "1"
steps:
  - { name: work, handler: child.hang, retry: { max_attempts: 3, backoff: none } }
`;

const HANG_PARENT = `
namespace: ch
name: hang_parent
version: "1"
steps:
  - { name: child, kind: workflow, workflow: { namespace: ch, name: hang, context: {} } }
  - { name: after, handler: child.echo, depends_on: [child], params: { by: "\${steps.child.steps.work.pid}" } }
`;

describe.runIf(PG_URL)('child workflows across processes on real PostgreSQL', () => {
  const schema = useProcessSchema();

  async function setUp(...templates: string[]): Promise<{ engine: Engine; db: TestDb }> {
    const db = await schema.open({ started: LEDGER_COLUMNS, runs: '(key text PRIMARY KEY)' });
    const engine = new Engine(db.db, testLogger);
    // Children before their parents: registration refuses a parent whose child is unknown.
    for (const t of templates) await engine.registerTemplate(t);
    return { engine, db };
  }

  const env = (db: TestDb, extra: Record<string, string> = {}) => ({
    BATON_DATABASE_URL: PG_URL!,
    BATON_SCHEMA: db.schema,
    BATON_LOG_LEVEL: 'warn',
    BATON_LOG_PRETTY: 'false',
    BATON_TIMER_INTERVAL_MS: '100',
    BATON_SWEEP_INTERVAL_MS: '200',
    BATON_POLL_INTERVAL_MS: '200',
    BATON_POOL_SIZE: '6',
    ...extra,
  });

  /** Three `baton worker` processes (each runs the timers too, so any of them starts and wakes children). */
  async function startWorkers(db: TestDb, extra: Record<string, string> = {}): Promise<Child[]> {
    const workers = [1, 2, 3].map(() => spawnNode(BATON, ['worker', '--handlers', `${FIXTURES}child-handlers.mjs`, '--concurrency', '8'], env(db, extra)));
    await Promise.all(workers.map((w) => w.waitFor('worker ready')));
    return workers;
  }

  async function startServer(db: TestDb): Promise<{ child: Child; url: string }> {
    const child = spawnNode(BATON, ['server', '--port', '0'], env(db));
    await child.waitFor(/listening on http:\/\/\S+/);
    return { child, url: /listening on (http:\/\/\S+)/.exec(child.output())![1] };
  }

  async function post(url: string, body: unknown = {}): Promise<{ status: number; body: any }> {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  }

  const rows = async <T>(db: TestDb, sql: string, params: unknown[] = []) => (await db.db.query<T & Record<string, unknown>>(sql, params)).rows;
  const statusOf = async (engine: Engine, id: string) => (await engine.getTask(id)).status;
  const finished = (engine: Engine, id: string, timeoutMs: number) =>
    until(async () => ['complete', 'error', 'cancelled', 'timed_out'].includes(await statusOf(engine, id)), timeoutMs, `task ${id} to finish`, 100);
  const stepLog = async (engine: Engine, id: string, step: string) => (await engine.events(id)).filter((e) => e.step === step).map((e) => `${e.from}->${e.to}`);

  it(`a fan-out of ${FAN_OUT} children, each running 2 handler steps, all complete; the join holds ${FAN_OUT} outputs in order`, async () => {
    const { engine, db } = await setUp(PAIR, FAN);
    const workers = await startWorkers(db);
    const { id } = await engine.submit({ namespace: 'ch', name: 'fan', context: {} });
    await finished(engine, id, 40_000);

    const parent = await engine.getTask(id);
    expect(parent.status).toBe('complete');
    expect(parent.children).toHaveLength(FAN_OUT);
    expect(parent.children!.filter((c) => c.status !== 'complete')).toEqual([]);
    const join = parent.steps.find((s) => s.name === 'per_item')!;
    const outputs = join.output as { task_id: string; steps: { one: { i: number }; two: { i: number; pid: number } } }[];
    expect(outputs).toHaveLength(FAN_OUT);
    // Instance k started the child whose context held fan_out.index k.
    expect(outputs.map((o) => [o.steps.one.i, o.steps.two.i])).toEqual(Array.from({ length: FAN_OUT }, (_, k) => [k, k]));
    expect(parent.steps.find((s) => s.name === 'gather')!.output).toEqual({ count: FAN_OUT });

    const children = await rows<{ id: string; parent_task_id: string; parent_step: string; depth: number; status: string }>(
      db,
      'SELECT id, parent_task_id, parent_step, depth, status FROM tasks WHERE id <> $1',
      [id],
    );
    expect(children).toHaveLength(FAN_OUT);
    expect(children.filter((c) => c.parent_task_id !== id || c.depth !== 1 || c.status !== 'complete')).toEqual([]);
    expect(new Set(children.map((c) => c.parent_step))).toEqual(new Set(Array.from({ length: FAN_OUT }, (_, k) => `per_item[${k}]`)));
    expect(new Set(outputs.map((o) => o.task_id))).toEqual(new Set(children.map((c) => c.id)));
    // Each child step ran once; the three processes shared them.
    const childSteps = await rows<{ attempts: number; pid: number }>(
      db,
      "SELECT s.attempts, (s.output->>'pid')::int AS pid FROM steps s JOIN tasks t ON t.id = s.task_id WHERE t.parent_task_id = $1 AND s.state = 'complete'",
      [id],
    );
    expect(childSteps).toHaveLength(2 * FAN_OUT);
    expect(childSteps.filter((s) => s.attempts !== 1)).toEqual([]);
    const pids = new Set(workers.map((w) => w.proc.pid));
    expect(childSteps.filter((s) => !pids.has(s.pid))).toEqual([]);
    expect(new Set(childSteps.map((s) => s.pid)).size).toBeGreaterThan(1);
    // Every instance waited for exactly one child.
    expect(await rows(db, "SELECT count(*)::int AS n FROM transitions WHERE task_id = $1 AND from_state = 'ready' AND to_state = 'waiting'", [id])).toEqual([{ n: FAN_OUT }]);
    expect(await checkInvariants(db.db, { reaperSlackMs: 5000 })).toEqual({});
  });

  it("a grandchild chain completes; cancelling a parent while its grandchild's handler runs cancels the whole tree and refuses the late completion", async () => {
    const { engine, db } = await setUp(
      chainLevel('c', null, 'child.echo', '{ n: "${context.n}" }'),
      chainLevel('b', 'c', 'child.echo', '{ n: "${context.n}" }'),
      chainLevel('a', 'b', 'child.echo', '{ n: "${context.n}" }'),
      chainLevel('slow_c', null, 'child.slow', '{ ms: 8000 }'),
      chainLevel('slow_b', 'slow_c', 'child.echo', '{ n: 1 }'),
      chainLevel('slow_a', 'slow_b', 'child.echo', '{ n: 1 }'),
    );
    const server = await startServer(db);
    await startWorkers(db);

    const chain = await post(`${server.url}/v1/tasks`, { namespace: 'ch', name: 'a', context: { n: 7 } });
    expect(chain.status).toBe(202);
    await finished(engine, chain.body.id, 20_000);
    const a = await engine.getTask(chain.body.id);
    expect(a.status).toBe('complete');
    const bId = a.children![0].id;
    const b = await engine.getTask(bId);
    const cId = b.children![0].id;
    const c = await engine.getTask(cId);
    expect([b.status, b.parent_task_id, b.parent_step, c.status, c.parent_task_id, c.parent_step]).toEqual(['complete', a.id, 'child', 'complete', bId, 'child']);
    // The grandchild's output reached the top through both levels.
    expect(a.steps.find((s) => s.name === 'child')!.output).toMatchObject({ task_id: bId, steps: { child: { task_id: cId, steps: { work: { n: 7 } } } } });

    const tree = await post(`${server.url}/v1/tasks`, { namespace: 'ch', name: 'slow_a', context: {} });
    const top = tree.body.id as string;
    await until(async () => (await rows(db, 'SELECT 1 FROM started')).length === 1, 20_000, "the grandchild's handler to start");
    const [running] = await rows<{ id: number; lease_id: string; task_id: string }>(db, "SELECT id, lease_id, task_id FROM steps WHERE state = 'running'");
    expect(running).toBeDefined();
    expect((await post(`${server.url}/v1/tasks/${top}/cancel`)).status).toBe(200);

    const tasks = await rows<{ id: string; name: string; depth: number; status: string }>(
      db,
      "SELECT t.id, v.name, t.depth, t.status FROM tasks t JOIN templates v ON v.id = t.template_id WHERE v.name LIKE 'slow_%' ORDER BY t.depth",
    );
    expect(tasks.map((t) => [t.name, t.depth, t.status])).toEqual([
      ['slow_a', 0, 'cancelled'],
      ['slow_b', 1, 'cancelled'],
      ['slow_c', 2, 'cancelled'],
    ]);
    expect(tasks[2].id).toBe(running.task_id);
    // No step of the tree is left live, and none completed after the cancel.
    const ids = tasks.map((t) => t.id);
    expect(await rows(db, "SELECT name, state FROM steps WHERE task_id = ANY($1) AND state IN ('pending', 'ready', 'running', 'waiting', 'failed')", [ids])).toEqual([]);
    const before = JSON.stringify(await rows(db, 'SELECT id, state, attempts, output FROM steps WHERE task_id = ANY($1) ORDER BY id', [ids]));
    const late = await post(`${server.url}/v1/executions/${running.id}/complete`, { lease_id: running.lease_id, output: { late: true } });
    expect(late).toMatchObject({ status: 409, body: { error: { code: 'stale_lease' } } });
    expect(JSON.stringify(await rows(db, 'SELECT id, state, attempts, output FROM steps WHERE task_id = ANY($1) ORDER BY id', [ids]))).toBe(before);
    expect(await checkInvariants(db.db, { reaperSlackMs: 5000 })).toEqual({});
  });

  it("a child whose step fails permanently fails the parent step; the step's retry starts a new child that completes", async () => {
    const { engine, db } = await setUp(FLAKY, FLAKY_PARENT);
    await startWorkers(db);
    const { id } = await engine.submit({ namespace: 'ch', name: 'flaky_parent', context: { key: 'k1' } });
    await finished(engine, id, 20_000);
    const task = await engine.getTask(id);
    expect(task.status).toBe('complete');
    expect(task.children!.map((c) => c.status)).toEqual(['error', 'complete']);
    expect(await stepLog(engine, id, 'child')).toEqual(['ready->waiting', 'waiting->failed', 'failed->ready', 'ready->waiting', 'waiting->complete']);
    const [failed, good] = task.children!;
    expect((await engine.getTask(failed.id)).steps[0]).toMatchObject({ state: 'error', attempts: 1 });
    expect(task.steps[0]).toMatchObject({ state: 'complete', attempts: 2, output: { task_id: good.id } });
    expect(await rows(db, 'SELECT key FROM runs')).toEqual([{ key: 'k1' }]);
    expect(await checkInvariants(db.db, { reaperSlackMs: 5000 })).toEqual({});
  });

  it("a worker SIGKILLed while a child's step runs: the lease expires, the step is retried on another worker, child and parent complete", async () => {
    const { engine, db } = await setUp(HANG, HANG_PARENT);
    const workers = await startWorkers(db, { BATON_LEASE_MS: '1500', BATON_HEARTBEAT_MS: '500' });
    const { id } = await engine.submit({ namespace: 'ch', name: 'hang_parent', context: {} });
    await until(async () => (await rows(db, 'SELECT 1 FROM started')).length === 1, 20_000, "the child's step to start");
    const [{ pid }] = await rows<{ pid: number }>(db, 'SELECT pid FROM started');
    const victim = workers.find((w) => w.proc.pid === pid)!;
    victim.proc.kill('SIGKILL');
    await victim.exited;
    await finished(engine, id, 20_000);

    const parent = await engine.getTask(id);
    expect(parent.status).toBe('complete');
    const childId = parent.children![0].id;
    const child = await engine.getTask(childId);
    expect(child.status).toBe('complete');
    const rescuer = (child.steps[0].output as { pid: number }).pid;
    expect(child.steps[0]).toMatchObject({ state: 'complete', attempts: 2, output: { attempt: 2 } });
    expect(rescuer).not.toBe(pid);
    expect(workers.filter((w) => w !== victim).map((w) => w.proc.pid)).toContain(rescuer);
    expect((await engine.events(childId)).filter((e) => e.from === 'running' && e.to === 'failed').map((e) => e.reason)).toEqual(['lease expired']);
    // The parent step waited once, for that one child, and the step after it saw the rescuer's output.
    expect(await stepLog(engine, id, 'child')).toEqual(['ready->waiting', 'waiting->complete']);
    expect(parent.steps.find((s) => s.name === 'after')!.output).toMatchObject({ by: rescuer });
    expect(await rows(db, 'SELECT attempt, pid FROM started ORDER BY attempt')).toEqual([
      { attempt: 1, pid },
      { attempt: 2, pid: rescuer },
    ]);
    expect(await checkInvariants(db.db, { reaperSlackMs: 5000 })).toEqual({});
  });
});
