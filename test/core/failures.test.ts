import { afterEach, describe, expect, it } from 'vitest';
import { PermanentError } from '../../src/errors.js';
import { defineHandler } from '../../src/worker/types.js';
import { backends } from '../support/db.js';
import { startHarness, stepOf, waitForTask, type Harness } from '../support/harness.js';
import { until } from '../support/wait.js';

const fastRetry = (n: number) => `{ max_attempts: ${n}, backoff: fixed, base_ms: 10, jitter: false }`;

describe.each(backends)('retries and failures on %s', (backend) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('completes on attempt 3 a step that fails twice then succeeds', async () => {
    const seen: number[] = [];
    h = await startHarness(backend, {
      handlers: [
        defineHandler('f.flaky', (ctx) => {
          seen.push(ctx.step.attempt);
          if (ctx.step.attempt < 3) throw new Error(`boom ${ctx.step.attempt}`);
          return { ok: ctx.step.attempt };
        }),
      ],
    });
    await h.engine.registerTemplate(`{namespace: f, name: flaky, version: "1", steps: [{name: s, handler: f.flaky, retry: ${fastRetry(5)}}]}`);
    const { id } = await h.engine.submit({ namespace: 'f', name: 'flaky' });
    const task = await waitForTask(h.engine, id);
    expect(task.status).toBe('complete');
    expect(stepOf(task, 's')).toMatchObject({ state: 'complete', attempts: 3, output: { ok: 3 } });
    expect(seen).toEqual([1, 2, 3]);
    const events = await h.engine.events(id);
    expect(events.filter((e) => e.step === 's' && e.to === 'failed').map((e) => e.reason)).toEqual(['boom 1', 'boom 2']);
  });

  it('ends in error after max_attempts, skips dependents and errors the task', async () => {
    let calls = 0;
    let downstream = 0;
    h = await startHarness(backend, {
      handlers: [
        defineHandler('f.fail', () => {
          calls++;
          throw new Error('always');
        }),
        defineHandler('f.after', () => {
          downstream++;
          return null;
        }),
      ],
    });
    await h.engine.registerTemplate(`
namespace: f
name: always
version: "1"
steps:
  - { name: a, handler: f.fail, retry: ${fastRetry(3)} }
  - { name: b, handler: f.after, depends_on: [a] }
  - { name: c, handler: f.after, depends_on: [b] }
`);
    const { id } = await h.engine.submit({ namespace: 'f', name: 'always' });
    const task = await waitForTask(h.engine, id);
    expect(task.status).toBe('error');
    expect(stepOf(task, 'a')).toMatchObject({ state: 'error', attempts: 3, error: { message: 'always' } });
    expect(stepOf(task, 'b').state).toBe('skipped');
    expect(stepOf(task, 'c').state).toBe('skipped');
    expect(calls).toBe(3);
    expect(downstream).toBe(0);
  });

  it('runs a max_attempts: 1 step once', async () => {
    let calls = 0;
    h = await startHarness(backend, {
      handlers: [
        defineHandler('f.once', () => {
          calls++;
          throw new Error('no');
        }),
      ],
    });
    await h.engine.registerTemplate(`{namespace: f, name: once, version: "1", steps: [{name: s, handler: f.once, retry: {max_attempts: 1}}]}`);
    const { id } = await h.engine.submit({ namespace: 'f', name: 'once' });
    const task = await waitForTask(h.engine, id);
    expect(task.status).toBe('error');
    expect(stepOf(task, 's').attempts).toBe(1);
    expect(calls).toBe(1);
  });

  it('does not retry a PermanentError', async () => {
    let calls = 0;
    h = await startHarness(backend, {
      handlers: [
        defineHandler('f.perm', () => {
          calls++;
          throw new PermanentError('bad input', { code: 'bad_input' });
        }),
      ],
    });
    await h.engine.registerTemplate(`{namespace: f, name: perm, version: "1", steps: [{name: s, handler: f.perm, retry: ${fastRetry(5)}}]}`);
    const { id } = await h.engine.submit({ namespace: 'f', name: 'perm' });
    const task = await waitForTask(h.engine, id);
    expect(task.status).toBe('error');
    expect(stepOf(task, 's')).toMatchObject({ state: 'error', attempts: 1, error: { message: 'bad input', code: 'bad_input' } });
    expect(calls).toBe(1);
  });

  it('aborts a step at its timeout and counts it as a failed attempt', async () => {
    const aborted: number[] = [];
    h = await startHarness(backend, {
      handlers: [
        defineHandler('f.slow', async (ctx) => {
          if (ctx.step.attempt === 1) {
            await new Promise<void>((resolve) =>
              ctx.signal.addEventListener('abort', () => {
                aborted.push(ctx.step.attempt);
                resolve();
              }),
            );
            return 'too late';
          }
          return 'fast';
        }),
      ],
    });
    await h.engine.registerTemplate(`{namespace: f, name: slow, version: "1", steps: [{name: s, handler: f.slow, timeout_seconds: 0.3, retry: ${fastRetry(2)}}]}`);
    const { id } = await h.engine.submit({ namespace: 'f', name: 'slow' });
    const task = await waitForTask(h.engine, id);
    expect(task.status).toBe('complete');
    expect(stepOf(task, 's')).toMatchObject({ attempts: 2, output: 'fast' });
    expect(aborted).toEqual([1]);
    const events = await h.engine.events(id);
    expect(events.some((e) => e.step === 's' && e.to === 'failed' && /timed out/.test(e.reason ?? ''))).toBe(true);
  });

  it('times out a whole task past timeout_seconds', async () => {
    let sawAbort = false;
    h = await startHarness(backend, {
      handlers: [
        defineHandler(
          'f.hang',
          (ctx) =>
            new Promise((resolve) =>
              ctx.signal.addEventListener('abort', () => {
                sawAbort = true;
                resolve(null);
              }),
            ),
        ),
      ],
    });
    await h.engine.registerTemplate(
      `{namespace: f, name: hang, version: "1", timeout_seconds: 0.5, steps: [{name: s, handler: f.hang}, {name: t, handler: f.hang, depends_on: [s]}]}`,
    );
    const { id } = await h.engine.submit({ namespace: 'f', name: 'hang' });
    const task = await waitForTask(h.engine, id);
    expect(task.status).toBe('timed_out');
    expect(stepOf(task, 's').state).toBe('cancelled');
    expect(stepOf(task, 't').state).toBe('cancelled');
    await until(() => sawAbort, 5000, 'the handler to see its abort');
  });

  it('lets independent branches finish with on_failure: continue', async () => {
    h = await startHarness(backend, {
      handlers: [
        defineHandler('f.bad', () => {
          throw new PermanentError('bad');
        }),
        defineHandler('f.good', async () => {
          await new Promise((r) => setTimeout(r, 100));
          return 'ok';
        }),
      ],
    });
    await h.engine.registerTemplate(`
namespace: f
name: cont
version: "1"
on_failure: continue
steps:
  - { name: bad, handler: f.bad }
  - { name: after_bad, handler: f.good, depends_on: [bad] }
  - { name: good, handler: f.good }
  - { name: after_good, handler: f.good, depends_on: [good] }
`);
    const { id } = await h.engine.submit({ namespace: 'f', name: 'cont' });
    const task = await waitForTask(h.engine, id);
    expect(task.status).toBe('error');
    expect(Object.fromEntries(task.steps.map((s) => [s.name, s.state]))).toEqual({
      bad: 'error',
      after_bad: 'skipped',
      good: 'complete',
      after_good: 'complete',
    });
  });

  it('with on_failure: stop, skips waiting branches and lets a running sibling settle', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    h = await startHarness(backend, {
      handlers: [
        defineHandler('f.bad', async () => {
          await new Promise((r) => setTimeout(r, 50));
          throw new PermanentError('bad');
        }),
        defineHandler('f.gated', async () => {
          await gate;
          return 'done';
        }),
        defineHandler('f.good', () => 'ok'),
      ],
    });
    await h.engine.registerTemplate(`
namespace: f
name: stop
version: "1"
steps:
  - { name: bad, handler: f.bad }
  - { name: slow, handler: f.gated }
  - { name: after_slow, handler: f.good, depends_on: [slow] }
`);
    const { id } = await h.engine.submit({ namespace: 'f', name: 'stop' });
    await waitForTask(h.engine, id, { until: (t) => stepOf(t, 'bad').state === 'error' });
    const mid = await h.engine.getTask(id);
    expect(mid.status).toBe('running');
    expect(stepOf(mid, 'slow').state).toBe('running');
    expect(stepOf(mid, 'after_slow').state).toBe('skipped');
    release();
    const task = await waitForTask(h.engine, id);
    expect(task.status).toBe('error');
    expect(stepOf(task, 'slow').state).toBe('complete');
    expect(stepOf(task, 'after_slow').state).toBe('skipped');
  });
});
