/**
 * BatonClient's retry policy (issue #16), against a scripted fetch: which calls
 * and which failures are retried, that a submit keeps one idempotency key
 * across its retries, that `Retry-After` and the deadline are honoured, and
 * that the shared loop (src/retry.ts) keeps to its deadline.
 */
import { describe, expect, it } from 'vitest';
import { BatonError, isBatonError } from '../../src/errors.js';
import { retry } from '../../src/retry.js';
import { isTransientFailure, isTransientNetworkError, parseRetryAfterMs } from '../../src/sdk/client-retry.js';
import { BatonClient, type BatonClientOptions } from '../../src/sdk/client.js';

interface Call {
  method: string;
  path: string;
  body: any;
  at: number;
}

type Answer = Response | Error | (() => Response);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const FAST: BatonClientOptions['retry'] = { baseMs: 1, maxMs: 5, deadlineMs: 5_000 };

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'x-request-id': `req-${status}`, ...headers } });
const refusal = (status: number, code: string, headers: Record<string, string> = {}) => json(status, { error: { code, message: `${code} here` } }, headers);
const networkError = (code: string, message = 'fetch failed') => Object.assign(new TypeError(message), { cause: Object.assign(new Error(`connect ${code}`), { code }) });

/** A fetch that answers from `script` in order (then `fallback` forever) and records every request. */
function scripted(script: Answer[], fallback?: () => Answer) {
  const calls: Call[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const text = init?.body as string | undefined;
    calls.push({ method: init?.method ?? 'GET', path: url.pathname, body: text?.startsWith('{') ? JSON.parse(text) : text, at: Date.now() });
    const next = script.shift() ?? fallback?.();
    if (next === undefined) throw new Error('the script ran out');
    if (next instanceof Error) throw next;
    return typeof next === 'function' ? next() : next;
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

const TASK = { id: 't1', status: 'pending' };
const TASK_DETAIL = { task: { id: 't1', status: 'running', steps: [] } };

/** Every client method with a success answer for it, and whether it may be repeated. */
const METHODS: { name: string; retried: boolean; ok: () => Response; call: (c: BatonClient) => Promise<unknown> }[] = [
  { name: 'get', retried: true, ok: () => json(200, TASK_DETAIL), call: (c) => c.get('t1') },
  { name: 'list', retried: true, ok: () => json(200, { tasks: [], next_cursor: null }), call: (c) => c.list() },
  { name: 'listTemplates', retried: true, ok: () => json(200, { templates: [] }), call: (c) => c.listTemplates() },
  { name: 'getTemplate', retried: true, ok: () => json(200, { template: {} }), call: (c) => c.getTemplate('n', 'x') },
  { name: 'registerTemplate', retried: true, ok: () => json(201, { template: {} }), call: (c) => c.registerTemplate('name: x') },
  { name: 'submit', retried: true, ok: () => json(202, TASK), call: (c) => c.submit({ namespace: 'n', name: 'x' }) },
  { name: 'submitMany', retried: true, ok: () => json(202, { tasks: [TASK] }), call: (c) => c.submitMany([{ namespace: 'n', name: 'x' }]) },
  { name: 'cancel', retried: true, ok: () => json(200, { id: 't1', status: 'cancelled', changed: true }), call: (c) => c.cancel('t1') },
  { name: 'signal with a key', retried: true, ok: () => json(202, { delivered: true }), call: (c) => c.signal('t1', 'go', { a: 1 }, { idempotencyKey: 'k' }) },
  { name: 'sendEvent with a key', retried: true, ok: () => json(202, { delivered: 1 }), call: (c) => c.sendEvent({ name: 'e', key: 'k', idempotencyKey: 'k' }) },
  {
    name: 'applySchedule',
    retried: true,
    ok: () => json(201, { schedule: {} }),
    call: (c) => c.applySchedule({ name: 's', every: '1m', template: { namespace: 'n', name: 'x' } }),
  },
  { name: 'listSchedules', retried: true, ok: () => json(200, { schedules: [] }), call: (c) => c.listSchedules() },
  { name: 'getSchedule', retried: true, ok: () => json(200, { schedule: {} }), call: (c) => c.getSchedule('s') },
  { name: 'signal without a key', retried: false, ok: () => json(202, { delivered: true }), call: (c) => c.signal('t1', 'go', { a: 1 }) },
  { name: 'sendEvent without a key', retried: false, ok: () => json(202, { delivered: 1 }), call: (c) => c.sendEvent({ name: 'e', key: 'k' }) },
  { name: 'retryStep', retried: false, ok: () => json(200, TASK_DETAIL), call: (c) => c.retryStep('t1', 'a') },
  { name: 'resolveStep', retried: false, ok: () => json(200, TASK_DETAIL), call: (c) => c.resolveStep('t1', 'a', 1) },
  { name: 'patchSchedule', retried: false, ok: () => json(200, { schedule: {} }), call: (c) => c.patchSchedule('s', { paused: true }) },
  { name: 'deleteSchedule', retried: false, ok: () => json(200, {}), call: (c) => c.deleteSchedule('s') },
  { name: 'triggerSchedule', retried: false, ok: () => json(200, { task: TASK, schedule: {} }), call: (c) => c.triggerSchedule('s') },
];

describe('BatonClient retries', () => {
  it.each(METHODS)('$name: retried after a 503 only when safe to repeat', async ({ retried, ok, call }) => {
    const { fetch, calls } = scripted([refusal(503, 'unavailable'), ok()]);
    const outcome = await call(new BatonClient('http://h:1', { fetch, retry: FAST })).then(
      () => 'done',
      (err: unknown) => err,
    );
    if (retried) {
      expect(outcome).toBe('done');
      expect(calls).toHaveLength(2);
    } else {
      expect(isBatonError(outcome, 'unavailable')).toBe(true);
      expect(calls).toHaveLength(1);
    }
  });

  it.each([
    ['429', refusal(429, 'overloaded')],
    ['502 from a proxy', new Response('<html>bad gateway</html>', { status: 502 })],
    ['503', refusal(503, 'unavailable')],
    ['504 from a proxy', new Response('gateway timeout', { status: 504 })],
    ['connection refused', networkError('ECONNREFUSED')],
    ['connection reset', networkError('ECONNRESET')],
    ['EPIPE', networkError('EPIPE')],
    ['socket hang up', Object.assign(new TypeError('fetch failed'), { cause: new Error('socket hang up') })],
    ['undici: other side closed', Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) })],
    ['a bare fetch failed', new TypeError('fetch failed')],
  ])('retries a read after %s', async (_, failure) => {
    const { fetch, calls } = scripted([failure, failure instanceof Response ? failure.clone() : failure, json(200, TASK_DETAIL)]);
    expect((await new BatonClient('http://h:1', { fetch, retry: FAST }).get('t1')).id).toBe('t1');
    expect(calls).toHaveLength(3);
  });

  it.each([
    ['400', refusal(400, 'invalid_request')],
    ['401', refusal(401, 'unauthorized')],
    ['403', refusal(403, 'forbidden')],
    ['404', refusal(404, 'not_found')],
    ['409', refusal(409, 'conflict')],
    ['413', refusal(413, 'payload_too_large')],
    ['415', refusal(415, 'unsupported_media_type')],
    ['500', refusal(500, 'internal')],
    ['a name that does not resolve', networkError('ENOTFOUND')],
    ['a bad TLS certificate', networkError('DEPTH_ZERO_SELF_SIGNED_CERT')],
    ['an abort', Object.assign(new Error('aborted'), { name: 'AbortError' })],
  ])('does not retry %s', async (_, failure) => {
    const { fetch, calls } = scripted([failure, json(202, TASK)]);
    await expect(new BatonClient('http://h:1', { fetch, retry: FAST }).submit({ namespace: 'n', name: 'x' })).rejects.toBeDefined();
    expect(calls).toHaveLength(1);
  });

  it('gives a submit without a key one UUID, the same on every retry, and a new one per call; a given key is kept', async () => {
    const { fetch, calls } = scripted([networkError('ECONNRESET'), refusal(503, 'unavailable'), json(202, TASK), json(202, TASK), json(200, TASK)]);
    const client = new BatonClient('http://h:1', { fetch, retry: FAST });
    // The third attempt's answer says "existing": the lost first attempt made it, so it is still this call's creation.
    expect(await client.submit({ namespace: 'n', name: 'x', context: { a: 1 } })).toEqual({ id: 't1', status: 'pending', created: true });
    await client.submit({ namespace: 'n', name: 'x' });
    expect((await client.submit({ namespace: 'n', name: 'x', idempotency_key: 'mine' })).created).toBe(false);
    const keys = calls.map((c) => c.body.idempotency_key as string);
    expect(keys[0]).toMatch(UUID);
    expect(keys.slice(0, 3)).toEqual([keys[0], keys[0], keys[0]]);
    expect(keys[3]).toMatch(UUID);
    expect(keys[3]).not.toBe(keys[0]);
    expect(keys[4]).toBe('mine');
    expect(calls[0].body).toEqual({ namespace: 'n', name: 'x', context: { a: 1 }, idempotency_key: keys[0] });
  });

  it('gives each request of a batch without a key its own, kept across retries', async () => {
    const { fetch, calls } = scripted([refusal(429, 'overloaded'), json(202, { tasks: [TASK, TASK, TASK] })]);
    await new BatonClient('http://h:1', { fetch, retry: FAST }).submitMany([
      { namespace: 'n', name: 'x' },
      { namespace: 'n', name: 'x', idempotency_key: 'mine' },
      { namespace: 'n', name: 'x' },
    ]);
    const sent = calls.map((c) => (c.body.tasks as { idempotency_key: string }[]).map((t) => t.idempotency_key));
    expect(sent[1]).toEqual(sent[0]);
    expect(sent[0][0]).toMatch(UUID);
    expect(sent[0][1]).toBe('mine');
    expect(sent[0][2]).toMatch(UUID);
    expect(sent[0][2]).not.toBe(sent[0][0]);
  });

  it('with retry: false, makes one attempt and adds no key', async () => {
    const { fetch, calls } = scripted([networkError('ECONNREFUSED'), json(202, TASK)]);
    const client = new BatonClient('http://h:1', { fetch, retry: false });
    await expect(client.submit({ namespace: 'n', name: 'x' })).rejects.toMatchObject({ code: 'unavailable', details: { reason: 'ECONNREFUSED' } });
    expect(await client.submit({ namespace: 'n', name: 'x' })).toEqual({ ...TASK, created: true });
    expect(calls.map((c) => c.body)).toEqual([
      { namespace: 'n', name: 'x' },
      { namespace: 'n', name: 'x' },
    ]);
  });

  it('waits at least the Retry-After the server asked for, not just the backoff', async () => {
    const { fetch, calls } = scripted([refusal(429, 'overloaded', { 'retry-after': '1' }), json(202, TASK)]);
    const retries: number[] = [];
    const client = new BatonClient('http://h:1', { fetch, retry: { baseMs: 1, maxMs: 5, deadlineMs: 5_000, onRetry: (r) => retries.push(r.delayMs) } });
    await client.submit({ namespace: 'n', name: 'x' });
    expect(retries).toEqual([1000]);
    expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(1000 - 5);
  });

  it('gives up at once, with the wait asked for, when Retry-After is past the deadline', async () => {
    const { fetch, calls } = scripted([refusal(503, 'unavailable', { 'retry-after': '60' }), json(202, TASK)]);
    const started = Date.now();
    const err = await new BatonClient('http://h:1', { fetch, retry: { deadlineMs: 2_000 } }).submit({ namespace: 'n', name: 'x' }).catch((e: unknown) => e as BatonError);
    expect(err).toMatchObject({ code: 'unavailable', status: 503, retryAfterMs: 60_000, requestId: 'req-503' });
    expect(calls).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('stops retrying at the deadline and throws the last failure', async () => {
    const { fetch, calls } = scripted([], () => networkError('ECONNREFUSED'));
    const started = Date.now();
    const err = await new BatonClient('http://h:1', { fetch, retry: { deadlineMs: 600, baseMs: 50, maxMs: 100 } }).list().catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(err).toMatchObject({ code: 'unavailable', details: { reason: 'ECONNREFUSED' } });
    expect(elapsed).toBeGreaterThanOrEqual(600 - 5);
    // The last wait ends at the deadline: one more attempt, no further wait (scheduling slack aside).
    expect(elapsed).toBeLessThan(600 + 1_000);
    expect(calls.length).toBeGreaterThan(3);
  });

  it('stops after maxAttempts', async () => {
    const { fetch, calls } = scripted([], () => refusal(502, 'internal'));
    await expect(new BatonClient('http://h:1', { fetch, retry: { ...FAST, maxAttempts: 4 } }).get('t1')).rejects.toMatchObject({ status: 502 });
    expect(calls).toHaveLength(4);
  });
});

describe('the transient-failure rules', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfterMs('5', now)).toBe(5000);
    expect(parseRetryAfterMs(' 0 ', now)).toBe(0);
    expect(parseRetryAfterMs('1.5', now)).toBe(1500);
    expect(parseRetryAfterMs('Wed, 01 Jan 2025 00:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfterMs('Tue, 31 Dec 2024 23:59:00 GMT', now)).toBe(0);
    for (const bad of [null, undefined, '', 'soon', '-3', '2025-01-01T00:00:07Z']) expect(parseRetryAfterMs(bad, now)).toBeUndefined();
  });

  it('classifies by status for answers and by socket error for connections', () => {
    expect(isTransientFailure(new BatonError('internal', 'x', { status: 504 }))).toBe(true);
    expect(isTransientFailure(new BatonError('internal', 'x', { status: 500 }))).toBe(false);
    expect(isTransientFailure(new BatonError('wait_timeout', 'x'))).toBe(false);
    expect(isTransientFailure(new Error('ECONNREFUSED'))).toBe(false);
    expect(isTransientNetworkError(networkError('EPIPE'))).toBe(true);
    expect(isTransientNetworkError(networkError('ENOTFOUND'))).toBe(false);
    expect(isTransientNetworkError(new TypeError('Failed to parse URL'))).toBe(false);
  });
});

describe('retry() with a deadline and requested waits', () => {
  const FIXED_10MS = { backoff: 'fixed', base_ms: 10, max_ms: 10, jitter: false } as const;

  it('waits the longer of the policy and the failure’s own request', async () => {
    const waits: number[] = [];
    let n = 0;
    const value = await retry(
      async () => {
        if (++n < 3) throw Object.assign(new Error('busy'), { asked: n === 1 ? 50 : 1 });
        return n;
      },
      { attempts: 5, policy: FIXED_10MS, requestedDelayMs: (err) => (err as { asked: number }).asked, onRetry: (r) => waits.push(r.delayMs) },
    );
    expect(value).toBe(3);
    expect(waits).toEqual([50, 10]);
  });

  it('cuts the last wait to the deadline, and throws a request that would pass it', async () => {
    let clock = 0;
    const waits: number[] = [];
    let n = 0;
    const fn = async () => {
      n++;
      clock += 40;
      throw new Error(`failure ${n}`);
    };
    const FIXED_50MS = { backoff: 'fixed', base_ms: 50, max_ms: 50, jitter: false } as const;
    await expect(retry(fn, { attempts: Infinity, policy: FIXED_50MS, deadlineMs: 100, now: () => clock, onRetry: (r) => waits.push(r.delayMs) })).rejects.toThrow('failure 3');
    // (The fake clock moves 40 per attempt only.) Failure 1 at 40: 60 left, wait 50; failure 2 at 80: 20 left, the wait is cut to 20; failure 3 at 120: past it.
    expect(waits).toEqual([50, 20]);

    clock = 0;
    n = 0;
    await expect(retry(fn, { attempts: Infinity, policy: FIXED_10MS, deadlineMs: 100, now: () => clock, requestedDelayMs: () => 70 })).rejects.toThrow('failure 1');
  });
});
