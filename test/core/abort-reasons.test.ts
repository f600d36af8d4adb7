/**
 * A handler learns why its `ctx.signal` aborted from `signal.reason`: a
 * StepAbortedError (exported by the package) naming the cause. Each cause is
 * produced for real, with the runtime's own worker.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sweepOnce } from '../../src/core/sweeper.js';
import { defineHandler, isStepAbortedError, StepAbortedError, type HandlerContext, type StepAbortReason } from '../../src/index.js';
import { backends } from '../support/db.js';
import { startHarness, stepOf, waitForTask, type Harness } from '../support/harness.js';
import { until } from '../support/wait.js';

interface SeenAbort {
  attempt: number;
  reason: unknown;
  thrown: unknown;
}

/** A handler that waits for its signal on attempt 1 (and records why it fired), and returns at once on later attempts. */
function abortWatcher(seen: SeenAbort[]) {
  return defineHandler('a.wait', (ctx: HandlerContext) => {
    if (ctx.step.attempt > 1) return 'again';
    return new Promise((resolve) => {
      ctx.signal.addEventListener('abort', () => {
        let thrown: unknown;
        try {
          ctx.signal.throwIfAborted();
        } catch (err) {
          thrown = err;
        }
        seen.push({ attempt: ctx.step.attempt, reason: ctx.signal.reason, thrown });
        resolve('aborted');
      });
    });
  });
}

function expectReason(seen: SeenAbort[], reason: StepAbortReason): void {
  expect(seen).toHaveLength(1);
  const [{ attempt, reason: got, thrown }] = seen;
  expect(attempt).toBe(1);
  expect(got).toBeInstanceOf(StepAbortedError);
  expect(got).toMatchObject({ name: 'StepAbortedError', reason });
  expect((got as Error).message).toMatch(/^step aborted: /);
  expect(isStepAbortedError(got, reason)).toBe(true);
  expect(thrown).toBe(got);
}

const template = (extra = '') =>
  `{namespace: a, name: one, version: "1"${extra}, steps: [{name: s, handler: a.wait, retry: {max_attempts: 3, backoff: fixed, base_ms: 10, jitter: false}}]}`;

describe.each(backends)('why a handler signal aborted, on %s', (backend) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function startWith(seen: SeenAbort[], opts: { config?: NonNullable<Parameters<typeof startHarness>[1]>['config']; sweeper?: boolean; template?: string } = {}) {
    h = await startHarness(backend, { handlers: [abortWatcher(seen)], ...(opts.config ? { config: opts.config } : {}), sweeper: opts.sweeper ?? true });
    await h.engine.registerTemplate(opts.template ?? template());
    const { id } = await h.engine.submit({ namespace: 'a', name: 'one' });
    await waitForTask(h.engine, id, { until: (t) => stepOf(t, 's').state === 'running' });
    return id;
  }

  it("says 'cancelled' when the task is cancelled", async () => {
    const seen: SeenAbort[] = [];
    const id = await startWith(seen);
    await h.engine.cancel(id);
    await until(() => seen.length > 0, 5000, 'the handler to see its abort');
    expectReason(seen, 'cancelled');
  });

  it("says 'cancelled' when the whole task times out (the task is stopped, not the step)", async () => {
    const seen: SeenAbort[] = [];
    const id = await startWith(seen, { template: template(', timeout_seconds: 0.5') });
    expect((await waitForTask(h.engine, id)).status).toBe('timed_out');
    await until(() => seen.length > 0, 5000, 'the handler to see its abort');
    expectReason(seen, 'cancelled');
  });

  it("says 'timeout' when the step's timeout_seconds passes", async () => {
    const seen: SeenAbort[] = [];
    const id = await startWith(seen, { template: template().replace('handler: a.wait,', 'handler: a.wait, timeout_seconds: 0.3,') });
    const task = await waitForTask(h.engine, id);
    expect(stepOf(task, 's')).toMatchObject({ state: 'complete', attempts: 2, output: 'again' });
    expectReason(seen, 'timeout');
  });

  it("says 'lease_lost' when the worker's lease expired and the step was failed behind its back", async () => {
    const seen: SeenAbort[] = [];
    // Long leases and no background sweeper: the lease expires only when the test says so.
    const id = await startWith(seen, {
      sweeper: false,
      config: (c) => {
        c.worker.leaseMs = 60_000;
        c.worker.heartbeatMs = 200;
      },
    });
    // A heartbeat may extend the lease between the two statements: expire it again until a sweep takes it.
    await until(
      async () => {
        await h.engine.db.query(`UPDATE steps SET lease_expires_at = clock_timestamp() - interval '1 second' WHERE task_id = $1 AND state = 'running'`, [id]);
        return (await sweepOnce(h.engine.db, { stepTimeoutGraceMs: 1000 })).expiredLeases === 1;
      },
      5000,
      'a sweep to expire the lease',
    );
    await until(() => seen.length > 0, 5000, 'the handler to see its abort');
    expectReason(seen, 'lease_lost');
    const task = await waitForTask(h.engine, id);
    expect(stepOf(task, 's')).toMatchObject({ state: 'complete', attempts: 2 });
  });

  it("says 'shutdown' when the worker stops and the grace period runs out", async () => {
    const seen: SeenAbort[] = [];
    const id = await startWith(seen, {
      config: (c) => {
        c.worker.shutdownGraceMs = 100;
        c.worker.leaseMs = 60_000;
      },
    });
    await h.runtime.worker!.stop();
    expectReason(seen, 'shutdown');
    // Handed back uncounted: the next claim is attempt 1 again.
    expect(stepOf(await h.engine.getTask(id), 's')).toMatchObject({ state: 'ready', attempts: 0 });
  });
});
