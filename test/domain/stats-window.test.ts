import { describe, expect, it } from 'vitest';
import { STATS_BUCKETS, fillThroughputSeries, mergeThroughput, statsWindowSpan, taskIdPrefixRange } from '../../src/domain/stats-window.js';

describe('stats windows', () => {
  it('cuts every window into the same number of buckets: one a minute over an hour', () => {
    expect(statsWindowSpan('1h')).toEqual({ windowMs: 3_600_000, bucketMs: 60_000 });
    expect(statsWindowSpan('5m')).toEqual({ windowMs: 300_000, bucketMs: 5_000 });
    expect(statsWindowSpan('6h').bucketMs * STATS_BUCKETS).toBe(6 * 3_600_000);
  });

  it('fills the series with every bucket, oldest first, ending with the one holding now, aligned on the bucket length', () => {
    const now = Date.UTC(2026, 0, 1, 12, 30, 15);
    const series = fillThroughputSeries(
      [
        { slot: Math.floor(now / 60_000), completed: 3, errors: 1 },
        { slot: Math.floor(now / 60_000) - 2, completed: 5, errors: 0 },
      ],
      now,
      60_000,
    );
    expect(series).toHaveLength(60);
    expect(series[59]).toEqual({ startMs: Date.UTC(2026, 0, 1, 12, 30), completed: 3, errors: 1 });
    expect(series[57]).toEqual({ startMs: Date.UTC(2026, 0, 1, 12, 28), completed: 5, errors: 0 });
    expect(series[58]).toEqual({ startMs: Date.UTC(2026, 0, 1, 12, 29), completed: 0, errors: 0 });
    expect(series[0].startMs).toBe(Date.UTC(2026, 0, 1, 11, 31));
  });

  it('ignores counts from slots outside the series', () => {
    const series = fillThroughputSeries([{ slot: 1, completed: 9, errors: 9 }], 600_000, 60_000, 3);
    expect(series.map((b) => b.completed)).toEqual([0, 0, 0]);
  });
});

describe('settled throughput buckets', () => {
  const minute = 60_000;
  const at = (slot: number, secondsIn = 30) => slot * minute + secondsIn * 1000;
  const c = (slot: number, completed: number, errors = 0) => ({ slot, completed, errors });

  it('keeps every bucket but the current one and the one before it from a first, whole-window count', () => {
    const { series, settled } = mergeThroughput(undefined, [c(97, 4), c(99, 2), c(100, 1, 1)], at(100), minute, 5);
    expect(series.map((b) => [b.startMs / minute, b.completed, b.errors])).toEqual([
      [96, 0, 0],
      [97, 4, 0],
      [98, 0, 0],
      [99, 2, 0],
      [100, 1, 1],
    ]);
    expect(settled.through).toBe(99);
    expect([...settled.counts.keys()]).toEqual([97]);
  });

  it('joins the kept buckets with a count of the newest ones, and drops kept buckets that left the window', () => {
    const first = mergeThroughput(undefined, [c(96, 9), c(97, 4), c(99, 2)], at(100), minute, 5);
    // Two minutes later: the query counted slots 99 on (99 again: it was not settled), and 101, 102 are new.
    const next = mergeThroughput(first.settled, [c(99, 3), c(101, 5), c(102, 1)], at(102), minute, 5);
    expect(next.series.map((b) => [b.startMs / minute, b.completed])).toEqual([
      [98, 0],
      [99, 3],
      [100, 0],
      [101, 5],
      [102, 1],
    ]);
    expect(next.settled.through).toBe(101);
    expect([...next.settled.counts.keys()].sort()).toEqual([99]);
  });

  it('answers the same series when called again within the same bucket', () => {
    const first = mergeThroughput(undefined, [c(97, 4), c(99, 2), c(100, 1)], at(100, 10), minute, 5);
    const again = mergeThroughput(first.settled, [c(99, 2), c(100, 3)], at(100, 50), minute, 5);
    expect(again.series.map((b) => b.completed)).toEqual([0, 4, 0, 2, 3]);
    expect(again.settled.through).toBe(99);
  });
});

describe('task id prefixes', () => {
  it('gives the inclusive uuid range a prefix stands for', () => {
    expect(taskIdPrefixRange('0190AB')).toEqual({ from: '0190ab00-0000-0000-0000-000000000000', to: '0190abff-ffff-ffff-ffff-ffffffffffff' });
  });

  it('ignores dashes, so a prefix copied from a displayed id works, and a whole id is a range of one', () => {
    const id = '0190ab12-3456-7890-abcd-ef0123456789';
    expect(taskIdPrefixRange(id)).toEqual({ from: id, to: id });
    expect(taskIdPrefixRange('0190ab12-34')).toEqual({ from: '0190ab12-3400-0000-0000-000000000000', to: '0190ab12-34ff-ffff-ffff-ffffffffffff' });
  });

  it('refuses what is not a hex prefix of a uuid', () => {
    for (const bad of ['', '-', 'xyz', '0190ab12-3456-7890-abcd-ef01234567890', 'urgent', '12 34']) expect(taskIdPrefixRange(bad), bad).toBeNull();
  });
});
