/**
 * The pure parts of the dashboard's task side: the timeline's segments from a
 * task's transitions (attempts, backoff, waits, time held in error), its axis
 * ticks, and which form field a server's context problem is about.
 */
import { describe, expect, it } from 'vitest';
import { buildTimeline, tickStep } from '../../src/dashboard/assets/timeline.js';
import { problemKey, problemsOf } from '../../src/dashboard/assets/schema-fields.js';
import type { ReceivedEvent, StepView } from '../../src/dashboard/assets/types.js';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

let nextId = 1;
function transition(step: string | null, from: string, to: string, ms: number, extra: Partial<ReceivedEvent> = {}): ReceivedEvent {
  return { id: String(nextId++), type: 'transition', task_id: 't', step, from, to, attempt: null, reason: null, worker: null, actor: null, data: null, at: at(ms), ...extra };
}

function step(name: string, extra: Partial<StepView> = {}): StepView {
  return {
    name,
    handler: 'h',
    kind: 'task',
    state: 'complete',
    attempts: 1,
    max_attempts: 3,
    depends_on: [],
    params: {},
    output: null,
    error: null,
    labels: {},
    visible_at: null,
    started_at: null,
    finished_at: null,
    worker: null,
    ...extra,
  };
}

describe('task timeline', () => {
  it('draws a failed attempt, its backoff, and the retry that completed, in time order', () => {
    const events = [
      transition('charge', 'pending', 'ready', 0),
      transition('charge', 'ready', 'running', 10, { attempt: 1, worker: 'w1' }),
      transition('charge', 'running', 'failed', 110, { attempt: 1, reason: 'gateway timed out' }),
      transition('charge', 'failed', 'ready', 110, { attempt: 1, reason: 'retry in 300 ms' }),
      transition('charge', 'ready', 'running', 420, { attempt: 2 }),
      transition('charge', 'running', 'complete', 500, { attempt: 2 }),
      transition(null, 'running', 'complete', 510),
    ];
    const [row] = buildTimeline({ steps: [step('charge', { attempts: 2 })], status: 'complete', finished_at: at(510) }, events, T0 + 9_999, false);
    expect(row.segments.map((s) => [s.kind, s.startMs - T0, s.endMs - T0, s.attempt, s.outcome])).toEqual([
      ['queued', 0, 10, null, 'running'],
      ['run', 10, 110, 1, 'failed'],
      ['backoff', 110, 420, null, 'running'],
      ['run', 420, 500, 2, 'complete'],
    ]);
    expect(row.segments[1]).toMatchObject({ endReason: 'gateway timed out', worker: 'w1', open: false });
    expect(row.segments[2].reason).toBe('retry in 300 ms');
  });

  it('grows a running attempt up to now while the task is live, and ends it at the finish once it is not', () => {
    const events = [transition('s', 'ready', 'running', 0, { attempt: 1 })];
    const live = buildTimeline({ steps: [step('s', { state: 'running' })], status: 'running', finished_at: null }, events, T0 + 2_000, true);
    expect(live[0].segments).toMatchObject([{ kind: 'run', open: true, outcome: null }]);
    expect(live[0].segments[0].endMs - T0).toBe(2_000);
    const ended = buildTimeline({ steps: [step('s', { state: 'running' })], status: 'cancelled', finished_at: at(700) }, events, T0 + 2_000, false);
    expect(ended[0].segments[0]).toMatchObject({ open: false });
    expect(ended[0].segments[0].endMs - T0).toBe(700);
  });

  it('shows a wait, and the time a step sat in error until an operator retried it, but not an error nobody acted on', () => {
    const events = [
      transition('approve', 'ready', 'waiting', 0),
      transition('approve', 'waiting', 'complete', 5_000),
      transition('ship', 'ready', 'running', 0, { attempt: 1 }),
      transition('ship', 'running', 'error', 100, { attempt: 1 }),
      transition('ship', 'error', 'ready', 3_000, { reason: 'retried by operator' }),
      transition('ship', 'ready', 'running', 3_010, { attempt: 1 }),
      transition('ship', 'running', 'error', 3_100, { attempt: 1 }),
    ];
    const rows = buildTimeline(
      { steps: [step('approve', { kind: 'wait' }), step('ship', { state: 'error' })], status: 'error', finished_at: at(3_100) },
      events,
      T0 + 9_000,
      false,
    );
    expect(rows[0].segments.map((s) => s.kind)).toEqual(['wait']);
    expect(rows[1].segments.map((s) => [s.kind, s.outcome])).toEqual([
      ['run', 'error'],
      ['halted', 'ready'],
      ['queued', 'running'],
      ['run', 'error'],
    ]);
  });

  it("falls back to a step's own start and finish when no transition was received, and keeps steps only the events name", () => {
    const rows = buildTimeline(
      { steps: [step('a', { started_at: at(0), finished_at: at(50), attempts: 2 }), step('b', { state: 'pending' })], status: 'running', finished_at: null },
      [transition('fan[0]', 'ready', 'running', 20, { attempt: 1 })],
      T0 + 100,
      true,
    );
    expect(rows.map((r) => r.name)).toEqual(['a', 'b', 'fan[0]']);
    expect(rows[0].segments).toMatchObject([{ kind: 'run', attempt: 2, outcome: 'complete', open: false }]);
    expect(rows[1].segments).toEqual([]);
    expect(rows[2]).toMatchObject({ state: 'running', attempts: 1, segments: [{ kind: 'run', open: true }] });
  });

  it('spaces axis ticks at 1, 2 or 5 times a power of ten', () => {
    expect(tickStep(1_000)).toBe(200);
    expect(tickStep(2_500)).toBe(500);
    expect(tickStep(60_000)).toBe(10_000);
    expect(tickStep(1)).toBe(1);
  });
});

describe('context problems on form fields', () => {
  it("names the field of a pointer's first segment, or of a missing required property", () => {
    expect(problemKey({ path: '/quantity', message: 'must be >= 1' })).toBe('quantity');
    expect(problemKey({ path: '/items/0/sku', message: 'must be string' })).toBe('items');
    expect(problemKey({ path: '/a~1b', message: 'x' })).toBe('a/b');
    expect(problemKey({ path: '/', message: "must have required property 'order_id'", params: { missingProperty: 'order_id' } })).toBe('order_id');
    expect(problemKey({ path: '/', message: 'must NOT have additional properties', params: { additionalProperty: 'x' } })).toBeNull();
    expect(problemKey({ path: 'tags[0]', message: 'Too small' })).toBeNull();
  });

  it("reads the problems of an API error's details, skipping malformed entries", () => {
    expect(problemsOf({ errors: [{ path: '/a', message: 'm' }, { path: 1 }, null] })).toEqual([{ path: '/a', message: 'm' }]);
    expect(problemsOf(undefined)).toEqual([]);
  });
});
