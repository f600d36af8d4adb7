import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { defineHandler } from '../../src/worker/types.js';
import { backends } from '../support/db.js';
import { startHarness, waitForTask, type Harness } from '../support/harness.js';
import { checkInvariants, runningOverKeyLimits } from '../support/invariants.js';

const KEYED = `
namespace: k
name: keyed
version: "1"
defaults:
  concurrency: { key: "customer:\${context.customer}", limit: 2 }
steps:
  - name: call
    handler: k.slow
`;

describe.each(backends)('concurrency keys on %s', (backend) => {
  let h: Harness;
  const running = new Map<string, number>();
  const peak = new Map<string, number>();
  const started: string[] = [];
  afterEach(async () => {
    if (!h) return;
    expect(await checkInvariants(h.testDb.db, { reaperSlackMs: 5000 })).toEqual({});
    await h.close();
  });

  const start = async (delayMs: number) => {
    running.clear();
    peak.clear();
    started.length = 0;
    h = await startHarness(backend, {
      handlers: [
        defineHandler('k.slow', async (ctx) => {
          const key = JSON.stringify(ctx.task.context.customer);
          started.push(key);
          running.set(key, (running.get(key) ?? 0) + 1);
          peak.set(key, Math.max(peak.get(key) ?? 0, running.get(key)!));
          await sleep(delayMs);
          running.set(key, running.get(key)! - 1);
          return { key };
        }),
      ],
      config: (c) => {
        c.worker.concurrency = 12;
        c.orchestrator.pollIntervalMs = 50;
      },
    });
    await h.engine.registerTemplate(KEYED);
  };

  it('never runs more than the limit per key, across a backlog of keys, and finishes everything', async () => {
    await start(30);
    const requests = Array.from({ length: 60 }, (_, i) => ({ namespace: 'k', name: 'keyed', context: { customer: `c${i % 3}` } }));
    const ids = (await h.engine.submitMany(requests)).map((t) => t.id);
    for (const id of ids) {
      const t = await waitForTask(h.engine, id);
      expect(t.status, JSON.stringify(t.steps[0])).toBe('complete');
    }
    expect(Math.max(...peak.values())).toBeLessThanOrEqual(2);
    // The worker had room for 12: with 3 keys at 2 each, 6 ran at once at most, and the keys did fill up.
    expect([...peak.values()].filter((n) => n === 2).length).toBeGreaterThanOrEqual(1);
    expect(await runningOverKeyLimits(h.testDb.db)).toEqual([]);
  });

  it("serves keys in turn: one key's backlog does not hold back another key's single step", async () => {
    await start(20);
    const backlog = await h.engine.submitMany(Array.from({ length: 80 }, () => ({ namespace: 'k', name: 'keyed', context: { customer: 'big' } })));
    await sleep(100);
    const single = await h.engine.submit({ namespace: 'k', name: 'keyed', context: { customer: 'small' } });
    const done = await waitForTask(h.engine, single.id);
    expect(done.status).toBe('complete');
    // It started within a claim round or two of being submitted: long before the big key's backlog drained.
    expect(started.indexOf('"small"')).toBeLessThan(20);
    // While the big key's last step waits, it says why. Between a completion and the claim that refills the key there
    // can be a moment with room (and no reason): look again until the key is full, or the step has left `ready`.
    for (let look = 0; look < 100; look++) {
      const [step] = (await h.engine.getTask(backlog[79].id)).steps;
      if (step.state !== 'ready') break;
      if (step.waiting_reason !== undefined) {
        expect(step.waiting_reason).toMatch(/concurrency key "customer:big" is at its limit \(2 of 2 running\)/);
        break;
      }
      await sleep(10);
    }
    for (const t of backlog) await waitForTask(h.engine, t.id);
  });

  it('refuses bad keys and limits at registration, and a context without the key at submission', async () => {
    await start(1);
    const bad = (concurrency: string) => `
namespace: k
name: bad
version: "1"
steps:
  - name: a
    handler: k.slow
    concurrency: ${concurrency}
`;
    await expect(h.engine.registerTemplate(bad('{ key: x, limit: 0 }'))).rejects.toMatchObject({ code: 'invalid_template', message: expect.stringContaining('concurrency.limit') });
    await expect(h.engine.registerTemplate(bad('{ key: "${steps.z.id}", limit: 1 }'))).rejects.toMatchObject({
      code: 'invalid_template',
      message: expect.stringContaining('may reference the context only'),
    });
    await expect(h.engine.submit({ namespace: 'k', name: 'keyed', context: {} })).rejects.toMatchObject({
      code: 'invalid_context',
      message: expect.stringContaining('concurrency key'),
    });
  });
});
