import { describe, expect, it } from 'vitest';
import type { BackoffPolicy } from '../../src/domain/backoff.js';
import { retry } from '../../src/retry.js';
import { abortableSleep, sleepUnlessAborted } from '../../src/sleep.js';

const FIXED_1MS: BackoffPolicy = { backoff: 'fixed', base_ms: 1, max_ms: 1, jitter: false };

/** An operation that fails `failures` times, then answers `ok`; records the attempt numbers it was given. */
function flaky(failures: number, error: (n: number) => unknown = (n) => new Error(`failure ${n}`)) {
  const calls: number[] = [];
  const fn = async (attempt: number) => {
    calls.push(attempt);
    if (calls.length <= failures) throw error(calls.length);
    return 'ok';
  };
  return { fn, calls };
}

describe('retry', () => {
  it('returns the first success, numbering the attempts from 1', async () => {
    const { fn, calls } = flaky(2);
    await expect(retry(fn, { attempts: 5, policy: FIXED_1MS })).resolves.toBe('ok');
    expect(calls).toEqual([1, 2, 3]);
  });

  it('gives up after `attempts` tries and throws the last error', async () => {
    const { fn, calls } = flaky(10);
    await expect(retry(fn, { attempts: 3, policy: FIXED_1MS })).rejects.toThrow('failure 3');
    expect(calls).toEqual([1, 2, 3]);
  });

  it('throws an error that is not retryable at once', async () => {
    const { fn, calls } = flaky(10, (n) => Object.assign(new Error(`failure ${n}`), { permanent: n === 2 }));
    const isRetryable = (err: unknown) => !(err as { permanent: boolean }).permanent;
    await expect(retry(fn, { attempts: 5, policy: FIXED_1MS, isRetryable })).rejects.toThrow('failure 2');
    expect(calls).toEqual([1, 2]);
  });

  it('waits what the backoff policy says after each failed attempt, and reports each retry first', async () => {
    const { fn } = flaky(4);
    const retries: { attempt: number; delayMs: number; message: string }[] = [];
    const policy: BackoffPolicy = { backoff: 'exponential', base_ms: 2, max_ms: 10, jitter: false };
    await retry(fn, { attempts: 5, policy, onRetry: ({ error, attempt, delayMs }) => retries.push({ attempt, delayMs, message: (error as Error).message }) });
    expect(retries).toEqual([
      { attempt: 1, delayMs: 2, message: 'failure 1' },
      { attempt: 2, delayMs: 4, message: 'failure 2' },
      { attempt: 3, delayMs: 8, message: 'failure 3' },
      { attempt: 4, delayMs: 10, message: 'failure 4' },
    ]);
  });

  it('applies the policy jitter with the given random source', async () => {
    const { fn } = flaky(2);
    const delays: number[] = [];
    const policy: BackoffPolicy = { backoff: 'fixed', base_ms: 8, max_ms: 8, jitter: true };
    await retry(fn, { attempts: 3, policy, random: () => 0, onRetry: ({ delayMs }) => delays.push(delayMs) });
    expect(delays).toEqual([4, 4]);
  });

  it('takes a delay function of the failed attempt for delays no policy writes', async () => {
    const { fn } = flaky(3);
    const seen: number[] = [];
    await retry(fn, { attempts: 5, policy: (n) => (seen.push(n), 1) });
    expect(seen).toEqual([1, 2, 3]);
  });

  it('waits first and counts on when failures came before the call', async () => {
    const { fn, calls } = flaky(1);
    const seen: number[] = [];
    await retry(fn, { attempts: Infinity, failedBefore: 1, policy: (n) => (seen.push(n), 1) });
    expect(calls).toEqual([2, 3]);
    expect(seen).toEqual([1, 2]);
  });

  it('stops waiting when the signal aborts, rejecting with its reason and trying no more', async () => {
    const { fn, calls } = flaky(10);
    const controller = new AbortController();
    const reason = new Error('stopping');
    const done = retry(fn, { attempts: Infinity, policy: { backoff: 'fixed', base_ms: 60_000, max_ms: 60_000, jitter: false }, signal: controller.signal });
    setTimeout(() => controller.abort(reason), 10);
    await expect(done).rejects.toBe(reason);
    expect(calls).toEqual([1]);
  });

  it('does not start on an aborted signal', async () => {
    const { fn, calls } = flaky(0);
    await expect(retry(fn, { attempts: 3, policy: FIXED_1MS, signal: AbortSignal.abort(new Error('gone')) })).rejects.toThrow('gone');
    expect(calls).toEqual([]);
  });
});

describe('sleeps', () => {
  it('abortableSleep rejects with the signal reason itself, not an AbortError', async () => {
    const reason = new Error('cancelled');
    const controller = new AbortController();
    const sleeping = abortableSleep(60_000, controller.signal);
    controller.abort(reason);
    await expect(sleeping).rejects.toBe(reason);
    await expect(abortableSleep(1)).resolves.toBeUndefined();
  });

  it('sleepUnlessAborted resolves early when the signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const sleeping = sleepUnlessAborted(60_000, controller.signal);
    controller.abort();
    await expect(sleeping).resolves.toBeUndefined();
    await expect(sleepUnlessAborted(10, AbortSignal.abort())).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
