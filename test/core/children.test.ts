import { afterEach, describe, expect, it } from 'vitest';
import { defineHandler } from '../../src/worker/types.js';
import { backends } from '../support/db.js';
import { startHarness, waitForTask, type Harness } from '../support/harness.js';
import { checkInvariants } from '../support/invariants.js';
import { runTimersOnce } from '../../src/core/timekeeper.js';
import { findSettledChildWaits } from '../../src/store/waits.js';

const LEAF = `
namespace: c
name: leaf
version: "1"
input_schema: { type: object, required: [n], properties: { n: { type: number } } }
steps:
  - name: double
    handler: c.double
    params: { n: "\${context.n}" }
`;

const MIDDLE = `
namespace: c
name: middle
version: "1"
steps:
  - name: first
    handler: c.double
    params: { n: "\${context.n}" }
  - name: child
    kind: workflow
    depends_on: [first]
    workflow: { namespace: c, name: leaf, context: { n: "\${steps.first.n}" } }
`;

const TOP = `
namespace: c
name: top
version: "1"
steps:
  - name: nested
    kind: workflow
    workflow: { namespace: c, name: middle, context: { n: "\${context.n}" } }
  - name: after
    handler: c.double
    depends_on: [nested]
    params: { n: "\${steps.nested.steps.first.n}" }
`;

const FAN = `
namespace: c
name: fan
version: "1"
steps:
  - name: list
    handler: c.list
    kind: fan_out
    fan_out: { each: per_item }
  - name: per_item
    kind: workflow
    depends_on: [list]
    workflow: { namespace: c, name: leaf, context: { n: 1 } }
`;

const FLAKY_PARENT = `
namespace: c
name: flaky_parent
version: "1"
steps:
  - name: child
    kind: workflow
    retry: { max_attempts: 2, backoff: none }
    workflow: { namespace: c, name: flaky, context: {} }
`;

const FLAKY = `
namespace: c
name: flaky
version: "1"
steps:
  - name: once
    handler: c.flaky
    retry: { max_attempts: 1 }
`;

const WAITING_LEAF = `
namespace: c
name: waiting_leaf
version: "1"
steps:
  - name: hold
    kind: wait
    wait: { signal: go }
`;

const WAITING_MIDDLE = `
namespace: c
name: waiting_middle
version: "1"
steps:
  - name: child
    kind: workflow
    workflow: { namespace: c, name: waiting_leaf, context: {} }
`;

const WAITING_TOP = `
namespace: c
name: waiting_top
version: "1"
steps:
  - name: child
    kind: workflow
    workflow: { namespace: c, name: waiting_middle, context: {} }
`;

describe.each(backends)('child workflows on %s', (backend) => {
  let h: Harness;
  let flakyRuns = 0;
  afterEach(async () => {
    if (!h) return;
    expect(await checkInvariants(h.testDb.db, { reaperSlackMs: 5000 })).toEqual({});
    await h.close();
  });

  const start = async (depth = 10) => {
    flakyRuns = 0;
    h = await startHarness(backend, {
      handlers: [
        defineHandler('c.double', (ctx) => ({ n: 2 * (ctx.params as { n: number }).n })),
        defineHandler('c.list', () => ({ items: [1, 2, 3, 4, 5] })),
        defineHandler('c.flaky', () => {
          if (++flakyRuns === 1) throw Object.assign(new Error('first run fails'), { retryable: false });
          return { ok: true };
        }),
      ],
      config: (c) => {
        c.orchestrator.timerIntervalMs = 50;
        c.orchestrator.maxWorkflowDepth = depth;
      },
    });
    for (const t of [LEAF, MIDDLE, TOP, FAN, FLAKY, FLAKY_PARENT, WAITING_LEAF, WAITING_MIDDLE, WAITING_TOP]) await h.engine.registerTemplate(t);
  };

  it('a parent waits for its child and grandchild, and completes with their outputs; both are linked', async () => {
    await start();
    const { id } = await h.engine.submit({ namespace: 'c', name: 'top', context: { n: 3 } });
    const top = await waitForTask(h.engine, id);
    expect(top.status).toBe('complete');
    const nested = top.steps.find((s) => s.name === 'nested')!;
    const middleId = (nested.output as { task_id: string }).task_id;
    expect(nested.output).toEqual({ task_id: middleId, steps: { first: { n: 6 }, child: { task_id: expect.any(String), steps: { double: { n: 12 } } } } });
    expect(top.steps.find((s) => s.name === 'after')!.output).toEqual({ n: 12 });
    expect(top.children).toEqual([expect.objectContaining({ id: middleId, step: 'nested', namespace: 'c', name: 'middle', status: 'complete' })]);
    const middle = await h.engine.getTask(middleId);
    expect([middle.parent_task_id, middle.parent_step]).toEqual([id, 'nested']);
    expect((await h.engine.listTasks({ parent: id, limit: 10 })).tasks.map((t) => t.id)).toEqual([middleId]);
  });

  it('fans out one child per item', async () => {
    await start();
    const { id } = await h.engine.submit({ namespace: 'c', name: 'fan', context: {} });
    const task = await waitForTask(h.engine, id);
    expect(task.status).toBe('complete');
    expect(task.children).toHaveLength(5);
    expect(task.children!.every((c) => c.status === 'complete')).toBe(true);
  });

  it('a failed child fails the step, and its retry policy starts a new child', async () => {
    await start();
    const { id } = await h.engine.submit({ namespace: 'c', name: 'flaky_parent', context: {} });
    const task = await waitForTask(h.engine, id);
    expect(task.status).toBe('complete');
    expect(task.children!.map((c) => c.status)).toEqual(['error', 'complete']);
    const log = await h.engine.events(id);
    expect(log.filter((e) => e.step === 'child').map((e) => `${e.from}->${e.to}`)).toEqual([
      'ready->waiting',
      'waiting->failed',
      'failed->ready',
      'ready->waiting',
      'waiting->complete',
    ]);
  });

  it('cancelling a parent cancels its children down the tree', async () => {
    await start();
    const { id } = await h.engine.submit({ namespace: 'c', name: 'waiting_top', context: {} });
    const leafWaiting = async () =>
      (await h.testDb.db.query(`SELECT count(*)::int AS n FROM ${h.testDb.db.schema}.steps WHERE name = 'hold' AND state = 'waiting'`)).rows[0] as { n: number };
    for (let i = 0; i < 200 && (await leafWaiting()).n === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect((await leafWaiting()).n).toBe(1);
    await h.engine.cancel(id);
    const { rows } = await h.testDb.db.query<{ name: string; status: string }>(`SELECT name, status FROM ${h.testDb.db.schema}.tasks ORDER BY depth`);
    expect(rows).toEqual([
      { name: 'waiting_top', status: 'cancelled' },
      { name: 'waiting_middle', status: 'cancelled' },
      { name: 'waiting_leaf', status: 'cancelled' },
    ]);
  });

  it('caps the depth: a child deeper than the cap fails its step with depth_exceeded', async () => {
    await start(1);
    const { id } = await h.engine.submit({ namespace: 'c', name: 'top', context: { n: 1 } });
    const task = await waitForTask(h.engine, id);
    expect(task.status).toBe('error');
    const middle = await h.engine.getTask(task.children![0].id);
    expect(middle.steps.find((s) => s.name === 'child')!.error).toMatchObject({ code: 'depth_exceeded' });
  });

  it('refuses a template that starts itself, directly or through its children, and one whose child is not registered', async () => {
    await start();
    const self = `
namespace: c
name: loop
version: "1"
steps:
  - name: again
    kind: workflow
    workflow: { namespace: c, name: loop, context: {} }
`;
    await expect(h.engine.registerTemplate(self)).rejects.toMatchObject({ code: 'invalid_template', message: expect.stringContaining('may not start itself') });
    await expect(h.engine.registerTemplate(self.replace('name: loop, context', 'name: ghost, context'))).rejects.toMatchObject({
      code: 'invalid_template',
      message: expect.stringContaining('c/ghost, which is not registered'),
    });
    // leaf v2 would start top, which starts middle, which starts leaf: a cycle through stored templates.
    const cyclic = LEAF.replace('version: "1"', 'version: "2"').replace(
      /steps:[\s\S]*/,
      'steps:\n  - name: up\n    kind: workflow\n    workflow: { namespace: c, name: top, context: { n: 1 } }\n',
    );
    await expect(h.engine.registerTemplate(cyclic)).rejects.toMatchObject({ code: 'invalid_template', message: expect.stringContaining('c/leaf -> c/top -> c/middle -> c/leaf') });
  });
});

describe.each(backends)('the repair of a missed child wake on %s', (backend) => {
  it('finds a waiting workflow step whose child finished, beside event waits whose keys are not task ids', async () => {
    const h = await startHarness(backend, { sweeper: false });
    try {
      for (const t of [WAITING_LEAF, WAITING_MIDDLE]) await h.engine.registerTemplate(t);
      await h.engine.registerTemplate(`
namespace: c
name: paid
version: "1"
steps:
  - name: paid
    kind: wait
    wait: { event: order.paid, match: "\${context.order}" }
`);
      const { id } = await h.engine.submit({ namespace: 'c', name: 'waiting_middle', context: {} });
      await h.engine.submit({ namespace: 'c', name: 'paid', context: { order: 'not-a-uuid' } });
      await runTimersOnce(h.testDb.db, h.engine.templates);
      const [child] = (await h.engine.getTask(id)).children!;
      await h.engine.cancel(child.id);
      // As if the child's wake had found the parent's step locked and been skipped.
      await h.testDb.db.query(`UPDATE ${h.testDb.db.schema}.steps SET wake_at = NULL WHERE task_id = $1`, [id]);
      const missed = await findSettledChildWaits(h.testDb.db, 10);
      expect(missed.map((m) => m.task_id)).toEqual([id]);
    } finally {
      await h.close();
    }
  });
});
