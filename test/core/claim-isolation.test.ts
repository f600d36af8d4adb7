/**
 * The claim reads per-handler, per-label-set ranges of the ready index
 * (issue #18): it still takes steps in priority order across a worker's
 * handlers and label sets, takes only steps whose labels the worker has, and
 * concurrent claimers never take a step twice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { matchingLabelSets } from '../../src/domain/placement.js';
import { backends } from '../support/db.js';
import { startHarness, type Harness } from '../support/harness.js';

const template = (name: string, handler: string, labels?: Record<string, string>) => ({
  namespace: 'iso',
  name,
  version: '1',
  steps: [{ name: 's', handler, ...(labels ? { labels } : {}) }],
});

const request = (handlers: string[], labels: Record<string, string> = {}, limit = 10) => ({ workerId: 'w1', handlers, labels, limit, leaseMs: 30_000 });

describe('matchingLabelSets', () => {
  it('lists every subset of a few labels, the empty set first, and gives up past the limit', () => {
    expect(matchingLabelSets({})).toEqual([{}]);
    expect(matchingLabelSets({ gpu: 'h100', region: 'eu' })).toEqual([{}, { gpu: 'h100' }, { region: 'eu' }, { gpu: 'h100', region: 'eu' }]);
    expect(matchingLabelSets({ a: '1', b: '2', c: '3', d: '4' })).toHaveLength(16);
    expect(matchingLabelSets({ a: '1', b: '2', c: '3', d: '4', e: '5' })).toBeNull();
  });
});

describe.each(backends)('claim isolation on %s', (backend) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function start(): Promise<Engine> {
    h = await startHarness(backend, { sweeper: false });
    for (const [name, handler, labels] of [
      ['a', 'iso.a', undefined],
      ['b', 'iso.b', undefined],
      ['other', 'iso.other', undefined],
      ['gpu', 'iso.a', { gpu: 'h100' }],
      ['gpu_eu', 'iso.a', { gpu: 'h100', region: 'eu' }],
      ['tpu', 'iso.a', { gpu: 'tpu' }],
    ] as const) {
      await h.engine.registerTemplate(template(name, handler, labels));
    }
    return h.engine;
  }

  const submit = async (engine: Engine, name: string, priority = 0, count = 1) =>
    (await engine.submitMany(Array.from({ length: count }, () => ({ namespace: 'iso', name, priority })))).map((t) => t.id);

  it("takes steps in priority order across the worker's handlers, and none of another handler", async () => {
    const engine = await start();
    const lowA = await submit(engine, 'a', 1);
    const highB = await submit(engine, 'b', 9);
    const midA = await submit(engine, 'a', 5);
    await submit(engine, 'other', 100, 5);
    const oldB = await submit(engine, 'b', 0);

    const first = await engine.claim(request(['iso.a', 'iso.b'], {}, 2));
    expect(first.map((e) => e.task.id)).toEqual([...highB, ...midA]);
    const rest = await engine.claim(request(['iso.a', 'iso.b'], {}, 10));
    expect(rest.map((e) => e.task.id)).toEqual([...lowA, ...oldB]);
    expect(await engine.claim(request(['iso.a', 'iso.b']))).toEqual([]);
  });

  it('with many handlers, finds the ranges that have ready steps and keeps priority order across them', async () => {
    const engine = await start();
    const a = await submit(engine, 'a', 2);
    const b = await submit(engine, 'b', 7);
    await submit(engine, 'other', 9);
    const gpu = await submit(engine, 'gpu', 4);
    // 20 handlers, 2 label sets: more ranges than the claim lists, so it scans for the ready ones.
    const handlers = [...Array.from({ length: 18 }, (_, i) => `iso.none${i}`), 'iso.a', 'iso.b'];
    expect((await engine.claim(request(handlers, { gpu: 'h100' }))).map((e) => e.task.id)).toEqual([...b, ...gpu, ...a]);
    expect(await engine.claim(request(handlers, { gpu: 'h100' }))).toEqual([]);
  });

  it('takes only steps whose labels the worker has, in priority order across label sets', async () => {
    const engine = await start();
    const plain = await submit(engine, 'a', 1);
    const gpu = await submit(engine, 'gpu', 3);
    const gpuEu = await submit(engine, 'gpu_eu', 2);
    const tpu = await submit(engine, 'tpu', 9);

    // No labels: only the unlabelled step.
    expect((await engine.claim(request(['iso.a']))).map((e) => e.task.id)).toEqual(plain);
    // gpu=h100 without a region: the gpu step, then an unlabelled one (priority order across label sets), not the eu step, not the tpu one.
    const plain2 = await submit(engine, 'a', 1);
    expect((await engine.claim(request(['iso.a'], { gpu: 'h100' }))).map((e) => e.task.id)).toEqual([...gpu, ...plain2]);
    // Five labels (more than are listed as subsets): the ready label sets are read from the index instead.
    const many = { gpu: 'h100', region: 'eu', zone: 'b', arch: 'x86', disk: 'ssd' };
    expect(matchingLabelSets(many)).toBeNull();
    expect((await engine.claim(request(['iso.a'], many))).map((e) => e.task.id)).toEqual(gpuEu);
    expect(await engine.claim(request(['iso.a'], many))).toEqual([]);
    expect((await engine.claim(request(['iso.a'], { gpu: 'tpu' }))).map((e) => e.task.id)).toEqual(tpu);
  });

  it('hands keyed steps over in the completion transaction, within the key limit', async () => {
    const engine = await start();
    await engine.registerTemplate({
      namespace: 'iso',
      name: 'keyed',
      version: '1',
      defaults: { concurrency: { key: 'c:${context.c}', limit: 1 } },
      steps: [{ name: 's', handler: 'iso.k' }],
    });
    const ids = (await engine.submitMany([0, 1, 2].map(() => ({ namespace: 'iso', name: 'keyed', context: { c: 'x' } })))).map((t) => t.id);
    const [first, ...none] = await engine.claim(request(['iso.k']));
    expect(first.task.id).toBe(ids[0]);
    expect(none).toEqual([]);
    // Completing the key's running step frees its room: the same commit hands the next one over, and no more.
    const { results, executions } = await engine.completeAndClaim([{ executionId: first.execution_id, leaseId: first.lease_id, output: null }], request(['iso.k']));
    expect(results).toEqual(['ok']);
    expect(executions.map((e) => e.task.id)).toEqual([ids[1]]);
  });

  it('wakes an idle worker for the steps it can run, never for steps under labels it lacks', async () => {
    const engine = await start();
    const later = new Date(Date.now() + 60_000);
    await engine.submitMany([{ namespace: 'iso', name: 'a', run_at: later }]);
    // Visible now, but under labels only a TPU worker has: the old wake-up time (now) made a plain worker poll every 5 ms.
    await submit(engine, 'tpu', 0, 3);
    const plain = await engine.nextVisibleAt(['iso.a'], {});
    expect(plain?.getTime()).toBeGreaterThan(Date.now() + 30_000);
    expect(Math.abs(plain!.getTime() - later.getTime())).toBeLessThan(1_000);
    const tpu = await engine.nextVisibleAt(['iso.a'], { gpu: 'tpu' });
    expect(tpu!.getTime()).toBeLessThanOrEqual(Date.now());
    // Past 16 ranges the labels are a filter rather than ranges: the same answers.
    const many = Array.from({ length: 20 }, (_, i) => `iso.h${i}`);
    expect((await engine.nextVisibleAt([...many, 'iso.a'], {}))?.getTime()).toBe(plain!.getTime());
    expect((await engine.nextVisibleAt([...many, 'iso.a'], { gpu: 'tpu' }))!.getTime()).toBe(tpu!.getTime());
    expect(await engine.nextVisibleAt(['iso.b'], {})).toBeNull();
  });

  it('hands each step to one of many concurrent claimers, all of them taken', async () => {
    const engine = await start();
    const ids = [...(await submit(engine, 'a', 0, 60)), ...(await submit(engine, 'b', 1, 60)), ...(await submit(engine, 'gpu', 2, 30))];
    const claimed: string[] = [];
    const claimer = async (n: number) => {
      const req = { ...request(['iso.a', 'iso.b'], n % 2 === 0 ? { gpu: 'h100' } : {}, 7), workerId: `w${n}` };
      for (let empty = 0; empty < 3;) {
        const got = await engine.claim(req);
        claimed.push(...got.map((e) => e.task.id));
        empty = got.length === 0 ? empty + 1 : 0;
      }
    };
    await Promise.all([0, 1, 2, 3, 4, 5].map(claimer));
    expect(claimed).toHaveLength(ids.length);
    expect(new Set(claimed)).toEqual(new Set(ids));
    const { rows } = await h.testDb.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM transitions WHERE from_state = 'ready' AND to_state = 'running'`);
    expect(rows[0].n).toBe(ids.length);
  });
});
