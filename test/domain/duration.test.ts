import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/domain/duration.js';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['15m', 900_000],
    ['12h', 43_200_000],
    ['7d', 604_800_000],
    ['1.5d', 129_600_000],
    [' 2 H ', 7_200_000],
    ['0s', 0],
    ['2w', 1_209_600_000],
    ['1y', 31_557_600_000],
    ['7 days', 604_800_000],
    ['90 minutes', 5_400_000],
    ['1 hr', 3_600_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '7', 'd', '-1d', '1e3s', '1.d', 'abc', '500ms', '5 fortnights', '3 constructor'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it('uses the largest whole unit', () => {
    expect([604_800_000, 7_200_000, 900_000, 90_000, 1500].map(formatDuration)).toEqual(['7d', '2h', '15m', '90s', '1.5s']);
  });
});
