import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentError } from '../../src/errors.js';
import { defineHandler } from '../../src/worker/types.js';
import { backends } from '../support/db.js';
import { startHarness, stepOf, waitForTask, type Harness } from '../support/harness.js';

const states = (t: { steps: { name: string; state: string }[] }) => Object.fromEntries(t.steps.map((s) => [s.name, s.state]));

describe.each(backends)('decisions, fan-out, checkpoints and operator actions on %s', (backend) => {
  let h: Harness;
  const failOnce = new Set<string>();
  let checkpointCalls: { attempt: number; resumedFrom: unknown }[] = [];

  beforeAll(async () => {
    h = await startHarness(backend, {
      handlers: [
        defineHandler('d.choose', (ctx) => ({ activate: (ctx.params as { pick: string[] }).pick })),
        defineHandler('d.echo', (ctx) => ({ step: ctx.step.name, upstream: Object.keys(ctx.results).sort() })),
        defineHandler('d.items', (ctx) => ({ items: Array.from({ length: (ctx.params as { n: number }).n }, (_, i) => i) })),
        defineHandler('d.square', (ctx) => {
          const key = `${ctx.task.id}:${ctx.step.name}`;
          if ((ctx.task.context as { failIndex?: number }).failIndex === ctx.fanOut!.index && !failOnce.has(key)) {
            failOnce.add(key);
            throw new Error('transient');
          }
          if ((ctx.task.context as { breakIndex?: number }).breakIndex === ctx.fanOut!.index) throw new PermanentError('broken');
          return ctx.fanOut!.items.map((x) => (x as number) ** 2);
        }),
        defineHandler('d.sum', (ctx) => ({ chunks: (ctx.results.fan as number[][]).length, total: (ctx.results.fan as number[][]).flat().reduce((a, b) => a + b, 0) })),
        defineHandler('d.checkpointing', async (ctx) => {
          checkpointCalls.push({ attempt: ctx.step.attempt, resumedFrom: ctx.checkpoint.last });
          const start = (ctx.checkpoint.last as { at?: number } | null)?.at ?? 0;
          for (let i = start; i < 100; i++) {
            if (i === 50 && ctx.step.attempt === 1) {
              await ctx.checkpoint({ at: 50 });
              throw new Error('crash at 50');
            }
          }
          return { resumedAt: start };
        }),
        defineHandler('d.fail', (ctx) => {
          if ((ctx.task.context as { ok?: boolean }).ok) return 'fixed';
          throw new PermanentError('nope');
        }),
      ],
    });
    const templates = [
      `namespace: d
name: decide
version: "1"
steps:
  - { name: decide, handler: d.choose, kind: decision, params: { pick: "\${context.pick}" } }
  - { name: left, handler: d.echo, depends_on: [decide] }
  - { name: right, handler: d.echo, depends_on: [decide] }
  - { name: right_more, handler: d.echo, depends_on: [right] }
  - { name: join, handler: d.echo, depends_on: [left, right_more] }`,
      `namespace: d
name: nested
version: "1"
steps:
  - { name: outer, handler: d.choose, kind: decision, params: { pick: [inner] } }
  - { name: inner, handler: d.choose, kind: decision, depends_on: [outer], params: { pick: [b] } }
  - { name: skipped_branch, handler: d.echo, depends_on: [outer] }
  - { name: a, handler: d.echo, depends_on: [inner] }
  - { name: b, handler: d.echo, depends_on: [inner] }
  - { name: join, handler: d.echo, depends_on: [a, b, skipped_branch] }`,
      `namespace: d
name: bad_decision
version: "1"
steps:
  - { name: decide, handler: d.choose, kind: decision, params: { pick: [join] } }
  - { name: x, handler: d.echo, depends_on: [decide] }
  - { name: join, handler: d.echo, depends_on: [x] }`,
      `namespace: d
name: fan
version: "1"
defaults: { retry: { max_attempts: 3, backoff: fixed, base_ms: 10 } }
steps:
  - { name: list, handler: d.items, kind: fan_out, params: { n: "\${context.n}" }, fan_out: { each: fan, batch_size: 3 } }
  - { name: fan, handler: d.square, depends_on: [list] }
  - { name: sum, handler: d.sum, depends_on: [fan] }`,
      `namespace: d
name: checkpoint
version: "1"
steps:
  - { name: work, handler: d.checkpointing, retry: { max_attempts: 2, backoff: none } }`,
      `namespace: d
name: operator
version: "1"
steps:
  - { name: first, handler: d.fail, params: {} }
  - { name: second, handler: d.echo, depends_on: [first] }
  - { name: third, handler: d.echo, depends_on: [second] }`,
    ];
    for (const t of templates) await h.engine.registerTemplate(t);
  });
  afterAll(async () => h?.close());

  it('runs the chosen branch of a decision, skips the other, and the join waits only for what runs', async () => {
    for (const [pick, expected] of [
      [['left'], { decide: 'complete', left: 'complete', right: 'skipped', right_more: 'skipped', join: 'complete' }],
      [['right'], { decide: 'complete', left: 'skipped', right: 'complete', right_more: 'complete', join: 'complete' }],
    ] as const) {
      const { id } = await h.engine.submit({ namespace: 'd', name: 'decide', context: { pick: [...pick] } });
      const task = await waitForTask(h.engine, id);
      expect(task.status).toBe('complete');
      expect(states(task)).toEqual(expected);
    }
  });

  it('skips everything downstream of a decision that activates nothing', async () => {
    const { id } = await h.engine.submit({ namespace: 'd', name: 'decide', context: { pick: [] } });
    const task = await waitForTask(h.engine, id);
    expect(task.status).toBe('complete');
    expect(states(task)).toEqual({ decide: 'complete', left: 'skipped', right: 'skipped', right_more: 'skipped', join: 'skipped' });
  });

  it('handles a nested decision', async () => {
    const { id } = await h.engine.submit({ namespace: 'd', name: 'nested' });
    const task = await waitForTask(h.engine, id);
    expect(states(task)).toEqual({ outer: 'complete', inner: 'complete', skipped_branch: 'skipped', a: 'skipped', b: 'complete', join: 'complete' });
    expect(stepOf(task, 'join').output).toEqual({ step: 'join', upstream: ['b', 'inner', 'outer'] });
  });

  it('fails a decision that activates a step not downstream of it', async () => {
    const { id } = await h.engine.submit({ namespace: 'd', name: 'bad_decision' });
    const task = await waitForTask(h.engine, id);
    expect(task.status).toBe('error');
    expect(stepOf(task, 'decide')).toMatchObject({ state: 'error', error: { code: 'invalid_decision' } });
    expect(stepOf(task, 'decide').error!.message).toContain('"join", which is not downstream');
  });

  it.each([0, 1, 7])('fans out %i items in chunks of 3 and joins the outputs in order', async (n) => {
    const { id } = await h.engine.submit({ namespace: 'd', name: 'fan', context: { n } });
    const task = await waitForTask(h.engine, id);
    expect(task.status).toBe('complete');
    const instances = task.steps.filter((s) => s.name.startsWith('fan['));
    expect(instances).toHaveLength(Math.ceil(n / 3));
    expect(stepOf(task, 'fan').output).toEqual(instances.map((_, i) => Array.from({ length: Math.min(3, n - i * 3) }, (_, j) => (i * 3 + j) ** 2)));
    expect(stepOf(task, 'sum').output).toEqual({ chunks: Math.ceil(n / 3), total: Array.from({ length: n }, (_, i) => i * i).reduce((a, b) => a + b, 0) });
  });

  it('retries a failing fan-out instance alone', async () => {
    const { id } = await h.engine.submit({ namespace: 'd', name: 'fan', context: { n: 7, failIndex: 1 } });
    const task = await waitForTask(h.engine, id);
    expect(task.status).toBe('complete');
    expect(task.steps.filter((s) => s.name.startsWith('fan[')).map((s) => s.attempts)).toEqual([1, 2, 1]);
  });

  it('errors the task when a fan-out instance ends in error', async () => {
    const { id } = await h.engine.submit({ namespace: 'd', name: 'fan', context: { n: 7, breakIndex: 2 } });
    const task = await waitForTask(h.engine, id);
    expect(task.status).toBe('error');
    expect(stepOf(task, 'fan[2]').state).toBe('error');
    expect(stepOf(task, 'fan').state).toBe('skipped');
    expect(stepOf(task, 'sum').state).toBe('skipped');
  });

  it('fans out 10,000 items', async () => {
    await h.engine.registerTemplate(`namespace: d
name: fan_big
version: "1"
steps:
  - { name: list, handler: d.items, kind: fan_out, params: { n: 10000 }, fan_out: { each: fan, batch_size: 100 } }
  - { name: fan, handler: d.square, depends_on: [list] }
  - { name: sum, handler: d.sum, depends_on: [fan] }`);
    const { id } = await h.engine.submit({ namespace: 'd', name: 'fan_big' });
    const task = await waitForTask(h.engine, id, { timeoutMs: 60_000 });
    expect(task.status).toBe('complete');
    expect(stepOf(task, 'sum').output).toEqual({ chunks: 100, total: Array.from({ length: 10000 }, (_, i) => i * i).reduce((a, b) => a + b, 0) });
  });

  it('resumes a retried attempt from its last checkpoint', async () => {
    checkpointCalls = [];
    const { id } = await h.engine.submit({ namespace: 'd', name: 'checkpoint' });
    const task = await waitForTask(h.engine, id);
    expect(task.status).toBe('complete');
    expect(checkpointCalls).toEqual([
      { attempt: 1, resumedFrom: null },
      { attempt: 2, resumedFrom: { at: 50 } },
    ]);
    expect(stepOf(task, 'work').output).toEqual({ resumedAt: 50 });
  });

  it('refuses a checkpoint from a stale lease', async () => {
    const h2 = await startHarness(backend, { sweeper: false });
    try {
      await h2.engine.registerTemplate(`{namespace: d, name: cp, version: "1", steps: [{name: s, handler: d.x}]}`);
      await h2.engine.submit({ namespace: 'd', name: 'cp' });
      const [exec] = await h2.engine.claim({ workerId: 'w', handlers: ['d.x'], labels: {}, limit: 1, leaseMs: 10_000 });
      expect(await h2.engine.checkpoint(exec.execution_id, exec.lease_id, { at: 1 })).toBe('ok');
      expect(await h2.engine.checkpoint(exec.execution_id, '00000000-0000-4000-8000-000000000000', { at: 2 })).toBe('stale');
      const { rows } = await h2.engine.db.query<{ checkpoint: unknown }>('SELECT checkpoint FROM steps');
      expect(rows[0].checkpoint).toEqual({ at: 1 });
    } finally {
      await h2.close();
    }
  });

  it('retry-step after an error finishes the task', async () => {
    const { id } = await h.engine.submit({ namespace: 'd', name: 'operator', context: { ok: false } });
    let task = await waitForTask(h.engine, id);
    expect(states(task)).toEqual({ first: 'error', second: 'skipped', third: 'skipped' });
    // The handler keeps failing with this context: make it succeed by resolving instead below; here retry fails again.
    await expect(h.engine.retryStep(id, 'second')).rejects.toMatchObject({ code: 'conflict' });
    task = await h.engine.retryStep(id, 'first', 'ops@example');
    expect(task.status).toBe('running');
    task = await waitForTask(h.engine, id);
    expect(task.status).toBe('error');
    expect(stepOf(task, 'first').attempts).toBe(1);
    const events = await h.engine.events(id);
    expect(events.filter((e) => e.actor === 'ops@example').map((e) => `${e.step ?? 'task'}:${e.from}->${e.to}`)).toEqual(
      expect.arrayContaining(['first:error->ready', 'task:error->running', 'second:skipped->pending', 'third:skipped->pending']),
    );
  });

  it('retry-step re-runs a step whose cause was fixed and the task completes', async () => {
    const { id } = await h.engine.submit({ namespace: 'd', name: 'operator', context: { ok: false } });
    await waitForTask(h.engine, id);
    await h.engine.db.query(`UPDATE tasks SET context = '{"ok": true}' WHERE id = $1`, [id]);
    await h.engine.retryStep(id, 'first', 'ops');
    const task = await waitForTask(h.engine, id);
    expect(task.status).toBe('complete');
    expect(states(task)).toEqual({ first: 'complete', second: 'complete', third: 'complete' });
    expect(stepOf(task, 'first').output).toBe('fixed');
  });

  it('resolve-step feeds the given output to the dependents', async () => {
    const { id } = await h.engine.submit({ namespace: 'd', name: 'operator', context: { ok: false } });
    await waitForTask(h.engine, id);
    await h.engine.resolveStep(id, 'first', { manual: true }, 'ops');
    const task = await waitForTask(h.engine, id);
    expect(task.status).toBe('complete');
    expect(states(task)).toEqual({ first: 'resolved', second: 'complete', third: 'complete' });
    expect(stepOf(task, 'first').output).toEqual({ manual: true });
    expect(stepOf(task, 'second').output).toEqual({ step: 'second', upstream: ['first'] });
    await expect(h.engine.resolveStep(id, 'first', 1)).rejects.toMatchObject({ code: 'conflict' });
  });
});
