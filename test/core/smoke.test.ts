import { afterEach, describe, expect, it } from 'vitest';
import { defineHandler } from '../../src/worker/types.js';
import { backends } from '../support/db.js';
import { startHarness, waitForTask, type Harness } from '../support/harness.js';

describe.each(backends)('smoke on %s', (backend) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('runs a linear workflow', async () => {
    h = await startHarness(backend, {
      handlers: [defineHandler('t.add', (ctx) => ({ n: (ctx.params as { n: number }).n + 1 }))],
    });
    await h.engine.registerTemplate(`
namespace: t
name: linear
version: "1"
steps:
  - name: a
    handler: t.add
    params: { n: "\${context.start}" }
  - name: b
    handler: t.add
    depends_on: [a]
    params: { n: "\${steps.a.n}" }
`);
    const { id } = await h.engine.submit({ namespace: 't', name: 'linear', context: { start: 1 } });
    const task = await waitForTask(h.engine, id);
    expect(task.status).toBe('complete');
    expect(task.steps.map((s) => [s.name, s.state, s.output])).toEqual([
      ['a', 'complete', { n: 2 }],
      ['b', 'complete', { n: 3 }],
    ]);
  });
});
