import type { InjectOptions } from 'fastify';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { backends } from '../support/db.js';
import { waitForTask } from '../support/harness.js';
import { checkInvariants } from '../support/invariants.js';
import { openSse } from '../support/sse.js';
import { startApi, type ApiHarness } from './api-harness.js';

/**
 * Signals and external events over HTTP (issue #14): every bad request is a
 * 4xx with a stable code that leaves every row as it was; good ones are 202.
 * Template registration refuses each malformed sleep or wait spec, naming it.
 */

const APPROVAL = `
namespace: sig
name: approval
version: "1"
steps:
  - name: approve
    kind: wait
    wait:
      signal: approval
      timeout: 1h
      schema: { type: object, required: [approved], properties: { approved: { type: boolean } } }
`;

const PAYMENT = `
namespace: sig
name: payment
version: "1"
steps:
  - name: paid
    kind: wait
    wait: { event: order.paid, match: "\${context.order}" }
`;

const UNKNOWN_TASK = '00000000-0000-4000-8000-000000000000';

/** Every row a signal or event could touch, in a stable order: a request that changes nothing leaves this equal. */
async function snapshot(api: ApiHarness): Promise<Record<string, unknown[]>> {
  const q = async (sql: string) => (await api.h.engine.db.query(sql)).rows;
  return {
    tasks: await q('SELECT id, status, remaining_steps, error_steps, finished_at FROM tasks ORDER BY id'),
    steps: await q('SELECT id, state, attempts, output, error, wake_at, wait_for, wait_key, finished_at FROM steps ORDER BY id'),
    transitions: await q('SELECT id, kind, from_state, to_state FROM transitions ORDER BY id'),
    signals: await q('SELECT task_id, name, payload, idempotency_key, delivered_at FROM signals ORDER BY task_id, name'),
    external_events: await q('SELECT id, name, key, payload, delivered FROM external_events ORDER BY id'),
  };
}

describe.each(backends)('signals and events over HTTP on %s', (backend) => {
  let api: ApiHarness | undefined;
  afterEach(async () => {
    if (!api) return;
    expect(await checkInvariants(api.h.testDb.db, { reaperSlackMs: 5000 })).toEqual({});
    await api.close();
    api = undefined;
  });

  async function start(bodyLimitBytes?: number): Promise<ApiHarness> {
    api = await startApi(backend, (c) => {
      c.orchestrator.timerIntervalMs = 50;
      if (bodyLimitBytes !== undefined) c.server.bodyLimitBytes = bodyLimitBytes;
    });
    for (const t of [APPROVAL, PAYMENT]) await api.h.engine.registerTemplate(t);
    return api;
  }

  /** Submits `sig/<name>` over HTTP and waits until its only step waits. */
  async function waitingTask(name: 'approval' | 'payment', context: object = {}): Promise<string> {
    const { res, body } = await api!.call({ method: 'POST', url: '/v1/tasks', payload: { namespace: 'sig', name, context } });
    expect(res.statusCode).toBe(202);
    await waitForTask(api!.h.engine, body.id, { until: (t) => t.steps[0].state === 'waiting' });
    return body.id as string;
  }

  /** Sends `req`; expects `status` with error `code`, and no row changed. */
  async function refused(req: InjectOptions, status: number, code: string, what: string): Promise<any> {
    const before = await snapshot(api!);
    const { res, body } = await api!.call(req);
    expect(res.statusCode, `${what}: ${res.body}`).toBe(status);
    expect(body.error.code, what).toBe(code);
    expect(typeof body.error.message, what).toBe('string');
    expect(await snapshot(api!), what).toEqual(before);
    return body;
  }

  const signal = (id: string, name: string, payload: unknown): InjectOptions => ({ method: 'POST', url: `/v1/tasks/${id}/signals/${name}`, payload: payload as object });

  it('delivers a good signal with 202, and refuses every bad one with a stable code, changing nothing', async () => {
    await start(4096);
    const id = await waitingTask('approval');

    await refused(signal(UNKNOWN_TASK, 'approval', { payload: { approved: true } }), 404, 'not_found', 'unknown task');
    const unknownSignal = await refused(signal(id, 'nope', { payload: { approved: true } }), 404, 'not_found', 'unknown signal name');
    expect(unknownSignal.error.details).toEqual({ task_id: id, signal: 'nope' });
    for (const bad of ['not-a-uuid', '12345', 'x'.repeat(101)])
      await refused(signal(bad, 'approval', { payload: { approved: true } }), 404, 'not_found', `malformed task id ${bad}`);
    await refused(signal(id, '9starts-with-digit', { payload: { approved: true } }), 400, 'invalid_request', 'malformed signal name');
    const invalid = await refused(signal(id, 'approval', { payload: { approved: 'yes' } }), 400, 'invalid_signal', 'payload failing the schema');
    expect(invalid.error.details.errors).toEqual([expect.objectContaining({ path: '/approved' })]);
    await refused(signal(id, 'approval', {}), 400, 'invalid_signal', 'no payload (null) failing the schema');
    await refused(signal(id, 'approval', { payload: { approved: true }, extra: 1 }), 400, 'invalid_request', 'unknown body field');
    await refused(signal(id, 'approval', { payload: { approved: true }, idempotency_key: '' }), 400, 'invalid_request', 'empty idempotency key');
    await refused(signal(id, 'approval', [1, 2]), 400, 'invalid_request', 'a list as body');
    await refused(
      { method: 'POST', url: `/v1/tasks/${id}/signals/approval`, headers: { 'content-type': 'application/json' }, payload: '{"payload": {"approved": tr' },
      400,
      'invalid_json',
      'malformed JSON',
    );
    const big = await refused(signal(id, 'approval', { payload: { approved: true, note: 'x'.repeat(5000) } }), 413, 'payload_too_large', 'payload over the body limit');
    expect(big.error.message).toContain('4096');
    // After all of that the step still waits, with nothing recorded.
    const still = await api!.h.engine.getTask(id);
    expect([still.status, still.steps[0].state, still.steps[0].attempts]).toEqual(['running', 'waiting', 1]);

    const ok = await api!.call(signal(id, 'approval', { payload: { approved: true }, idempotency_key: 'k1' }));
    expect(ok.res.statusCode).toBe(202);
    expect(ok.body).toEqual({ task_id: id, signal: 'approval', step: 'approve', status: 'delivered' });
    const done = await api!.h.engine.getTask(id);
    expect([done.status, done.steps[0].state, done.steps[0].output]).toEqual(['complete', 'complete', { approved: true }]);
    const { rows } = await api!.h.engine.db.query('SELECT name, payload, idempotency_key, step_name, delivered_at IS NOT NULL AS delivered FROM signals');
    expect(rows).toEqual([{ name: 'approval', payload: { approved: true }, idempotency_key: 'k1', step_name: 'approve', delivered: true }]);

    // The same key again is a harmless duplicate (202), even though the task finished.
    const before = await snapshot(api!);
    const again = await api!.call(signal(id, 'approval', { payload: { approved: true }, idempotency_key: 'k1' }));
    expect([again.res.statusCode, again.body.status]).toEqual([202, 'duplicate']);
    expect(await snapshot(api!)).toEqual(before);
    // A different signal of that name to the finished task: 409, with or without a key.
    const finished = await refused(signal(id, 'approval', { payload: { approved: false } }), 409, 'conflict', 'finished task');
    expect(finished.error.details).toMatchObject({ task_id: id, status: 'complete' });
    await refused(signal(id, 'approval', { payload: { approved: false }, idempotency_key: 'k2' }), 409, 'conflict', 'finished task, other key');
  });

  it('first signal wins on a live task: a second different one is 409, a repeat of the first is 202 duplicate', async () => {
    await start();
    await api!.h.engine.registerTemplate(`
namespace: sig
name: two_waits
version: "1"
steps:
  - { name: first, kind: wait, wait: { signal: one } }
  - { name: second, kind: wait, wait: { signal: two }, depends_on: [first] }
`);
    const { body } = await api!.call({ method: 'POST', url: '/v1/tasks', payload: { namespace: 'sig', name: 'two_waits' } });
    const id = body.id as string;
    await waitForTask(api!.h.engine, id, { until: (t) => t.steps[0].state === 'waiting' });
    // `two` is sent before its step waits: kept, then a different `two` conflicts.
    const kept = await api!.call(signal(id, 'two', { payload: { n: 2 }, idempotency_key: 'two-a' }));
    expect([kept.res.statusCode, kept.body.status]).toEqual([202, 'kept']);
    await refused(signal(id, 'two', { payload: { n: 3 }, idempotency_key: 'two-b' }), 409, 'conflict', 'a second different kept signal');
    await refused(signal(id, 'two', { payload: { n: 3 } }), 409, 'conflict', 'a second signal without a key');
    const dup = await api!.call(signal(id, 'two', { payload: { n: 2 }, idempotency_key: 'two-a' }));
    expect([dup.res.statusCode, dup.body.status]).toEqual([202, 'duplicate']);

    const one = await api!.call(signal(id, 'one', { payload: { n: 1 } }));
    expect([one.res.statusCode, one.body.status]).toEqual([202, 'delivered']);
    const done = await waitForTask(api!.h.engine, id);
    expect(done.status).toBe('complete');
    expect(done.steps.map((s) => [s.name, s.state, s.output])).toEqual([
      ['first', 'complete', { n: 1 }],
      ['second', 'complete', { n: 2 }],
    ]);
    const { rows } = await api!.h.engine.db.query<{ name: string; step_name: string }>('SELECT name, step_name FROM signals ORDER BY name');
    expect(rows).toEqual([
      { name: 'one', step_name: 'first' },
      { name: 'two', step_name: 'second' },
    ]);
    const events = await api!.h.engine.events(id);
    expect(events.filter((e) => e.type === 'signal').map((e) => [e.step, e.data])).toEqual([
      ['second', { signal: 'two', status: 'kept' }],
      ['first', { signal: 'one', status: 'delivered' }],
    ]);
  });

  it('a signal to a step that stopped waiting (the task was cancelled) is 409 and records nothing', async () => {
    await start();
    const id = await waitingTask('approval');
    expect((await api!.call({ method: 'POST', url: `/v1/tasks/${id}/cancel`, payload: {} })).res.statusCode).toBe(200);
    await refused(signal(id, 'approval', { payload: { approved: true } }), 409, 'conflict', 'cancelled task');
    const task = await api!.h.engine.getTask(id);
    expect([task.status, task.steps[0].state]).toEqual(['cancelled', 'cancelled']);
  });

  it('POST /v1/events refuses bad bodies with 400, and delivers a good one to exactly the matching waiters', async () => {
    await start();
    const a = await waitingTask('payment', { order: 'A-1' });
    const b = await waitingTask('payment', { order: 'A-1' });
    const other = await waitingTask('payment', { order: 'B-2' });
    const post = (payload: unknown, headers: Record<string, string> = {}): InjectOptions => ({
      method: 'POST',
      url: '/v1/events',
      headers,
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
    const json = { 'content-type': 'application/json' };
    const bad: [string, unknown][] = [
      ['no name', { key: 'A-1', payload: {} }],
      ['no key', { name: 'order.paid', payload: {} }],
      ['empty key', { name: 'order.paid', key: '' }],
      ['object key', { name: 'order.paid', key: { id: 'A-1' } }],
      ['null key', { name: 'order.paid', key: null }],
      ['key over 500 characters', { name: 'order.paid', key: 'k'.repeat(501) }],
      ['bad name', { name: 'order paid!', key: 'A-1' }],
      ['numeric name', { name: 7, key: 'A-1' }],
      ['unknown field', { name: 'order.paid', key: 'A-1', payload: {}, extra: true }],
      ['empty idempotency key', { name: 'order.paid', key: 'A-1', idempotency_key: '' }],
      ['a list', [{ name: 'order.paid', key: 'A-1' }]],
      ['a string', '"order.paid"'],
    ];
    for (const [what, body] of bad) await refused(post(body, json), 400, 'invalid_request', what);
    await refused({ method: 'POST', url: '/v1/events' }, 400, 'invalid_request', 'no body');
    await refused(post('{"name": "order.paid", "key": ', json), 400, 'invalid_json', 'malformed JSON');

    const sent = await api!.call(post({ name: 'order.paid', key: 'A-1', payload: { amount: 12 }, idempotency_key: 'pay-A-1' }, json));
    expect(sent.res.statusCode).toBe(202);
    expect(sent.body).toEqual({ name: 'order.paid', key: 'A-1', delivered: 2, kept: false, duplicate: false });
    for (const id of [a, b]) {
      const t = await api!.h.engine.getTask(id);
      expect([t.status, t.steps[0].output]).toEqual(['complete', { amount: 12 }]);
    }
    expect((await api!.h.engine.getTask(other)).steps[0].state).toBe('waiting');
    const before = await snapshot(api!);
    const repeat = await api!.call(post({ name: 'order.paid', key: 'A-1', payload: { amount: 99 }, idempotency_key: 'pay-A-1' }, json));
    expect([repeat.res.statusCode, repeat.body]).toEqual([202, { name: 'order.paid', key: 'A-1', delivered: 2, kept: false, duplicate: true }]);
    expect(await snapshot(api!)).toEqual(before);

    // A numeric key matches the context's text; an event nobody waits for is kept.
    await api!.h.engine.registerTemplate(PAYMENT.replace('name: payment', 'name: numbered'));
    const numbered = await api!.call({ method: 'POST', url: '/v1/tasks', payload: { namespace: 'sig', name: 'numbered', context: { order: 42 } } });
    await waitForTask(api!.h.engine, numbered.body.id, { until: (t) => t.steps[0].state === 'waiting' });
    const byNumber = await api!.call(post({ name: 'order.paid', key: 42, payload: { n: 42 } }, json));
    expect([byNumber.res.statusCode, byNumber.body.delivered]).toEqual([202, 1]);
    const nobody = await api!.call(post({ name: 'order.paid', key: 'Z-9' }, json));
    expect([nobody.res.statusCode, nobody.body]).toEqual([202, { name: 'order.paid', key: 'Z-9', delivered: 0, kept: true, duplicate: false }]);
    const { rows } = await api!.h.engine.db.query('SELECT key, payload, delivered FROM external_events ORDER BY id');
    expect(rows).toEqual([
      { key: 'A-1', payload: { amount: 12 }, delivered: 2 },
      { key: '42', payload: { n: 42 }, delivered: 1 },
      { key: 'Z-9', payload: null, delivered: 0 },
    ]);
    await api!.h.engine.cancel(other);
  });

  describe('template registration refuses malformed sleep and wait steps, naming the field', () => {
    const step = (s: object) => ({ namespace: 'bad', name: 'spec', version: '1', steps: [{ name: 'first', handler: 'x' }, s] });
    const cases: [string, object, string][] = [
      ['wait with neither signal nor event', step({ name: 'w', kind: 'wait', wait: { timeout: '1h' } }), 'steps[1].wait'],
      ['wait without its spec', step({ name: 'w', kind: 'wait' }), 'steps[1].wait'],
      ['wait with both signal and event', step({ name: 'w', kind: 'wait', wait: { signal: 's', event: 'e', match: 'k' } }), 'steps[1].wait'],
      ['sleep with both duration and until', step({ name: 's', kind: 'sleep', sleep: { duration: '1h', until: '2030-01-01T00:00:00Z' } }), 'steps[1].sleep'],
      ['sleep with neither duration nor until', step({ name: 's', kind: 'sleep', sleep: {} }), 'steps[1].sleep'],
      ['sleep with a bad duration', step({ name: 's', kind: 'sleep', sleep: { duration: 'soon' } }), 'steps[1].sleep.duration'],
      ['sleep with a unitless duration', step({ name: 's', kind: 'sleep', sleep: { duration: '7' } }), 'steps[1].sleep.duration'],
      ['sleep with a zero duration', step({ name: 's', kind: 'sleep', sleep: { duration: '0s' } }), 'steps[1].sleep.duration'],
      ['wait with a bad timeout', step({ name: 'w', kind: 'wait', wait: { signal: 's', timeout: '-1h' } }), 'steps[1].wait.timeout'],
      ['wait with a bad on_timeout', step({ name: 'w', kind: 'wait', wait: { signal: 's', timeout: '1h', on_timeout: 'retry' } }), 'steps[1].wait.on_timeout'],
      ['a handler on a wait step', step({ name: 'w', kind: 'wait', handler: 'x', wait: { signal: 's' } }), 'steps[1].handler'],
      ['params on a sleep step', step({ name: 's', kind: 'sleep', params: { a: 1 }, sleep: { duration: '1s' } }), 'steps[1].params'],
      ['retry on a wait step', step({ name: 'w', kind: 'wait', retry: { max_attempts: 2 }, wait: { signal: 's' } }), 'steps[1].retry'],
      ['a wait spec on a handler step', step({ name: 'h', handler: 'x', wait: { signal: 's' } }), 'steps[1].wait'],
      ['a sleep spec on a wait step', step({ name: 'w', kind: 'wait', wait: { signal: 's' }, sleep: { duration: '1s' } }), 'steps[1].sleep'],
      [
        'two wait steps on one signal',
        {
          namespace: 'bad',
          name: 'spec',
          version: '1',
          steps: [
            { name: 'w1', kind: 'wait', wait: { signal: 'go' } },
            { name: 'w2', kind: 'wait', wait: { signal: 'go' } },
          ],
        },
        'steps[1].wait.signal',
      ],
      ['an event without match', step({ name: 'w', kind: 'wait', wait: { event: 'order.paid' } }), 'steps[1].wait.match'],
      ['a match on a signal', step({ name: 'w', kind: 'wait', wait: { signal: 's', match: 'k' } }), 'steps[1].wait.match'],
      ['a schema on an event', step({ name: 'w', kind: 'wait', wait: { event: 'e', match: 'k', schema: { type: 'object' } } }), 'steps[1].wait.schema'],
      ['a schema that is not JSON Schema', step({ name: 'w', kind: 'wait', wait: { signal: 's', schema: { type: 'colour' } } }), 'steps[1].wait.schema'],
      ['an unknown field in a wait spec', step({ name: 'w', kind: 'wait', wait: { signal: 's', retries: 3 } }), 'steps[1].wait.retries'],
      [
        'a sleep step named by a fan_out each',
        {
          namespace: 'bad',
          name: 'spec',
          version: '1',
          steps: [
            { name: 'list', handler: 'x', kind: 'fan_out', fan_out: { each: 'nap' } },
            { name: 'nap', kind: 'sleep', sleep: { duration: '1s' }, depends_on: ['list'] },
          ],
        },
        'steps[0].fan_out.each',
      ],
    ];

    it('each with 400 invalid_template, the issue at the field and the message naming it, storing nothing', async () => {
      await start();
      const before = await snapshot(api!);
      for (const [what, template, path] of cases) {
        const { res, body } = await api!.call({ method: 'POST', url: '/v1/templates', payload: template });
        expect(res.statusCode, `${what}: ${res.body}`).toBe(400);
        expect(body.error.code, what).toBe('invalid_template');
        const issues: { path: string; step?: string; message: string }[] = body.error.details.issues;
        const issue = issues.find((i) => i.path === path);
        expect(issue, `${what}: ${JSON.stringify(issues)}`).toBeDefined();
        // The message names the step and the field within it: step "w": wait.match ...
        const field = path.replace(/^steps\[\d+\]\.?/, '');
        expect(issue!.message, what).toContain(`step "${issue!.step}": ${field}`);
        expect(body.error.message, what).toContain(`${field} `);
      }
      expect(await snapshot(api!)).toEqual(before);
      const { rows } = await api!.h.engine.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM templates WHERE namespace = 'bad'`);
      expect(rows[0].n).toBe(0);
    });
  });
});

describe.each(backends)('the event stream of a waiting task on %s', (backend) => {
  let api: ApiHarness | undefined;
  afterEach(async () => {
    if (!api) return;
    expect(await checkInvariants(api.h.testDb.db, { reaperSlackMs: 5000 })).toEqual({});
    await api.close();
    api = undefined;
  });

  it('carries ready -> waiting, the signal, then waiting -> complete, and ends', async () => {
    // Built by the composition root, so the timer loop runs (it starts the step waiting); listening, since inject cannot stream.
    api = await startApi(backend, (c) => (c.orchestrator.timerIntervalMs = 50));
    await api.app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
    await api.h.engine.registerTemplate(APPROVAL);
    const { id } = await api.h.engine.submit({ namespace: 'sig', name: 'approval', context: {} });
    const stream = await openSse(`${base}/v1/tasks/${id}/events`);
    try {
      await stream.until((f) => f.some((e) => e.data.step === 'approve' && e.data.to === 'waiting'));
      const res = await fetch(`${base}/v1/tasks/${id}/signals/approval`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ payload: { approved: true } }),
      });
      expect(res.status).toBe(202);
      await stream.closed;
    } finally {
      stream.close();
    }
    const frames = stream.frames;
    const logged = (await api.h.engine.events(id, 0, 1000)).map((e) => e.id);
    expect(frames.filter((f) => f.event !== 'end').map((f) => f.id)).toEqual(logged);
    const steps = frames.filter((f) => f.data.step === 'approve').map((f) => (f.event === 'signal' ? ['signal', f.data.data] : [f.event, f.data.from, f.data.to]));
    // A first step is created ready (no log row); then it waits, takes the signal and completes.
    expect(steps).toEqual([
      ['transition', 'ready', 'waiting'],
      ['signal', { signal: 'approval', status: 'delivered' }],
      ['transition', 'waiting', 'complete'],
    ]);
    const waiting = frames.find((f) => f.data.to === 'waiting')!;
    expect(waiting.data).toMatchObject({ task_id: id, step: 'approve', attempt: 1, reason: expect.stringContaining('approval') });
    const completed = frames.find((f) => f.data.step === 'approve' && f.data.to === 'complete')!;
    expect(completed.data.reason).toContain('approval');
    expect(frames.at(-1)).toMatchObject({ event: 'end', data: { task_id: id, status: 'complete' } });
    expect(frames.filter((f) => f.event === 'transition' && f.data.step === undefined).map((f) => f.data.to)).toEqual(['pending', 'running', 'complete']);
  });
});
