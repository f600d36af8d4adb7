import { describe, expect, it } from 'vitest';
import { runBatonBench, type BenchSizes, type ScaleBenchSizes } from '../../src/bench/index.js';

describe('the scaling workloads', () => {
  const tiny: BenchSizes & ScaleBenchSizes = {
    flat: 1,
    chain: 1,
    latencySamples: 1,
    latencyWarmup: 1,
    dagDiamond: 1,
    dagMixed: 1,
    history: 1,
    memory: 1,
    claimBacklog: 300,
    claimRun: 40,
    isolationBacklog: 200,
    isolationRun: 30,
    handlers: 20,
    stepsPerHandler: 3,
    handlerSamples: 3,
    fanoutItems: 50,
  };

  it('drains one-step tasks alone and at the head of a cloned backlog, and leaves a backlog no worker may run untouched, on the embedded database', async () => {
    const [claims, isolation, labels] = await runBatonBench({ workloads: ['claims-backlog', 'isolation', 'isolation-labels'], sizes: tiny });
    expect(claims).not.toHaveProperty('error');
    // The whole backlog was queued when the second worker started.
    expect(claims).toMatchObject({ workload: 'claims-backlog', backend: 'pglite', run: 40, backlog: 300, queued: 300, not_complete: 0 });
    expect(isolation).not.toHaveProperty('error');
    expect(isolation).toMatchObject({ workload: 'isolation', run: 30, backlog: 200, backlog_still_queued: 200, not_complete: 0 });
    expect(labels).not.toHaveProperty('error');
    expect(labels).toMatchObject({ workload: 'isolation-labels', run: 30, backlog: 200, backlog_still_queued: 200, not_complete: 0 });
    for (const line of [claims, isolation, labels]) {
      for (const key of ['alone_jobs_per_s', 'backlog_jobs_per_s', 'ratio']) expect(line[key], `${line.workload} ${key}`).toBeGreaterThan(0);
    }
  }, 180_000);

  it('times pickup beside other handlers’ steps, and a fan-out to its join, on the embedded database', async () => {
    const [handlers, fanout] = await runBatonBench({ workloads: ['handlers-1000', 'fanout'], sizes: tiny });
    expect(handlers).not.toHaveProperty('error');
    expect(handlers).toMatchObject({ workload: 'handlers-1000', handlers: 20, other_ready_steps: 19 * 3, samples: 3 });
    for (const key of ['alone_p50_ms', 'crowded_p50_ms', 'ratio_p50']) expect(handlers[key], key).toBeGreaterThan(0);
    expect(fanout).not.toHaveProperty('error');
    // The fan-out step, one instance per item, the join: every one ran once, and the task completed.
    expect(fanout).toMatchObject({ workload: 'fanout', items: 50, steps: 52, handler_starts: 52, status: 'complete' });
    expect(fanout.steps_per_s).toBeGreaterThan(0);
  }, 180_000);
});
