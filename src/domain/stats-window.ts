/**
 * The shapes behind `GET /v1/stats` that need no database: which windows it
 * answers for and how each is cut into buckets, how a throughput series is
 * filled in (every bucket present, empty ones as zero) and joined with the
 * settled buckets a server keeps, and the id range a task id prefix stands
 * for (the task list's search).
 */

/** Windows `GET /v1/stats?window=` accepts, each cut into `STATS_BUCKETS` buckets. */
export const STATS_WINDOWS = {
  '5m': 5 * 60_000,
  '15m': 15 * 60_000,
  '1h': 60 * 60_000,
  '6h': 6 * 60 * 60_000,
} as const;

export type StatsWindow = keyof typeof STATS_WINDOWS;

/** The default window: the last hour. */
export const DEFAULT_STATS_WINDOW: StatsWindow = '1h';

/** Buckets of the throughput series: one a minute over the default hour. */
export const STATS_BUCKETS = 60;

/** A window's length and its bucket's, in ms. */
export function statsWindowSpan(window: StatsWindow): { windowMs: number; bucketMs: number } {
  const windowMs = STATS_WINDOWS[window];
  return { windowMs, bucketMs: windowMs / STATS_BUCKETS };
}

/** One bucket of the throughput series: steps that ended in it. */
export interface ThroughputBucket {
  /** The bucket's start (ms since the epoch); buckets are aligned on multiples of their length. */
  startMs: number;
  completed: number;
  errors: number;
}

/**
 * The whole series from the counts of the buckets that had any: `count`
 * buckets ending with the one holding `nowMs`, aligned on multiples of
 * `bucketMs` (so successive answers line up), oldest first; a slot absent
 * from `counted` is a bucket in which no step ended.
 */
export function fillThroughputSeries(
  counted: readonly { slot: number; completed: number; errors: number }[],
  nowMs: number,
  bucketMs: number,
  count = STATS_BUCKETS,
): ThroughputBucket[] {
  const bySlot = new Map(counted.map((c) => [c.slot, c]));
  const last = Math.floor(nowMs / bucketMs);
  const series: ThroughputBucket[] = [];
  for (let slot = last - count + 1; slot <= last; slot++) {
    const c = bySlot.get(slot);
    series.push({ startMs: slot * bucketMs, completed: c?.completed ?? 0, errors: c?.errors ?? 0 });
  }
  return series;
}

/** Counts of one throughput bucket as the database answers them: `slot` is the bucket's start divided by its length. */
export interface BucketCount {
  slot: number;
  completed: number;
  errors: number;
}

/** Counts of settled buckets (ended over a bucket ago): every slot before `through` is counted, an absent one had none. */
export interface SettledBuckets {
  through: number;
  counts: ReadonlyMap<number, BucketCount>;
}

/**
 * Joins counts kept from earlier calls (`settled`, or none) with `fresh`
 * counts of the slots from `settled.through` on (of the whole window without
 * `settled`), at `nowMs`: the window's series, and what to keep for the next
 * call. A bucket is settled once the bucket after it has ended too, so that
 * a step committed late (its `finished_at` is taken before its commit) is
 * still counted; settled slots that left the window are dropped.
 */
export function mergeThroughput(
  settled: SettledBuckets | undefined,
  fresh: readonly BucketCount[],
  nowMs: number,
  bucketMs: number,
  count = STATS_BUCKETS,
): { series: ThroughputBucket[]; settled: SettledBuckets } {
  const last = Math.floor(nowMs / bucketMs);
  const first = last - count + 1;
  const all = new Map<number, BucketCount>();
  for (const [slot, c] of settled?.counts ?? []) if (slot >= first && slot < settled!.through) all.set(slot, c);
  for (const c of fresh) if (c.slot >= first && c.slot <= last) all.set(c.slot, c);
  const through = Math.max(last - 1, settled?.through ?? -Infinity);
  const keep = new Map([...all].filter(([slot]) => slot < through));
  return { series: fillThroughputSeries([...all.values()], nowMs, bucketMs, count), settled: { through, counts: keep } };
}

/** A task id prefix as the list's search takes it: hex digits, dashes ignored, 1 to 32 digits. */
export const TASK_ID_PREFIX = /^[0-9a-fA-F-]{1,36}$/;

/**
 * The inclusive range of uuids that start with `prefix` (hex digits; dashes
 * are ignored, case too), so that a search by prefix reads one range of the
 * tasks' primary key: PostgreSQL orders uuids byte by byte, as their text.
 * Null when `prefix` holds no hex digit, a character that is not one, or
 * more than 32 digits.
 *
 * @example taskIdPrefixRange('0190ab') // { from: '0190ab00-0000-…', to: '0190abff-ffff-…' }
 */
export function taskIdPrefixRange(prefix: string): { from: string; to: string } | null {
  if (!TASK_ID_PREFIX.test(prefix)) return null;
  const hex = prefix.replaceAll('-', '').toLowerCase();
  if (hex.length === 0 || hex.length > 32) return null;
  const asUuid = (digits: string) => `${digits.slice(0, 8)}-${digits.slice(8, 12)}-${digits.slice(12, 16)}-${digits.slice(16, 20)}-${digits.slice(20)}`;
  return { from: asUuid(hex.padEnd(32, '0')), to: asUuid(hex.padEnd(32, 'f')) };
}
