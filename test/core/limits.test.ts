import { afterEach, describe, expect, it } from 'vitest';
import { defineHandler } from '../../src/worker/types.js';
import { backends } from '../support/db.js';
import { startHarness, stepOf, waitForTask, type Harness } from '../support/harness.js';

describe.each(backends)('payload limits on %s', (backend) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('fails a step permanently when its output is over the limit, naming the limit', async () => {
    let calls = 0;
    h = await startHarness(backend, {
      config: (c) => {
        c.server.bodyLimitBytes = 1000;
      },
      handlers: [
        defineHandler('lim.big', () => {
          calls++;
          return 'x'.repeat(5000);
        }),
      ],
    });
    await h.engine.registerTemplate(`{namespace: lim, name: big, version: "1", steps: [{name: s, handler: lim.big, retry: {max_attempts: 3, backoff: none}}]}`);
    const { id } = await h.engine.submit({ namespace: 'lim', name: 'big' });
    const task = await waitForTask(h.engine, id);
    expect(task.status).toBe('error');
    expect(stepOf(task, 's')).toMatchObject({ state: 'error', attempts: 1, output: null, error: { code: 'output_too_large' } });
    expect(stepOf(task, 's').error!.message).toContain('over the limit of 1000 bytes');
    expect(calls).toBe(1);
  });

  it('refuses progress and checkpoint payloads over their limit, storing nothing', async () => {
    h = await startHarness(backend, { sweeper: false });
    await h.engine.registerTemplate(`{namespace: lim, name: p, version: "1", steps: [{name: s, handler: lim.p}]}`);
    const { id } = await h.engine.submit({ namespace: 'lim', name: 'p' });
    const [exec] = await h.engine.claim({ workerId: 'w', handlers: ['lim.p'], labels: {}, limit: 1, leaseMs: 10_000 });
    const huge = { blob: 'y'.repeat(70_000) };
    await expect(h.engine.progress(exec.execution_id, exec.lease_id, huge)).rejects.toMatchObject({ code: 'payload_too_large' });
    await expect(h.engine.checkpoint(exec.execution_id, exec.lease_id, huge)).rejects.toMatchObject({ code: 'payload_too_large' });
    expect((await h.engine.events(id)).filter((e) => e.type === 'progress')).toEqual([]);
    const { rows } = await h.engine.db.query<{ checkpoint: unknown }>('SELECT checkpoint FROM steps');
    expect(rows[0].checkpoint).toBeNull();
  });
});
