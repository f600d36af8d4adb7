import { describe, it, expect } from 'vitest';
import { computeBackoffMs, shouldRetry } from '../../src/domain/backoff.js';
import type { BackoffKind, RetryPolicy } from '../../src/domain/types.js';

function policy(backoff: BackoffKind, overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return { max_attempts: 5, backoff, base_ms: 100, max_ms: 10_000, jitter: false, ...overrides };
}

const never = () => {
  throw new Error('random must not be called');
};

describe('computeBackoffMs', () => {
  it('none waits 0 whatever the attempt', () => {
    expect(computeBackoffMs(policy('none'), 1)).toBe(0);
    expect(computeBackoffMs(policy('none', { jitter: true }), 7, never)).toBe(0);
  });

  it('fixed waits base_ms every time', () => {
    expect([1, 2, 10].map((a) => computeBackoffMs(policy('fixed'), a))).toEqual([100, 100, 100]);
  });

  it('linear waits base_ms times the attempt', () => {
    expect([1, 2, 3].map((a) => computeBackoffMs(policy('linear'), a))).toEqual([100, 200, 300]);
  });

  it('exponential doubles from base_ms', () => {
    expect([1, 2, 3, 4].map((a) => computeBackoffMs(policy('exponential'), a))).toEqual([100, 200, 400, 800]);
  });

  it('caps every kind at max_ms', () => {
    expect(computeBackoffMs(policy('fixed', { base_ms: 500, max_ms: 300 }), 1)).toBe(300);
    expect(computeBackoffMs(policy('linear', { max_ms: 250 }), 3)).toBe(250);
    expect(computeBackoffMs(policy('exponential', { max_ms: 1000 }), 5)).toBe(1000);
  });

  it('stays finite and capped for huge attempt numbers', () => {
    for (const attempt of [1_000, 1e9, Number.MAX_SAFE_INTEGER, Infinity]) {
      const ms = computeBackoffMs(policy('exponential', { max_ms: 86_400_000 }), attempt);
      expect(Number.isFinite(ms)).toBe(true);
      expect(ms).toBeLessThanOrEqual(86_400_000);
    }
    expect(computeBackoffMs(policy('linear'), 1e300)).toBe(10_000);
  });

  it('never returns NaN or a negative number for odd inputs', () => {
    expect(computeBackoffMs(policy('exponential', { base_ms: 0 }), 2000)).toBe(0);
    expect(computeBackoffMs(policy('fixed', { base_ms: -5 }), 1)).toBe(0);
    expect(computeBackoffMs(policy('fixed', { base_ms: Number.NaN }), 1)).toBe(0);
    expect(computeBackoffMs(policy('linear'), 0)).toBe(100);
    expect(computeBackoffMs(policy('linear'), -3)).toBe(100);
    expect(computeBackoffMs(policy('linear'), Number.NaN)).toBe(100);
    expect(computeBackoffMs(policy('bogus' as BackoffKind), 1)).toBe(0);
  });

  it('returns whole milliseconds', () => {
    expect(computeBackoffMs(policy('linear', { base_ms: 2.5 }), 3)).toBe(7);
  });

  it('equal jitter keeps half the delay and adds a random share of the rest', () => {
    const p = policy('exponential', { jitter: true });
    expect(computeBackoffMs(p, 3, () => 0)).toBe(200);
    expect(computeBackoffMs(p, 3, () => 0.5)).toBe(300);
    expect(computeBackoffMs(p, 3, () => 0.999_999)).toBe(400);
  });

  it('keeps jittered delays within [delay/2, delay] for any random value', () => {
    const p = policy('exponential', { jitter: true, base_ms: 333, max_ms: 5_000 });
    for (const attempt of [1, 2, 3, 4, 5, 6]) {
      const full = computeBackoffMs({ ...p, jitter: false }, attempt);
      for (const r of [0, 0.1, 0.25, 0.5, 0.75, 0.999, 1, -1, 2, Number.NaN]) {
        const ms = computeBackoffMs(p, attempt, () => r);
        expect(ms).toBeGreaterThanOrEqual(full / 2);
        expect(ms).toBeLessThanOrEqual(full);
        expect(Number.isInteger(ms)).toBe(true);
      }
    }
  });

  it('does not call random when the delay is zero', () => {
    expect(computeBackoffMs(policy('fixed', { base_ms: 0, jitter: true }), 1, never)).toBe(0);
  });

  it('uses Math.random by default', () => {
    const ms = computeBackoffMs(policy('fixed', { base_ms: 1000, jitter: true }), 1);
    expect(ms).toBeGreaterThanOrEqual(500);
    expect(ms).toBeLessThanOrEqual(1000);
  });
});

describe('shouldRetry', () => {
  const p = policy('fixed', { max_attempts: 3 });

  it('retries while attempts remain', () => {
    expect(shouldRetry(p, 1, false)).toBe(true);
    expect(shouldRetry(p, 2, false)).toBe(true);
  });

  it('stops after max_attempts attempts', () => {
    expect(shouldRetry(p, 3, false)).toBe(false);
    expect(shouldRetry(p, 4, false)).toBe(false);
  });

  it('never retries a permanent failure', () => {
    expect(shouldRetry(p, 1, true)).toBe(false);
  });

  it('never retries when max_attempts is 1', () => {
    expect(shouldRetry({ ...p, max_attempts: 1 }, 1, false)).toBe(false);
  });
});
