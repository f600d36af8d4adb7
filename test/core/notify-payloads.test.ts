import { afterEach, describe, expect, it } from 'vitest';
import { channelName } from '../../src/store/db.js';
import { defineHandler } from '../../src/worker/types.js';
import { backends } from '../support/db.js';
import { startHarness, waitForTask, type Harness } from '../support/harness.js';

/**
 * NOTIFY carries ids only (LESSONS: a whole row sent through pg_notify failed
 * at its 8,000-byte limit). Whatever the size of contexts, outputs, progress,
 * checkpoints and errors, every notification on Baton's channels is empty or
 * one uuid.
 */

type Topic = Parameters<typeof channelName>[1];
const TOPICS = ['ready', 'cancel', 'events'] as const satisfies readonly Topic[];
// Fails to compile when a channel is added to channelName and not listened to here.
const everyTopic: Record<Topic, true> = { ready: true, cancel: true, events: true };
void everyTopic;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const big = (bytes: number, tag: string) => `${tag}:`.padEnd(bytes, 'x');

const TEMPLATE = `
namespace: n
name: bulky
version: "1"
steps:
  - { name: split, handler: n.split, kind: fan_out, params: { seed: "\${context.seed}" }, fan_out: { each: part, batch_size: 2 } }
  - { name: part, handler: n.part, depends_on: [split] }
  - { name: flaky, handler: n.flaky, retry: { max_attempts: 2, backoff: fixed, base_ms: 10 } }
  - { name: join, handler: n.join, depends_on: [part, flaky] }
`;
const SLOW = `
namespace: n
name: slow
version: "1"
steps:
  - { name: wait, handler: n.wait }
`;

describe.each(backends)('NOTIFY payloads on %s', (backend) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('are empty or a task id, never over 100 bytes, however large what a run stores', async () => {
    const handlers = [
      defineHandler('n.split', async (ctx) => {
        // Just under the progress limit (64 KiB).
        await ctx.progress({ blob: big(60_000, 'progress') });
        return { items: Array.from({ length: 6 }, (_, i) => ({ i, blob: big(20_000, `item${i}`) })) };
      }),
      defineHandler('n.part', async (ctx) => {
        await ctx.checkpoint({ blob: big(50_000, 'checkpoint') });
        return { blob: big(100_000, 'part-output') };
      }),
      defineHandler('n.flaky', (ctx) => {
        if (ctx.step.attempt === 1) throw new Error(big(5_000, 'error-message'));
        return { blob: big(200_000, 'flaky-output') };
      }),
      defineHandler('n.join', (ctx) => ({ parts: Object.keys(ctx.results).length, blob: big(300_000, 'join-output') })),
      defineHandler('n.wait', async (ctx) => {
        await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
        return null;
      }),
    ];
    h = await startHarness(backend, { handlers, config: (c) => (c.worker.concurrency = 8) });
    const db = h.engine.db;
    const heard: { topic: Topic; payload: string }[] = [];
    const unlisten = await Promise.all(TOPICS.map((topic) => db.listen(channelName(db.schema, topic), (payload) => heard.push({ topic, payload: payload ?? '' }))));
    try {
      await h.engine.registerTemplate(TEMPLATE);
      await h.engine.registerTemplate(SLOW);
      const context = { seed: big(400_000, 'context'), nested: { list: Array.from({ length: 50 }, (_, i) => big(2_000, `ctx${i}`)) } };
      const ids = [];
      for (let i = 0; i < 3; i++) ids.push((await h.engine.submit({ namespace: 'n', name: 'bulky', context, idempotency_key: `bulky-${i}` })).id);
      const batch = await h.engine.submitMany(Array.from({ length: 3 }, () => ({ namespace: 'n', name: 'bulky', context })));
      ids.push(...batch.map((r) => r.id));
      for (const id of ids) {
        const task = await waitForTask(h.engine, id, { timeoutMs: 30_000 });
        expect(task.status, JSON.stringify(task.steps.map((s) => [s.name, s.state, s.error]))).toBe('complete');
      }

      // Cancellation notifies the task id, for workers to abort its running handlers.
      const slow = (await h.engine.submit({ namespace: 'n', name: 'slow', context })).id;
      await waitForTask(h.engine, slow, { until: (t) => t.steps[0].state === 'running' });
      await h.engine.cancel(slow);
      await waitForTask(h.engine, slow);
      const later = (await h.engine.submit({ namespace: 'n', name: 'slow', context, run_at: new Date(Date.now() + 3_600_000) })).id;
      await h.engine.cancel(later);

      // Notifications are delivered after commit: let the last ones arrive.
      await new Promise((r) => setTimeout(r, 300));
      const topics = new Set(heard.map((n) => n.topic));
      expect([...topics].sort()).toEqual(['cancel', 'events', 'ready']);
      const oversized = heard.filter((n) => Buffer.byteLength(n.payload) > 100);
      expect(oversized.map((n) => `${n.topic}: ${n.payload.slice(0, 80)}`)).toEqual([]);
      const notIds = heard.filter((n) => n.payload !== '' && !UUID.test(n.payload));
      expect(notIds).toEqual([]);
      expect(heard.filter((n) => n.topic === 'cancel').map((n) => n.payload)).toEqual(expect.arrayContaining([slow, later]));
      for (const n of heard.filter((x) => x.topic === 'cancel')) expect([slow, later]).toContain(n.payload);
    } finally {
      for (const off of unlisten) await off();
    }
  });
});
