/**
 * Concurrency keys and rate limits (issue #15) across three real `baton worker`
 * processes on PostgreSQL: 2,000 keyed steps while workers are SIGKILLed and
 * restarted (I7, replayed from the log, and every step completes); a fresh
 * key's single step beside one key's backlog of 10,000 (counted in claims of
 * the big key, from the log, not timed); and a limit of 5 a second over 500
 * ready steps (every 1 s window of the log's start times). Handlers are in
 * test/fixtures/flow-handlers.mjs; assertions are on rows.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine.js';
import type { TaskRequest } from '../../src/core/submit.js';
import { PG_URL, type TestDb } from '../support/db.js';
import { checkInvariants } from '../support/invariants.js';
import { testLogger } from '../support/logger.js';
import { FIXTURES, spawnNode, useProcessSchema, type Child } from '../support/processes.js';
import { until } from '../support/wait.js';

const BATON = fileURLToPath(new URL('../../bin/baton.js', import.meta.url));

/** Keyed tasks in the kill test, over `KEYS` keys of limit 2. */
const KEYED_TASKS = Number(process.env.FLOW_KEYED_TASKS ?? 2000);
const KEYS = 20;
/** The big key's backlog in the fairness test. */
const BACKLOG = Number(process.env.FLOW_BACKLOG ?? 10_000);
const BIG_LIMIT = 5;
const WORKERS = 3;
const WORKER_CONCURRENCY = 8;

const keyed = (name: string, limit: number, minMs: number, maxMs: number) => `
namespace: flow
name: ${name}
version: "1"
defaults:
  concurrency: { key: "\${context.key}", limit: ${limit} }
steps:
  - { name: work, handler: flow.work, retry: { max_attempts: 20, backoff: none }, params: { min_ms: ${minMs}, max_ms: ${maxMs} } }
`;

const LIMITED = `
namespace: flow
name: limited
version: "1"
steps:
  - { name: call, handler: flow.work, rate_limit: { name: partner }, params: { min_ms: 1, max_ms: 5 } }
`;

describe.runIf(PG_URL)('concurrency keys and rate limits across processes on real PostgreSQL', () => {
  const schema = useProcessSchema();

  async function setUp(...templates: string[]): Promise<{ engine: Engine; db: TestDb }> {
    const db = await schema.open({});
    const engine = new Engine(db.db, testLogger);
    if (templates.includes(LIMITED)) await engine.setRateLimit('partner', 5, '1s');
    for (const t of templates) await engine.registerTemplate(t);
    return { engine, db };
  }

  const env = (db: TestDb) => ({
    BATON_DATABASE_URL: PG_URL!,
    BATON_SCHEMA: db.schema,
    BATON_LOG_LEVEL: 'warn',
    BATON_LOG_PRETTY: 'false',
    BATON_SWEEP_INTERVAL_MS: '200',
    BATON_POLL_INTERVAL_MS: '200',
    // Short leases: a killed worker's steps are reaped and run again within the test.
    BATON_LEASE_MS: '2000',
    BATON_POOL_SIZE: '6',
  });

  function startWorker(db: TestDb): Child {
    return spawnNode(BATON, ['worker', '--handlers', `${FIXTURES}flow-handlers.mjs`, '--concurrency', String(WORKER_CONCURRENCY)], env(db));
  }

  async function startWorkers(db: TestDb): Promise<Child[]> {
    const workers = Array.from({ length: WORKERS }, () => startWorker(db));
    await Promise.all(workers.map((w) => w.waitFor('worker ready')));
    return workers;
  }

  async function submitAll(engine: Engine, requests: TaskRequest[]): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < requests.length; i += 2000) ids.push(...(await engine.submitMany(requests.slice(i, i + 2000))).map((t) => t.id));
    return ids;
  }

  const count = async (db: TestDb, sql: string, params: unknown[] = []) => (await db.db.query<{ n: number }>(sql, params)).rows[0].n;

  it(`${KEYED_TASKS} steps over ${KEYS} keys of limit 2 on ${WORKERS} workers SIGKILLed at random: I7 holds and every step completes`, async () => {
    const { engine, db } = await setUp(keyed('keyed', 2, 20, 50));
    const workers = await startWorkers(db);
    const ids = await submitAll(
      engine,
      Array.from({ length: KEYED_TASKS }, (_, i) => ({ namespace: 'flow', name: 'keyed', context: { key: `customer-${i % KEYS}` } })),
    );
    const open = () => count(db, "SELECT count(*)::int AS n FROM tasks WHERE status <> 'complete'");
    // Chaos: every 0.3-1 s one worker, picked at random, is SIGKILLed and a new one started in its place.
    let kills = 0;
    let stop = false;
    const chaos = (async () => {
      while (!stop) {
        await new Promise((r) => setTimeout(r, 300 + Math.random() * 700));
        if (stop) break;
        const i = Math.floor(Math.random() * workers.length);
        workers[i].proc.kill('SIGKILL');
        await workers[i].exited;
        kills++;
        // Not waited for: the next kill may find it still starting, which is a random point too.
        workers[i] = startWorker(db);
      }
    })();
    try {
      // Kill until a tenth of the work is left (or 12 kills), then let the survivors finish.
      await until(async () => (await open()) < KEYED_TASKS / 10 || kills >= 12, 90_000, 'a few kills');
    } finally {
      stop = true;
      await chaos;
    }
    await until(async () => (await open()) === 0, 90_000, 'every task to complete after the kills', 200);

    expect(kills).toBeGreaterThan(0);
    expect(await count(db, "SELECT count(*)::int AS n FROM steps WHERE state = 'complete'")).toBe(KEYED_TASKS);
    // Some steps were running in a killed worker and ran again: the reaper gave them back under their key.
    const rerun = await count(db, 'SELECT count(*)::int AS n FROM steps WHERE attempts > 1');
    // Every key was filled to its limit at some point (the limit bound), replayed from the log in id order.
    const { rows: peaks } = await db.db.query<{ k: string; peak: number }>(
      `SELECT k, max(running)::int AS peak FROM (
         SELECT s.concurrency_key AS k,
                sum(CASE WHEN t.to_state = 'running' THEN 1 ELSE 0 END - CASE WHEN t.from_state = 'running' THEN 1 ELSE 0 END) OVER (PARTITION BY s.concurrency_key ORDER BY t.id) AS running
         FROM transitions t JOIN steps s ON s.task_id = t.task_id AND s.name = t.step_name
         WHERE t.kind = 'transition' AND (t.to_state = 'running' OR t.from_state = 'running')) r
       GROUP BY k ORDER BY k`,
    );
    expect(peaks).toHaveLength(KEYS);
    expect(peaks.filter((p) => p.peak !== 2)).toEqual([]);
    expect(await checkInvariants(db.db, { reaperSlackMs: 5000, acknowledged: ids })).toEqual({});
    if (process.env.FLOW_DEBUG) console.log(JSON.stringify({ kills, rerun }));
  }, 150_000);

  it(`a fresh key's single step starts within a claim round or so while one key has ${BACKLOG} ready steps`, async () => {
    const { engine, db } = await setUp(keyed('big', BIG_LIMIT, 20, 50), keyed('fresh', BIG_LIMIT, 0, 0));
    const workers = await startWorkers(db);
    const ids = await submitAll(
      engine,
      Array.from({ length: BACKLOG }, () => ({ namespace: 'flow', name: 'big', context: { key: 'big' } })),
    );
    // The backlog is being served: several rounds of the big key have started.
    const bigStarts = () => count(db, "SELECT count(*)::int AS n FROM transitions WHERE step_name = 'work' AND to_state = 'running'");
    await until(async () => (await bigStarts()) >= 5 * BIG_LIMIT, 30_000, 'the backlog to be under way');
    const fresh = await engine.submit({ namespace: 'flow', name: 'fresh', context: { key: 'fresh' } });
    await until(async () => (await engine.getTask(fresh.id)).steps[0].state !== 'ready', 30_000, "the fresh key's step to start");

    // From the log: the big key's starts between the fresh task's submission and its step's start.
    const [{ submitted, started }] = (
      await db.db.query<{ submitted: number; started: number }>(
        `SELECT min(id) FILTER (WHERE step_name IS NULL AND to_state = 'pending')::float8 AS submitted,
                min(id) FILTER (WHERE step_name = 'work' AND to_state = 'running')::float8 AS started
         FROM transitions WHERE task_id = $1`,
        [fresh.id],
      )
    ).rows;
    const between = await count(
      db,
      `SELECT count(*)::int AS n FROM transitions t JOIN tasks k ON k.id = t.task_id
       WHERE k.name = 'big' AND t.to_state = 'running' AND t.step_name = 'work' AND t.id > $1 AND t.id < $2`,
      [submitted, started],
    );
    // One claim round is every worker claiming once: at most the key's limit each. Three rounds' worth, at most.
    expect(between).toBeLessThanOrEqual(3 * BIG_LIMIT * WORKERS);
    // And most of the backlog is still ready: the fresh step did not wait for it.
    expect(await count(db, "SELECT count(*)::int AS n FROM steps s JOIN tasks k ON k.id = s.task_id WHERE k.name = 'big' AND s.state = 'ready'")).toBeGreaterThan(BACKLOG / 2);
    // Stopped where they are (a backlog left ready, some steps running): the log still replays within the limits.
    for (const w of workers) w.proc.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    expect(await checkInvariants(db.db, { reaperSlackMs: 5000, acknowledged: [...ids, fresh.id] })).toEqual({});
    if (process.env.FLOW_DEBUG) console.log(JSON.stringify({ between, bigStartedBefore: await bigStarts() }));
  }, 120_000);

  it('5 starts a second on 3 workers over 500 ready steps: at most 5 in any 1 s window of the log, and 50 ± 5 in the first 10 s', async () => {
    const { engine, db } = await setUp(LIMITED);
    const workers = await startWorkers(db);
    const ids = await submitAll(
      engine,
      Array.from({ length: 500 }, (_, i) => ({ namespace: 'flow', name: 'limited', context: { i } })),
    );
    const startsAt = async () =>
      (
        await db.db.query<{ ms: number }>("SELECT extract(epoch FROM at)::float8 * 1000 AS ms FROM transitions WHERE step_name = 'call' AND to_state = 'running' ORDER BY at")
      ).rows.map((r) => r.ms);
    await until(async () => (await startsAt()).length > 0, 10_000, 'the first start');
    const first = (await startsAt())[0];
    // Ten seconds of the database clock from the first start, and a little more.
    await until(async () => (await count(db, 'SELECT (extract(epoch FROM clock_timestamp()) * 1000 > $1::float8 + 10500)::int AS n', [first])) === 1, 20_000, '10 s to pass');
    for (const w of workers) w.proc.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));

    const starts = await startsAt();
    const crowded: { at: number; n: number }[] = [];
    for (let i = 0; i < starts.length; i++) {
      const n = starts.filter((t) => t >= starts[i] && t < starts[i] + 1000).length;
      if (n > 5) crowded.push({ at: starts[i] - first, n });
    }
    expect(crowded).toEqual([]);
    const inTen = starts.filter((t) => t < first + 10_000).length;
    expect(inTen).toBeGreaterThanOrEqual(45);
    expect(inTen).toBeLessThanOrEqual(55);
    // The shortest span of 6 consecutive starts (over 1 s: the 6th is outside the window of the 1st).
    const span6 = Math.min(...starts.slice(5).map((t, i) => t - starts[i]));

    // The rest are cancelled: every task ends in exactly one terminal state.
    const left = (await db.db.query<{ id: string }>("SELECT id FROM tasks WHERE status <> 'complete'")).rows.map((r) => r.id);
    for (let i = 0; i < left.length; i += 25) await Promise.all(left.slice(i, i + 25).map((id) => engine.cancel(id)));
    expect(await count(db, "SELECT count(*)::int AS n FROM tasks WHERE status NOT IN ('complete', 'cancelled')")).toBe(0);
    expect(await checkInvariants(db.db, { reaperSlackMs: 5000, acknowledged: ids })).toEqual({});
    if (process.env.FLOW_DEBUG) console.log(JSON.stringify({ total: starts.length, inTen, span6, cancelled: left.length }));
  }, 120_000);
});
