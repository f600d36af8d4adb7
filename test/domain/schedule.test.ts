import { describe, expect, it } from 'vitest';
import {
  assertScheduleName,
  canonicalTimezone,
  describeSpec,
  dueSlots,
  manualIdempotencyKey,
  MAX_FIRES_PER_TICK,
  nextFireTimes,
  parseScheduleSpec,
  planOverlap,
  scheduleTag,
  slotAfter,
  slotIdempotencyKey,
  type CatchUpPolicy,
  type ScheduleSpec,
} from '../../src/domain/schedule.js';
import { isBatonError } from '../../src/errors.js';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const at = (iso: string) => new Date(iso);
const isos = (dates: (Date | null)[]) => dates.map((d) => d?.toISOString() ?? null);

/** The error a call throws, or a failure if it throws none. */
function refusal(fn: () => unknown): { code: string; message: string; details: Record<string, unknown> } {
  try {
    fn();
  } catch (err) {
    if (isBatonError(err)) return { code: err.code, message: err.message, details: err.details as Record<string, unknown> };
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('parseScheduleSpec', () => {
  it('takes a 5-field or 6-field cron, in UTC unless a time zone is given', () => {
    expect(parseScheduleSpec({ cron: '0 2 * * *' }, NOW)).toEqual({ kind: 'cron', cron: '0 2 * * *', timezone: 'UTC' });
    expect(parseScheduleSpec({ cron: ' */10  * * * * * ', timezone: 'Europe/London' }, NOW)).toEqual({ kind: 'cron', cron: '*/10 * * * * *', timezone: 'Europe/London' });
  });

  it('takes an every of at least 1s, as a duration', () => {
    expect(parseScheduleSpec({ every: '1s' }, NOW)).toEqual({ kind: 'every', everyMs: 1000, timezone: 'UTC' });
    expect(parseScheduleSpec({ every: '90 minutes', timezone: null }, NOW)).toEqual({ kind: 'every', everyMs: 5_400_000, timezone: 'UTC' });
    for (const every of ['0s', '500ms', '0.5s', 'often', '7']) {
      expect(refusal(() => parseScheduleSpec({ every }, NOW))).toMatchObject({ code: 'invalid_schedule', details: { field: 'every', every } });
    }
  });

  it('refuses both or neither of cron and every', () => {
    expect(refusal(() => parseScheduleSpec({ cron: '* * * * *', every: '1m' }, NOW))).toMatchObject({ code: 'invalid_schedule', message: expect.stringContaining('both') });
    expect(refusal(() => parseScheduleSpec({}, NOW))).toMatchObject({ code: 'invalid_schedule', message: expect.stringContaining('neither') });
    expect(refusal(() => parseScheduleSpec({ cron: null, every: null }, NOW)).message).toContain('exactly one of "cron" and "every"');
  });

  it.each([
    ['61 * * * *', 'minute'],
    ['0 25 * * *', 'hour'],
    ['0 0 32 * *', 'day'],
    ['0 0 1 13 *', 'month'],
    ['0 0 * * 8', 'dayOfWeek'],
    ['0 0 * *', 'five, six'],
    ['0 0 0 * * * 2030', '5 or 6 parts'],
    ['x * * * *', 'illegal characters'],
  ])('refuses the cron %j, naming the problem (%s)', (cron, problem) => {
    const err = refusal(() => parseScheduleSpec({ cron }, NOW));
    expect(err).toMatchObject({ code: 'invalid_schedule', details: { field: 'cron', cron } });
    expect(err.message).toContain(problem);
    expect(err.message).toContain(`cron "${cron}" is invalid`);
  });

  it('refuses a cron that never fires', () => {
    expect(refusal(() => parseScheduleSpec({ cron: '0 0 30 2 *' }, NOW))).toMatchObject({ code: 'invalid_schedule', details: { field: 'cron' } });
  });

  it('refuses an unknown time zone, naming it, and canonicalises a known one', () => {
    expect(refusal(() => parseScheduleSpec({ cron: '0 2 * * *', timezone: 'Mars/Olympus_Mons' }, NOW))).toMatchObject({
      code: 'invalid_schedule',
      message: expect.stringContaining('"Mars/Olympus_Mons"'),
      details: { field: 'timezone', timezone: 'Mars/Olympus_Mons' },
    });
    expect(canonicalTimezone('europe/london')).toBe('Europe/London');
  });
});

describe('schedule names and keys', () => {
  it('accepts URL- and key-safe names only', () => {
    expect(assertScheduleName('nightly_report-2.v1')).toBe('nightly_report-2.v1');
    for (const bad of ['', 'has space', 'a/b', 'a:b', '-lead', 'x'.repeat(129), 7]) {
      expect(refusal(() => assertScheduleName(bad))).toMatchObject({ code: 'invalid_schedule', details: { field: 'name' } });
    }
  });

  it('makes the idempotency key a function of the slot, and manual keys distinct from slot keys', () => {
    expect(slotIdempotencyKey('nightly', at('2026-03-08T07:00:00Z'))).toBe('schedule:nightly:2026-03-08T07:00:00.000Z');
    expect(manualIdempotencyKey('nightly', 'abc')).toBe('schedule:nightly:manual:abc');
    expect(scheduleTag('nightly')).toBe('schedule:nightly');
  });

  it('describes a spec the way the API shows it', () => {
    expect(describeSpec({ kind: 'every', everyMs: 3_600_000, timezone: 'UTC' })).toEqual({ cron: null, every: '1h', timezone: 'UTC' });
    expect(describeSpec({ kind: 'cron', cron: '0 2 * * *', timezone: 'Europe/London' })).toEqual({ cron: '0 2 * * *', every: null, timezone: 'Europe/London' });
  });
});

describe('nextFireTimes', () => {
  it('aligns every slots to multiples of the interval since the epoch, whatever the starting point', () => {
    const spec: ScheduleSpec = { kind: 'every', everyMs: 60_000, timezone: 'UTC' };
    expect(isos(nextFireTimes(spec, at('2026-06-01T12:00:17.250Z'), 3))).toEqual(['2026-06-01T12:01:00.000Z', '2026-06-01T12:02:00.000Z', '2026-06-01T12:03:00.000Z']);
    // Strictly after: a slot equal to `after` is not next.
    expect(isos(nextFireTimes(spec, at('2026-06-01T12:01:00.000Z'), 1))).toEqual(['2026-06-01T12:02:00.000Z']);
    const sevenSeconds: ScheduleSpec = { kind: 'every', everyMs: 7000, timezone: 'UTC' };
    expect(nextFireTimes(sevenSeconds, NOW, 5).every((d) => d.getTime() % 7000 === 0)).toBe(true);
  });

  it('computes cron slots in the time zone', () => {
    const london = parseScheduleSpec({ cron: '0 2 * * *', timezone: 'Europe/London' }, NOW);
    // 02:00 BST is 01:00 UTC in summer; 02:00 GMT is 02:00 UTC in winter.
    expect(isos(nextFireTimes(london, at('2026-06-01T12:00:00Z'), 2))).toEqual(['2026-06-02T01:00:00.000Z', '2026-06-03T01:00:00.000Z']);
    expect(isos(nextFireTimes(london, at('2026-12-01T12:00:00Z'), 1))).toEqual(['2026-12-02T02:00:00.000Z']);
  });

  it('returns fewer when a cron stops firing', () => {
    const once: ScheduleSpec = { kind: 'cron', cron: '0 0 1 1 *', timezone: 'UTC' };
    expect(nextFireTimes(once, NOW, 2)).toHaveLength(2);
    expect(slotAfter(once, at('2026-01-01T00:00:00Z'))?.toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });
});

/**
 * Ticks every minute from `from` to `to`, as the scheduler would, and returns
 * every slot fired: what a user of the schedule sees.
 */
function simulate(spec: ScheduleSpec, from: string, to: string): string[] {
  const fired: string[] = [];
  let next = slotAfter(spec, at(from))!;
  for (let now = at(from).getTime(); now <= at(to).getTime(); now += 60_000) {
    const due = dueSlots(spec, { nextFireAt: next, now: new Date(now), catchUp: 'none', misfireGraceMs: 60_000 });
    fired.push(...isos(due.fire).map(String));
    next = due.next!;
  }
  return fired;
}

describe('daylight saving (croner, Vixie cron rules)', () => {
  it('fires a fixed-time job whose time falls in the spring gap once that day, at the first valid time after the gap', () => {
    // America/New_York, 2026-03-08: 02:00 EST jumps to 03:00 EDT, so 02:30 does not exist that day.
    const spec = parseScheduleSpec({ cron: '30 2 * * *', timezone: 'America/New_York' }, NOW);
    expect(simulate(spec, '2026-03-07T00:00:00Z', '2026-03-10T00:00:00Z')).toEqual([
      '2026-03-07T07:30:00.000Z', // 02:30 EST
      '2026-03-08T07:00:00.000Z', // 03:00 EDT: the first valid time after the gap
      '2026-03-09T06:30:00.000Z', // 02:30 EDT
    ]);
  });

  it('fires a fixed-time job whose time repeats in autumn once, at the first occurrence', () => {
    // America/New_York, 2026-11-01: 02:00 EDT falls back to 01:00 EST, so 01:30 happens twice.
    const spec = parseScheduleSpec({ cron: '30 1 * * *', timezone: 'America/New_York' }, NOW);
    expect(simulate(spec, '2026-10-31T00:00:00Z', '2026-11-03T00:00:00Z')).toEqual([
      '2026-10-31T05:30:00.000Z', // 01:30 EDT
      '2026-11-01T05:30:00.000Z', // 01:30 EDT, the first occurrence; not 06:30Z (01:30 EST)
      '2026-11-02T06:30:00.000Z', // 01:30 EST
    ]);
  });

  it('runs an interval job through the repeated hour and skips the missing one', () => {
    const hourly = parseScheduleSpec({ cron: '0 * * * *', timezone: 'America/New_York' }, NOW);
    // Autumn: 01:00 EDT (05:00Z) and 01:00 EST (06:00Z) both fire; hourly slots are an hour apart in real time.
    expect(simulate(hourly, '2026-11-01T04:30:00Z', '2026-11-01T07:30:00Z')).toEqual(['2026-11-01T05:00:00.000Z', '2026-11-01T06:00:00.000Z', '2026-11-01T07:00:00.000Z']);
    // Spring: 01:00 EST (06:00Z), then 03:00 EDT (07:00Z); 02:00 does not exist.
    expect(simulate(hourly, '2026-03-08T05:30:00Z', '2026-03-08T07:30:00Z')).toEqual(['2026-03-08T06:00:00.000Z', '2026-03-08T07:00:00.000Z']);
  });
});

describe('dueSlots', () => {
  const everyMinute: ScheduleSpec = { kind: 'every', everyMs: 60_000, timezone: 'UTC' };
  const due = (nextFireAt: string, now: string, catchUp: CatchUpPolicy, misfireGraceMs = 60_000, spec = everyMinute) =>
    dueSlots(spec, { nextFireAt: at(nextFireAt), now: at(now), catchUp, misfireGraceMs });

  it('fires nothing before the next slot', () => {
    expect(due('2026-06-01T12:01:00Z', '2026-06-01T12:00:59.999Z', 'all')).toEqual({ fire: [], missed: 0, next: at('2026-06-01T12:01:00Z') });
  });

  it('fires a slot that is due, or late within the grace, whatever catch_up says', () => {
    for (const catchUp of ['none', 'latest', 'all'] as const) {
      const onTime = due('2026-06-01T12:01:00Z', '2026-06-01T12:01:00Z', catchUp);
      expect([catchUp, isos(onTime.fire), onTime.next?.toISOString()]).toEqual([catchUp, ['2026-06-01T12:01:00.000Z'], '2026-06-01T12:02:00.000Z']);
      // Exactly the grace late: still late, not missed.
      const late = due('2026-06-01T12:01:00Z', '2026-06-01T12:02:00.500Z', catchUp, 60_500);
      expect([catchUp, isos(late.fire), late.missed]).toEqual([catchUp, ['2026-06-01T12:01:00.000Z', '2026-06-01T12:02:00.000Z'], 0]);
    }
  });

  it('applies catch_up to missed slots: none fires none, latest the most recent, all every one', () => {
    // Down from 12:01 to 12:06:30; grace 1s: 12:01..12:06 are missed (6 slots), nothing is late.
    const none = due('2026-06-01T12:01:00Z', '2026-06-01T12:06:30Z', 'none', 1000);
    expect([isos(none.fire), none.missed, none.next?.toISOString()]).toEqual([[], 6, '2026-06-01T12:07:00.000Z']);
    const latest = due('2026-06-01T12:01:00Z', '2026-06-01T12:06:30Z', 'latest', 1000);
    expect([isos(latest.fire), latest.missed, latest.next?.toISOString()]).toEqual([['2026-06-01T12:06:00.000Z'], 5, '2026-06-01T12:07:00.000Z']);
    const all = due('2026-06-01T12:01:00Z', '2026-06-01T12:06:30Z', 'all', 1000);
    expect([all.fire.length, all.missed, all.next?.toISOString()]).toEqual([6, 0, '2026-06-01T12:07:00.000Z']);
  });

  it('fires late slots on top of the catch_up of missed ones, and never a slot twice', () => {
    // Grace 90s at 12:06:30: 12:06 is late (30s), 12:05 too (90s); 12:01..12:04 are missed.
    const latest = due('2026-06-01T12:01:00Z', '2026-06-01T12:06:30Z', 'latest', 90_000);
    expect([isos(latest.fire), latest.missed]).toEqual([['2026-06-01T12:04:00.000Z', '2026-06-01T12:05:00.000Z', '2026-06-01T12:06:00.000Z'], 3]);
    const none = due('2026-06-01T12:01:00Z', '2026-06-01T12:06:30Z', 'none', 90_000);
    expect([isos(none.fire), none.missed]).toEqual([['2026-06-01T12:05:00.000Z', '2026-06-01T12:06:00.000Z'], 4]);
  });

  it('fires at most MAX_FIRES_PER_TICK per call with catch_up all, and the rest on the next calls', () => {
    const everySecond: ScheduleSpec = { kind: 'every', everyMs: 1000, timezone: 'UTC' };
    const first = due('2026-06-01T12:00:00Z', '2026-06-01T12:40:00Z', 'all', 0, everySecond);
    expect(first.fire).toHaveLength(MAX_FIRES_PER_TICK);
    expect(first.next?.toISOString()).toBe('2026-06-01T12:16:40.000Z');
    const second = dueSlots(everySecond, { nextFireAt: first.next!, now: at('2026-06-01T12:40:00Z'), catchUp: 'all', misfireGraceMs: 0 });
    expect(isos([second.fire[0]])).toEqual(['2026-06-01T12:16:40.000Z']);
    const third = dueSlots(everySecond, { nextFireAt: second.next!, now: at('2026-06-01T12:40:00Z'), catchUp: 'all', misfireGraceMs: 0 });
    // 2401 slots in 12:00:00..12:40:00: 1000 + 1000 + 401, each once.
    expect([third.fire.length, third.next?.toISOString()]).toEqual([401, '2026-06-01T12:40:01.000Z']);
    expect(new Set([...first.fire, ...second.fire, ...third.fire].map((d) => d.getTime())).size).toBe(2401);
  });

  it('counts a month of missed every-second slots without walking them', () => {
    const everySecond: ScheduleSpec = { kind: 'every', everyMs: 1000, timezone: 'UTC' };
    const out = due('2026-05-01T00:00:00Z', '2026-05-31T00:00:00Z', 'latest', 0, everySecond);
    // The slot at `now` itself is on time (0 ms late), so it fires as well as the latest missed one.
    expect([isos(out.fire), out.missed]).toEqual([['2026-05-30T23:59:59.000Z', '2026-05-31T00:00:00.000Z'], 30 * 86_400 - 1]);
  });

  it('finds the latest missed cron slot, and counts missed cron slots', () => {
    const daily = parseScheduleSpec({ cron: '0 2 * * *', timezone: 'Europe/London' }, NOW);
    const out = due('2026-06-02T01:00:00Z', '2026-06-05T12:00:00Z', 'latest', 60_000, daily);
    expect([isos(out.fire), out.missed, out.next?.toISOString()]).toEqual([['2026-06-05T01:00:00.000Z'], 3, '2026-06-06T01:00:00.000Z']);
    const none = due('2026-06-02T01:00:00Z', '2026-06-05T12:00:00Z', 'none', 60_000, daily);
    expect([none.fire, none.missed]).toEqual([[], 4]);
    const all = due('2026-06-02T01:00:00Z', '2026-06-05T12:00:00Z', 'all', 60_000, daily);
    expect(isos(all.fire)).toEqual(['2026-06-02T01:00:00.000Z', '2026-06-03T01:00:00.000Z', '2026-06-04T01:00:00.000Z', '2026-06-05T01:00:00.000Z']);
  });

  it('has no next slot when a cron stops firing', () => {
    const once: ScheduleSpec = { kind: 'cron', cron: '0 0 1 1 *', timezone: 'UTC' };
    const out = dueSlots(once, { nextFireAt: at('2026-01-01T00:00:00Z'), now: at('9999-06-01T00:00:00Z'), catchUp: 'none', misfireGraceMs: 0 });
    expect(out.next).toBeNull();
  });
});

describe('planOverlap', () => {
  const slots = [at('2026-06-01T12:00:00Z'), at('2026-06-01T12:01:00Z'), at('2026-06-01T12:02:00Z')];
  const plan = (overlap: 'skip' | 'allow' | 'cancel_previous', live: boolean, due = slots) => {
    const p = planOverlap(overlap, live, due);
    return { fire: isos(p.fire), skipped: p.skipped, cancelPrevious: p.cancelPrevious, cancelSuperseded: p.cancelSuperseded };
  };

  it('skip: nothing while the previous task is live, else only the oldest slot (its task is live for the rest)', () => {
    expect(plan('skip', true)).toEqual({ fire: [], skipped: 3, cancelPrevious: false, cancelSuperseded: false });
    expect(plan('skip', false)).toEqual({ fire: ['2026-06-01T12:00:00.000Z'], skipped: 2, cancelPrevious: false, cancelSuperseded: false });
  });

  it('allow: every slot, whatever runs', () => {
    expect(plan('allow', true)).toMatchObject({ fire: isos(slots), skipped: 0, cancelPrevious: false });
  });

  it('cancel_previous: every slot fires; the live previous task and all but the newest of this tick are cancelled', () => {
    expect(plan('cancel_previous', true)).toEqual({ fire: isos(slots), skipped: 0, cancelPrevious: true, cancelSuperseded: true });
    expect(plan('cancel_previous', false, slots.slice(0, 1))).toEqual({ fire: isos(slots.slice(0, 1)), skipped: 0, cancelPrevious: false, cancelSuperseded: false });
  });

  it('has nothing to do without due slots', () => {
    expect(plan('cancel_previous', true, [])).toEqual({ fire: [], skipped: 0, cancelPrevious: false, cancelSuperseded: false });
  });
});
