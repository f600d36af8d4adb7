/**
 * A lost claim answer does not strand work for a whole lease (issue #12): a
 * claim carries the caller's claim id, and a retry with the same id gets back
 * what the first try took. The PostgreSQL cases lose the answer for real, with
 * a proxy that cuts the connection once the claim has committed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine.js';
import { Wakeup } from '../../src/core/wakeup.js';
import type { Db } from '../../src/store/db.js';
import { openPg } from '../../src/store/pg-adapter.js';
import { DirectTransport } from '../../src/worker/direct-transport.js';
import { defineHandler } from '../../src/worker/types.js';
import { Worker } from '../../src/worker/worker.js';
import { backends, createTestDb, PG_URL, type TestDb } from '../support/db.js';
import { startHarness, waitForTask, type Harness } from '../support/harness.js';
import { testLogger } from '../support/logger.js';
import { postgresCommitAnswer, startLossyProxy, type LossyProxy } from '../support/lossy-proxy.js';

const ONE_STEP = `{namespace: r, name: one, version: "1", steps: [{name: s, handler: r.cut, retry: {max_attempts: 3, backoff: none}}]}`;
const CLAIM_A = '6f1c3a52-9d4e-4b7a-8c21-0e5f7a9b3d14';
const CLAIM_B = '0b8e2d61-4f3a-4c9e-a7d2-5e1f9c8b7a60';

const request = (workerId: string, claimId?: string) => ({
  workerId,
  handlers: ['r.cut'],
  labels: {},
  limit: 5,
  leaseMs: 30_000,
  ...(claimId ? { claimId } : {}),
});

interface StepRow {
  id: number;
  state: string;
  attempts: number;
  lease_id: string;
  lease_expires_at: Date;
  claim_id: string | null;
}

async function stepRows(db: Db): Promise<StepRow[]> {
  return (await db.query<StepRow>('SELECT id, state, attempts, lease_id, lease_expires_at, claim_id FROM steps ORDER BY id')).rows;
}

/** ready -> running rows in the log, per step id. */
async function startsOf(db: Db, stepId: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM transitions t JOIN steps s ON s.task_id = t.task_id AND s.name = t.step_name
     WHERE s.id = $1 AND t.from_state = 'ready' AND t.to_state = 'running'`,
    [stepId],
  );
  return rows[0].n;
}

describe.each(backends)('claim ids on %s', (backend) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function start(tasks: number): Promise<Engine> {
    h = await startHarness(backend, { sweeper: false });
    await h.engine.registerTemplate(ONE_STEP);
    await h.engine.submitMany(Array.from({ length: tasks }, () => ({ namespace: 'r', name: 'one' })));
    return h.engine;
  }

  it('answers a retried claim with the executions its first try took, under the same leases, counting nothing twice', async () => {
    const engine = await start(3);
    const first = await engine.claim({ ...request('w1', CLAIM_A), limit: 2 });
    expect(first).toHaveLength(2);
    const [before] = await stepRows(engine.db);
    await new Promise((r) => setTimeout(r, 20));

    // The first answer is lost: the retry asks again, with the same id and even another max.
    const retried = await engine.claim({ ...request('w1', CLAIM_A), limit: 5 });
    expect(retried.map((e) => [e.execution_id, e.lease_id, e.attempt])).toEqual(first.map((e) => [e.execution_id, e.lease_id, 1]));
    expect(retried.map((e) => e.task.id)).toEqual(first.map((e) => e.task.id));

    const rows = await stepRows(engine.db);
    expect(rows.map((r) => [r.state, r.attempts, r.claim_id])).toEqual([
      ['running', 1, CLAIM_A],
      ['running', 1, CLAIM_A],
      ['ready', 0, null],
    ]);
    // Told of its leases only now, the worker gets their full length from now.
    expect(rows[0].lease_expires_at.getTime()).toBeGreaterThan(before.lease_expires_at.getTime());
    for (const e of first) expect(await startsOf(engine.db, Number(e.execution_id))).toBe(1);

    for (const e of retried) expect(await engine.complete(e.execution_id, e.lease_id, 'done')).toBe('ok');
    expect((await stepRows(engine.db)).map((r) => r.state)).toEqual(['complete', 'complete', 'ready']);
  });

  it('claims anew for another claim id, another worker, or steps that have moved on', async () => {
    const engine = await start(4);
    const [a] = await engine.claim({ ...request('w1', CLAIM_A), limit: 1 });
    // Same worker, another call: new work.
    const [b] = await engine.claim({ ...request('w1', CLAIM_B), limit: 1 });
    expect(b.execution_id).not.toBe(a.execution_id);
    // Another worker with the same id (never meant to happen): it is not handed w1's steps.
    const [c] = await engine.claim({ ...request('w2', CLAIM_A), limit: 1 });
    expect([a.execution_id, b.execution_id]).not.toContain(c.execution_id);
    // Completed, a claim's steps are not replayed: a late retry of it takes new work.
    expect(await engine.complete(a.execution_id, a.lease_id, 'done')).toBe('ok');
    const [d] = await engine.claim({ ...request('w1', CLAIM_A), limit: 1 });
    expect([a.execution_id, b.execution_id, c.execution_id]).not.toContain(d.execution_id);
    expect(d.attempt).toBe(1);
  });

  it("skips the look when the caller says the id is new, and a claim without an id clears the step's old one", async () => {
    const engine = await start(2);
    const [a] = await engine.claim({ ...request('w1', CLAIM_A), limit: 1 });
    const [b] = await engine.claim({ ...request('w1', CLAIM_A), limit: 1, replay: false });
    expect(b.execution_id).not.toBe(a.execution_id);

    // a fails and is retried by a claim without an id: its row no longer names CLAIM_A.
    expect(await engine.fail(a.execution_id, a.lease_id, { message: 'boom' })).toBe('ok');
    const [again] = await engine.claim(request('w1'));
    expect(again).toMatchObject({ execution_id: a.execution_id, attempt: 2 });
    expect((await stepRows(engine.db)).find((r) => r.id === Number(a.execution_id))?.claim_id).toBeNull();
    expect(await engine.replayClaim('w1', CLAIM_A, 30_000)).toEqual([expect.objectContaining({ execution_id: b.execution_id })]);
  });

  it('replays inside completeAndClaim: the retried completion is a duplicate, the claim the same', async () => {
    const engine = await start(3);
    const [first] = await engine.claim({ ...request('w1'), limit: 1 });
    const items = [{ executionId: first.execution_id, leaseId: first.lease_id, output: 'one' }];
    const answer = await engine.completeAndClaim(items, { ...request('w1', CLAIM_A), limit: 1 });
    expect(answer.results).toEqual(['ok']);
    // The commit's answer is lost; the reporter sends the same batch again, with the same claim id.
    const retried = await engine.completeAndClaim(items, { ...request('w1', CLAIM_A), limit: 1 });
    expect(retried.results).toEqual(['duplicate']);
    expect(retried.executions.map((e) => [e.execution_id, e.lease_id])).toEqual(answer.executions.map((e) => [e.execution_id, e.lease_id]));
    expect((await stepRows(engine.db)).map((r) => [r.state, r.attempts])).toEqual([
      ['complete', 1],
      ['running', 1],
      ['ready', 0],
    ]);
  });
});

describe.runIf(PG_URL)('claim answers lost after the commit, on PostgreSQL', () => {
  let testDb: TestDb | undefined;
  let proxy: LossyProxy | undefined;
  let db: Db | undefined;
  let worker: Worker | undefined;
  let transport: DirectTransport | undefined;
  let wakeup: Wakeup | undefined;

  afterEach(async () => {
    // A started worker closes its transport when it stops.
    await (worker ? worker.stop(0) : transport?.close());
    await wakeup?.close();
    await db?.close();
    await proxy?.close();
    await testDb?.close();
    worker = transport = wakeup = db = proxy = testDb = undefined;
  });

  /** An engine whose every connection goes through a proxy that can lose an answer. */
  async function open(leaseMs: number): Promise<Engine> {
    testDb = await createTestDb('pg');
    const target = new URL(PG_URL!);
    proxy = await startLossyProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const proxied = new URL(PG_URL!);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    db = openPg({ url: proxied.toString(), schema: testDb.schema, poolSize: 4 });
    const engine = new Engine(db, testLogger);
    await engine.registerTemplate(ONE_STEP);
    wakeup = await Wakeup.create(db, 'polling');
    transport = await DirectTransport.create({ engine, name: 'w', capacity: 4, handlers: ['r.cut'], labels: {}, leaseMs, mode: 'polling', pollIntervalMs: 100, wakeup });
    return engine;
  }

  /** The next statement naming the handler (a claim: the registration is done) has its committed answer lost. */
  const loseNextClaimAnswer = () => proxy!.loseNextAnswer({ request: (chunk) => chunk.includes('r.cut'), answer: postgresCommitAnswer });

  it('a worker whose first claim answer is lost runs the step at once under that claim, attempt 1', async () => {
    const leaseMs = 30_000;
    const engine = await open(leaseMs);
    const { id: taskId } = await engine.submit({ namespace: 'r', name: 'one' });
    const seen: { execution: string; attempt: number }[] = [];
    worker = new Worker({
      transport: transport!,
      handlers: [defineHandler('r.cut', (ctx) => (seen.push({ execution: ctx.step.execution_id, attempt: ctx.step.attempt }), 'done'))],
      logger: testLogger,
      heartbeatMs: 10_000,
      idleWaitMs: 200,
    });
    const lost = loseNextClaimAnswer();
    await worker.start();
    await lost;
    const lostAt = Date.now();
    // The claim committed: the step is running under a lease its worker never heard of.
    const [claimed] = await stepRows(testDb!.db);
    expect(claimed).toMatchObject({ state: 'running', attempts: 1 });
    expect(claimed.claim_id).not.toBeNull();

    const task = await waitForTask(engine, taskId, { timeoutMs: 10_000 });
    expect(task.status).toBe('complete');
    // The retry came after the worker's pause between failed claims, not after the lease.
    expect(Date.now() - lostAt).toBeLessThan(leaseMs / 5);
    expect(seen).toEqual([{ execution: String(claimed.id), attempt: 1 }]);
    const [done] = await stepRows(testDb!.db);
    expect(done).toMatchObject({ state: 'complete', attempts: 1, lease_id: claimed.lease_id });
    expect(await startsOf(testDb!.db, claimed.id)).toBe(1);
    const { rows } = await testDb!.db.query<{ n: number }>("SELECT count(*)::int AS n FROM transitions WHERE reason = 'lease expired'");
    expect(rows[0].n).toBe(0);
  });

  it('a direct claim cut after its commit is answered by the retry with the same executions', async () => {
    await open(30_000);
    const engine = new Engine(testDb!.db, testLogger);
    await engine.submitMany([
      { namespace: 'r', name: 'one' },
      { namespace: 'r', name: 'one' },
    ]);
    const lost = loseNextClaimAnswer();
    await expect(transport!.claim(5)).rejects.toThrow(/Connection terminated|connection/i);
    await lost;
    const committed = await stepRows(testDb!.db);
    expect(committed.map((r) => r.state)).toEqual(['running', 'running']);

    const retried = await transport!.claim(5);
    expect(retried.map((e) => [Number(e.execution_id), e.lease_id])).toEqual(committed.map((r) => [r.id, r.lease_id]));
    expect(retried.map((e) => e.attempt)).toEqual([1, 1]);
    for (const r of committed) expect(await startsOf(testDb!.db, r.id)).toBe(1);
    // The answer after that is a new claim again (nothing left to take).
    expect(await transport!.claim(5)).toEqual([]);
  });

  it('a completion batch whose commit answer is lost gets its claimed steps back on the retry', async () => {
    await open(30_000);
    const engine = new Engine(testDb!.db, testLogger);
    await engine.submitMany([
      { namespace: 'r', name: 'one' },
      { namespace: 'r', name: 'one' },
    ]);
    const [first] = await transport!.claim(1);
    const items = [{ executionId: first.execution_id, leaseId: first.lease_id, output: 'one' }];
    const lost = loseNextClaimAnswer();
    await expect(transport!.completeAndClaim(items, 1)).rejects.toThrow();
    await lost;
    const committed = await stepRows(testDb!.db);
    expect(committed.map((r) => [r.state, r.attempts])).toEqual([
      ['complete', 1],
      ['running', 1],
    ]);

    const retried = await transport!.completeAndClaim(items, 1);
    expect(retried.results).toEqual(['duplicate']);
    expect(retried.claimed.map((e) => [Number(e.execution_id), e.lease_id])).toEqual([[committed[1].id, committed[1].lease_id]]);
    expect(await startsOf(testDb!.db, committed[1].id)).toBe(1);
  });
});
