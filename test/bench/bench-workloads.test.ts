import { afterEach, describe, expect, it } from 'vitest';
import { batonTemplate, runBatonBench, type BenchSizes } from '../../src/bench/index.js';
import { seedFinishedTasks } from '../../src/store/history-seed.js';
import { defineHandler } from '../../src/worker/types.js';
import { backends } from '../support/db.js';
import { startHarness, waitForTask, type Harness } from '../support/harness.js';

describe.each(backends)('history seeding on %s', (backend) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('clones a finished task into finished tasks whose steps, edges and transitions stay their own', async () => {
    h = await startHarness(backend, { handlers: [defineHandler('bench.noop', () => null)] });
    await h.engine.registerTemplate(batonTemplate('chain3'));
    const { id } = await h.engine.submit({ namespace: 'bench', name: 'chain3' });
    await waitForTask(h.engine, id);
    const db = h.testDb.db;
    const protoTransitions = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM transitions WHERE task_id = $1', [id])).rows[0].n;

    const seeded = await seedFinishedTasks(db, id, 40, { chunk: 15 });

    expect(seeded).toMatchObject({ tasks: 41, steps: 123, transitions: 41 * protoTransitions });
    const { rows } = await db.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM tasks GROUP BY status');
    expect(rows).toEqual([{ status: 'complete', n: 41 }]);
    const crossed = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM step_edges e JOIN steps f ON f.id = e.from_step JOIN steps t ON t.id = e.to_step
       WHERE f.task_id <> e.task_id OR t.task_id <> e.task_id`,
    );
    expect(crossed.rows[0].n).toBe(0);
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM step_edges')).rows[0].n).toBe(41 * 2);
    // Clones lie in the past, and the step id sequence moved past them: new work still runs.
    const future = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM tasks WHERE id <> $1 AND created_at > now()', [id]);
    expect(future.rows[0].n).toBe(0);
    const next = await h.engine.submit({ namespace: 'bench', name: 'chain3' });
    expect((await waitForTask(h.engine, next.id)).status).toBe('complete');
  });
});

describe('runBatonBench', () => {
  const tiny: BenchSizes = { flat: 1, chain: 1, latencySamples: 1, latencyWarmup: 1, dagDiamond: 1, dagMixed: 1, history: 1, memory: 1 };

  it('prints one line per workload, every task complete, on the embedded database', async () => {
    const sizes: BenchSizes = { flat: 30, chain: 10, latencySamples: 3, latencyWarmup: 1, dagDiamond: 3, dagMixed: 3, history: 10, memory: 20 };
    const printed: string[] = [];
    const lines = await runBatonBench({ workloads: ['flat', 'dag', 'latency'], sizes, onLine: (l) => printed.push(l.workload) });
    expect(printed).toEqual(['flat', 'dag', 'latency']);
    for (const line of lines) {
      expect(line).not.toHaveProperty('error');
      expect(line.backend).toBe('pglite');
      expect(line.peak_rss_mb).toBeGreaterThan(0);
    }
    expect(lines.slice(0, 2).map((l) => [l.steps, l.not_complete])).toEqual([
      [30, 0],
      [3 * 4 + 3 * 7, 0],
    ]);
    expect(lines[2]).toMatchObject({ samples: 3 });
  }, 120_000);

  it('runs flat and chain with tracing off then on, and reports the ratios and the spans exported', async () => {
    // One round (the default is three); a plain variable, since `tracedRounds` is the traced workload's own size.
    const sizes = { ...tiny, flat: 20, chain: 5, tracedRounds: 1 };
    const [line] = await runBatonBench({ workloads: ['traced'], sizes });
    expect(line).not.toHaveProperty('error');
    expect(line).toMatchObject({ workload: 'traced', rounds: 1, flat_tasks: 20, chain_tasks: 5, not_complete: 0 });
    expect(line.flat_ratio).toBeGreaterThan(0);
    expect(line.chain_ratio).toBeGreaterThan(0);
    // At least a step span and a completion span per attempt: 20 + 5 * 3 attempts.
    expect(line.spans_exported).toBeGreaterThanOrEqual(2 * (20 + 15));
  }, 300_000);

  it('times the registration of large templates and lists every mistake of the broken one', async () => {
    const sizes: BenchSizes = {
      flat: 1,
      chain: 1,
      latencySamples: 1,
      latencyWarmup: 1,
      dagDiamond: 1,
      dagMixed: 1,
      history: 1,
      memory: 1,
      templateChain: 50,
      templateLarge: 1_000,
    };
    const [line] = await runBatonBench({ workloads: ['templates'], sizes });
    expect(line).not.toHaveProperty('error');
    expect(line).toMatchObject({ chain_steps: 50, large_steps: 1_000, broken_mistakes: 10, broken_issues: 10 });
    for (const key of ['chain_register_ms', 'chain_validate_ms', 'chain_submit_ms', 'large_register_ms', 'large_validate_ms', 'large_submit_ms', 'broken_validate_ms']) {
      expect(typeof line[key], key).toBe('number');
    }
  }, 120_000);

  it('times sleeps due together, claims beside sleeping tasks, and signals, on the embedded database', async () => {
    const sizes = { ...tiny, latencySamples: 3, latencyWarmup: 1, timers: 40, sleepers: 40, signals: 5, signalChains: 3 };
    const lines = await runBatonBench({ workloads: ['timers', 'sleep-claims', 'signals'], sizes });
    for (const line of lines) expect(line).not.toHaveProperty('error');
    const [timers, claims, signals] = lines;
    expect(timers).toMatchObject({ workload: 'timers', tasks: 40, started_late: 0, not_complete: 0 });
    expect(timers.slack_before_wake_ms).toBeGreaterThan(0);
    // Lags are on the database clock, from the common wake time: never before it.
    expect(timers.min_ms).toBeGreaterThanOrEqual(0);
    expect(timers.p99_ms).toBeGreaterThanOrEqual(timers.p50_ms as number);
    expect(claims).toMatchObject({ workload: 'sleep-claims', samples: 3, sleeping: 40, still_waiting: 40 });
    for (const key of ['idle_p50_ms', 'sleeping_p50_ms', 'ratio_p50', 'ratio_p99']) expect(claims[key], key).toBeGreaterThan(0);
    expect(signals).toMatchObject({ workload: 'signals', signals: 5, chains: 3, not_complete: 0 });
    for (const key of ['p50_ms', 'p99_ms', 'db_p50_ms', 'handler_start_p50_ms', 'task_complete_p50_ms', 'task_complete_p99_ms']) {
      expect(typeof signals[key], key).toBe('number');
    }
  }, 120_000);

  it('times the scheduler tick with nothing due and with every schedule due, on the embedded database', async () => {
    const [line] = await runBatonBench({ workloads: ['schedules'], sizes: { ...tiny, schedules: 30, idleTicks: 3 } });
    expect(line).toMatchObject({ workload: 'schedules', schedules: 30, idle_ticks: 3, due_fired: 30 });
    for (const key of ['idle_tick_p50_ms', 'idle_tick_p99_ms', 'due_tick_ms']) expect(line[key], key).toBeGreaterThan(0);
  }, 120_000);

  it('runs parents that fan out into child workflows, counting every step, on the embedded database', async () => {
    const [line] = await runBatonBench({ workloads: ['children'], sizes: { ...tiny, childParents: 4, childrenPerParent: 3 } });
    expect(line).not.toHaveProperty('error');
    // Per parent: the fan-out step, 3 workflow instances, the join; and one step per child.
    expect(line).toMatchObject({ workload: 'children', backend: 'pglite', parents: 4, children: 12, steps: 4 * 5 + 12, handler_steps: 16, tasks_complete: 16, not_complete: 0 });
    for (const key of ['seconds', 'steps_per_s', 'children_per_s']) expect(line[key], key).toBeGreaterThan(0);
  }, 120_000);

  it('drains keyed and plain tasks for the concurrency ratio, and times claims over rate-limited names, on the embedded database', async () => {
    const sizes = { ...tiny, concurrencyTasks: 40, concurrencyHandlerMs: 1, rateNames: 5, ratePerName: 4, rateClaimBatch: 3 };
    const [keyed, rate] = await runBatonBench({ workloads: ['concurrency', 'rate-claims'], sizes });
    expect(keyed).not.toHaveProperty('error');
    expect(keyed).toMatchObject({ workload: 'concurrency', backend: 'pglite', tasks: 40, keys: 20, key_limit: 2, not_complete: 0 });
    for (const key of ['plain_steps_per_s', 'keyed_steps_per_s', 'ratio']) expect(keyed[key], key).toBeGreaterThan(0);
    expect(rate).not.toHaveProperty('error');
    // Every ready step was claimed, plain and rate-limited alike.
    expect(rate).toMatchObject({ workload: 'rate-claims', names: 5, plain_steps: 20, limited_steps: 20 });
    for (const key of ['plain_claim_p50_ms', 'limited_claim_p50_ms', 'ratio_p50']) expect(rate[key], key).toBeGreaterThan(0);
  }, 120_000);
});
