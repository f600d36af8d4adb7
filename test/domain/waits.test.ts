import { describe, expect, it } from 'vitest';
import { eventKey, parseInstant, planWait, waitingView } from '../../src/domain/waits.js';
import { validateTemplate } from '../../src/domain/template-validate.js';
import { issuesOf } from './template-helpers.js';

describe('planWait', () => {
  it('plans a sleep for a duration or until a time', () => {
    expect(planWait('sleep', { duration: '3d' })).toEqual({ ok: true, plan: { waitFor: null, waitKey: null, wakeInMs: 3 * 86_400_000, describe: 'sleeping for 3d' } });
    const at = '2030-01-02T03:04:05.000Z';
    expect(planWait('sleep', { until: at })).toEqual({ ok: true, plan: { waitFor: null, waitKey: null, wakeAt: new Date(at), describe: `sleeping until ${at}` } });
    expect(planWait('sleep', { until: Date.parse(at) })).toMatchObject({ ok: true, plan: { wakeAt: new Date(at) } });
  });

  it('refuses an until that is not a time, and a duration that is not one', () => {
    expect(planWait('sleep', { until: 'soon' })).toEqual({ ok: false, message: 'sleep.until resolved to "soon", which is not a time (ISO 8601, or ms since the epoch)' });
    expect(planWait('sleep', { until: null })).toMatchObject({ ok: false });
    expect(planWait('sleep', { duration: 'forever' })).toMatchObject({ ok: false, message: 'sleep.duration "forever" is not a duration' });
  });

  it('plans a signal wait and an event wait, with and without a timeout', () => {
    expect(planWait('wait', { signal: 'approval', timeout: '48h', on_timeout: 'fail' })).toEqual({
      ok: true,
      plan: { waitFor: 'signal:approval', waitKey: null, wakeInMs: 48 * 3_600_000, describe: 'waiting for signal "approval" (up to 48h)' },
    });
    expect(planWait('wait', { event: 'paid', match: 42, on_timeout: 'fail' })).toEqual({
      ok: true,
      plan: { waitFor: 'event:paid', waitKey: '42', describe: 'waiting for event "paid" with key "42"' },
    });
  });
});

describe('event keys, instants and the waiting view', () => {
  it('turns any JSON key into text', () => {
    expect([eventKey('a'), eventKey(7), eventKey(true), eventKey(null), eventKey({ a: 1 })]).toEqual(['a', '7', 'true', 'null', '{"a":1}']);
  });

  it('reads instants from ISO text or epoch milliseconds only', () => {
    expect(parseInstant('2030-01-01T00:00:00Z')?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(parseInstant(0)?.toISOString()).toBe('1970-01-01T00:00:00.000Z');
    expect([parseInstant(''), parseInstant('x'), parseInstant(true), parseInstant(undefined)]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('says what a waiting step waits for', () => {
    const at = new Date('2030-01-01T00:00:00Z');
    expect(waitingView(null, null, at)).toEqual({ for: 'sleep', name: null, key: null, until: '2030-01-01T00:00:00.000Z' });
    expect(waitingView('signal:approval', null, null)).toEqual({ for: 'signal', name: 'approval', key: null, until: null });
    expect(waitingView('event:payment.received', 'A-1', at)).toMatchObject({ for: 'event', name: 'payment.received', key: 'A-1' });
  });
});

const template = (steps: unknown[]) => ({ namespace: 't', name: 'w', version: '1', steps });
const messages = (steps: unknown[]) => issuesOf(template(steps)).map((i) => `${i.path}: ${i.message}`);

describe('template rules for sleep and wait steps', () => {
  it('accepts well-formed sleep and wait steps', () => {
    const def = validateTemplate(
      template([
        { name: 'a', handler: 'h', params: { due: 1 } },
        { name: 's', kind: 'sleep', depends_on: ['a'], sleep: { until: '${steps.a.due}' } },
        { name: 'w', kind: 'wait', wait: { signal: 'ok', timeout: '1h', on_timeout: 'skip', schema: { type: 'object' } } },
        { name: 'e', kind: 'wait', wait: { event: 'paid', match: '${context.id}' } },
      ]),
    );
    expect(def.steps.slice(1).map((s) => [s.handler, s.kind, s.retry.max_attempts, s.sleep ?? s.wait])).toEqual([
      ['', 'sleep', 1, { until: '${steps.a.due}' }],
      ['', 'wait', 1, { signal: 'ok', timeout: '1h', on_timeout: 'skip', schema: { type: 'object' } }],
      ['', 'wait', 1, { event: 'paid', match: '${context.id}', on_timeout: 'fail' }],
    ]);
  });

  it('names every problem with a sleep or wait spec', () => {
    expect(
      messages([
        { name: 'a', kind: 'sleep', sleep: { duration: '1d', until: 'x' } },
        { name: 'b', kind: 'sleep' },
        { name: 'c', kind: 'wait', wait: { signal: 's', event: 'e' } },
        { name: 'd', kind: 'wait', wait: { event: 'e' } },
        { name: 'e', kind: 'wait', wait: { signal: 's', match: 'k', handler: 'x' } },
        { name: 'f', kind: 'wait', handler: 'h', retry: { max_attempts: 2 }, wait: { signal: 's2', schema: { type: 'nonsense' } } },
        { name: 'g', kind: 'wait', wait: { signal: 's2', timeout: 'soon' } },
        { name: 'h', handler: 'x', sleep: { duration: '1d' } },
        { name: 'i', kind: 'sleep', wait: { signal: 'z' }, sleep: { duration: '1m' } },
        { name: 'j', kind: 'wait', wait: { event: 'e', match: 'k', schema: { type: 'object' } } },
        { name: 'k', kind: 'wait' },
        { name: 'l', handler: 'x', kind: 'fan_out', fan_out: { each: 'm' } },
        { name: 'm', kind: 'sleep', depends_on: ['l'], sleep: { until: '${steps.later.x}' } },
      ]),
    ).toMatchSnapshot();
  });
});
