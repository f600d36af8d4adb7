import { afterEach, describe, expect, it } from 'vitest';
import { tickSchedules, type TickCounts } from '../../src/core/scheduler.js';
import { backends } from '../support/db.js';
import { ONE_STEP_YAML, ORDER_TEMPLATE, startApi, type ApiHarness } from './api-harness.js';

/** Hourly slots: a test's few hundred milliseconds almost never cross a slot boundary, which would add a slot. */
const HOUR = 3_600_000;

describe.each(backends)('schedules over HTTP on %s', (backend) => {
  let api: ApiHarness;
  afterEach(async () => api?.close());

  /** An API whose own scheduler loop never ticks during a test: the tests tick by hand. */
  async function start(): Promise<ApiHarness> {
    api = await startApi(backend, (c) => {
      c.schedules.tickMs = 3_600_000;
    });
    await api.h.engine.registerTemplate(ONE_STEP_YAML);
    return api;
  }

  const post = (payload: object) => api.call({ method: 'POST', url: '/v1/schedules', payload });
  const get = (name: string) => api.call({ method: 'GET', url: `/v1/schedules/${name}` });
  const patch = (name: string, payload: object) => api.call({ method: 'PATCH', url: `/v1/schedules/${name}`, payload });
  /** A tick with an hour's grace: the current hourly slot is late (fires), older ones are missed (follow catch_up). */
  const tick = (): Promise<TickCounts> => tickSchedules(api.h.testDb.db, api.h.engine, { misfireGraceMs: HOUR, observer: api.h.runtime.metrics!.schedules });
  const dbNow = async () => (await api.h.testDb.db.query<{ now: Date }>('SELECT now() AS now')).rows[0].now;
  /** Puts a schedule's first unfired slot `slotsAgo` slots (of `everyMs`) in the past, as if nothing ran since. */
  async function rewind(name: string, slotsAgo: number, everyMs = HOUR): Promise<Date> {
    const now = (await dbNow()).getTime();
    const slot = new Date((Math.floor(now / everyMs) - slotsAgo + 1) * everyMs);
    await api.h.testDb.db.query('UPDATE schedules SET next_fire_at = $2 WHERE name = $1', [name, slot]);
    return slot;
  }
  async function tasksOf(name: string): Promise<{ id: string; status: string; idempotency_key: string; tags: string[] }[]> {
    const { rows } = await api.h.testDb.db.query<{ id: string; status: string; idempotency_key: string; tags: string[] }>(
      'SELECT id, status, idempotency_key, tags FROM tasks WHERE $1 = ANY(tags) ORDER BY idempotency_key',
      [`schedule:${name}`],
    );
    return rows;
  }
  const scheduleCount = async () => (await api.h.testDb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM schedules')).rows[0].n;
  const base = { template: { namespace: 't', name: 'one' }, every: '1h', overlap: 'allow' };

  it('creates a schedule (201), replaces it (200), and shows its next 5 fire times', async () => {
    await start();
    const created = await post({ name: 'minutely', ...base, context: { a: 1 } });
    expect(created.res.statusCode).toBe(201);
    const times = created.body.schedule.next_fire_times.map((t: string) => Date.parse(t));
    expect(times).toHaveLength(5);
    expect(times.every((t: number, i: number) => t % HOUR === 0 && (i === 0 || t - times[i - 1] === HOUR))).toBe(true);
    expect(times[0]).toBeGreaterThan((await dbNow()).getTime() - HOUR);
    expect(created.body.schedule).toMatchObject({
      every: '1h',
      cron: null,
      timezone: 'UTC',
      overlap: 'allow',
      catch_up: 'latest',
      paused: false,
      last_task: null,
      context: { a: 1 },
    });

    // Same spec: the next slot is kept; the context is replaced.
    const replaced = await post({ name: 'minutely', ...base, context: { a: 2 } });
    expect(replaced.res.statusCode).toBe(200);
    expect(replaced.body.schedule.next_fire_times[0]).toBe(created.body.schedule.next_fire_times[0]);
    expect(replaced.body.schedule.context).toEqual({ a: 2 });

    const cron = await post({ name: 'nightly', template: { namespace: 't', name: 'one', version: '1' }, cron: '0 2 * * *', timezone: 'Europe/London', overlap: 'skip' });
    expect(cron.res.statusCode).toBe(201);
    expect(cron.body.schedule.next_fire_times.map((t: string) => new Date(t).toLocaleTimeString('en-GB', { timeZone: 'Europe/London' }))).toEqual(Array(5).fill('02:00:00'));
    const list = await api.call({ method: 'GET', url: '/v1/schedules' });
    expect(list.body.schedules.map((s: { name: string }) => s.name)).toEqual(['minutely', 'nightly']);
    expect(await scheduleCount()).toBe(2);
  });

  it('refuses bad input with a stable code, naming the problem, and changes nothing', async () => {
    await start();
    await post({ name: 'keep', ...base });
    const before = (await api.h.testDb.db.query('SELECT * FROM schedules')).rows;
    const cases: [object, number, string, RegExp][] = [
      [{ name: 's', ...base, every: undefined, cron: '61 * * * *' }, 400, 'invalid_schedule', /minute/],
      [{ name: 's', ...base, every: undefined, cron: '0 2 * *' }, 400, 'invalid_schedule', /five, six/],
      [{ name: 's', ...base, every: undefined, cron: '0 2 * * *', timezone: 'Moon/Tranquility' }, 400, 'invalid_schedule', /Moon\/Tranquility/],
      [{ name: 's', ...base, cron: '0 2 * * *' }, 400, 'invalid_schedule', /both/],
      [{ name: 's', ...base, every: undefined }, 400, 'invalid_schedule', /neither/],
      [{ name: 's', ...base, every: '10ms' }, 400, 'invalid_schedule', /every "10ms"/],
      [{ name: 'has space', ...base }, 400, 'invalid_schedule', /schedule name/],
      [{ name: 's', ...base, template: { namespace: 't', name: 'nope' } }, 404, 'not_found', /template t\/nope is not registered/],
      [{ name: 's', ...base, template: { namespace: 't', name: 'one', version: '9' } }, 404, 'not_found', /t\/one@9/],
      [{ name: 's', ...base, overlap: 'sometimes' }, 400, 'invalid_request', /overlap/],
      [{ name: 's', ...base, extra: 1 }, 400, 'invalid_request', /extra/],
      [{ name: 'keep', ...base, cron: '* * * * *' }, 400, 'invalid_schedule', /both/],
    ];
    for (const [payload, status, code, message] of cases) {
      const { res, body } = await post(payload);
      expect([JSON.stringify(payload), res.statusCode, body.error.code]).toEqual([JSON.stringify(payload), status, code]);
      expect(body.error.message).toMatch(message);
    }
    await api.h.engine.registerTemplate(ORDER_TEMPLATE);
    const badContext = await post({ name: 's', ...base, template: { namespace: 'shop', name: 'order' }, context: { qty: 0 } });
    expect([badContext.res.statusCode, badContext.body.error.code]).toEqual([400, 'invalid_context']);
    const badPatch = await patch('keep', { cron: '0 0 * * 9' });
    expect([badPatch.res.statusCode, badPatch.body.error.code, badPatch.body.error.details.field]).toEqual([400, 'invalid_schedule', 'cron']);
    expect((await api.h.testDb.db.query('SELECT * FROM schedules')).rows).toEqual(before);
    expect(await tasksOf('s')).toEqual([]);
  });

  it('fires each due slot once, with a key of its slot, and a second tick of the same slot is a no-op', async () => {
    await start();
    await post({ name: 'm', ...base });
    const first = await rewind('m', 1);
    const counts = await tick();
    expect(counts).toMatchObject({ schedules: 1, fired: 1, duplicate: 0 });
    const [task] = await tasksOf('m');
    expect(task.idempotency_key).toBe(`schedule:m:${first.toISOString()}`);
    expect(await tick()).toMatchObject({ schedules: 0, fired: 0 });

    // As if a process had submitted the slot and died before advancing (a schedule made again): the key finds the task.
    await rewind('m', 1);
    expect(await tick()).toMatchObject({ fired: 0, duplicate: 1 });
    expect((await tasksOf('m')).map((t) => t.id)).toEqual([task.id]);
    const { body } = await get('m');
    expect(body.schedule).toMatchObject({ last_task: { id: task.id, status: 'pending' }, last_slot_at: first.toISOString(), fired_count: 1 });
    expect(Date.parse(body.schedule.next_fire_times[0])).toBeGreaterThan(first.getTime());
  });

  it('follows catch_up for slots missed beyond the grace: none, latest or all', async () => {
    await start();
    for (const catchUp of ['none', 'latest', 'all']) await post({ name: `c-${catchUp}`, ...base, catch_up: catchUp });
    // 5 slots missed (more than the hour's grace ago) and the current one, which is late but within the grace.
    for (const catchUp of ['none', 'latest', 'all']) await rewind(`c-${catchUp}`, 6);
    const counts = await tick();
    expect(counts).toMatchObject({ schedules: 3, skippedMissed: 5 + 4, fired: 1 + 2 + 6 });
    expect((await tasksOf('c-none')).length).toBe(1);
    expect((await tasksOf('c-latest')).length).toBe(2);
    expect((await tasksOf('c-all')).length).toBe(6);
    const { body } = await get('c-none');
    expect(body.schedule).toMatchObject({ fired_count: 1, skipped_count: 5 });
  });

  it('honours overlap: skip while the previous task is live, allow, or cancel the previous one', async () => {
    await start();
    const policies = ['skip', 'allow', 'cancel_previous'];
    for (const overlap of policies) {
      await post({ name: `o-${overlap}`, ...base, overlap });
      // No worker runs it: the triggered task is still pending (live) when the slot comes.
      await api.call({ method: 'POST', url: `/v1/schedules/o-${overlap}/trigger` });
      await rewind(`o-${overlap}`, 1);
    }
    const counts = await tick();
    expect(counts).toMatchObject({ fired: 2, skippedOverlap: 1 });
    const statuses = async (name: string) => (await tasksOf(name)).map((t) => [t.idempotency_key.includes(':manual:') ? 'manual' : 'slot', t.status]);
    expect(await statuses('o-skip')).toEqual([['manual', 'pending']]);
    expect((await get('o-skip')).body.schedule.skipped_count).toBe(1);
    expect((await statuses('o-allow')).sort()).toEqual([
      ['manual', 'pending'],
      ['slot', 'pending'],
    ]);
    expect((await statuses('o-cancel_previous')).sort()).toEqual([
      ['manual', 'cancelled'],
      ['slot', 'pending'],
    ]);
    const metrics = await api.call({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/baton_schedule_fires_total\{schedule="o-skip",outcome="skipped_overlap"\} 1/);
    expect(metrics.body).toMatch(/baton_schedule_fires_total\{schedule="o-allow",outcome="fired"\} 1/);
  });

  it('applies overlap between the slots of one tick too', async () => {
    await start();
    await post({ name: 'two', ...base, overlap: 'skip', catch_up: 'all' });
    const older = await rewind('two', 2);
    expect(await tick()).toMatchObject({ fired: 1, skippedOverlap: 1 });
    expect((await tasksOf('two')).map((t) => t.idempotency_key)).toEqual([`schedule:two:${older.toISOString()}`]);
  });

  it('pauses (nothing fires) and resumes from now (slots while paused are not caught up)', async () => {
    await start();
    await post({ name: 'p', ...base, catch_up: 'all' });
    const paused = await patch('p', { paused: true });
    expect(paused.body.schedule).toMatchObject({ paused: true, next_fire_times: [] });
    await rewind('p', 3);
    expect(await tick()).toMatchObject({ schedules: 0, fired: 0 });
    const resumed = await patch('p', { paused: false });
    expect(resumed.res.statusCode).toBe(200);
    expect(Date.parse(resumed.body.schedule.next_fire_times[0])).toBeGreaterThan((await dbNow()).getTime());
    expect(await tick()).toMatchObject({ fired: 0 });
    expect(await tasksOf('p')).toEqual([]);
    const respec = await patch('p', { cron: '*/5 * * * *', timezone: 'Asia/Tokyo' });
    expect(respec.body.schedule).toMatchObject({ cron: '*/5 * * * *', every: null, timezone: 'Asia/Tokyo', catch_up: 'all' });
  });

  it('triggers a task now, outside the slots, and shows it as the last task', async () => {
    await start();
    const created = await post({ name: 'tr', ...base, paused: true });
    const { res, body } = await api.call({ method: 'POST', url: '/v1/schedules/tr/trigger' });
    expect(res.statusCode).toBe(201);
    expect(body.task).toMatchObject({ status: 'pending', created: true });
    const [task] = await tasksOf('tr');
    expect(task.id).toBe(body.task.id);
    expect(task.idempotency_key).toMatch(/^schedule:tr:manual:[0-9a-f-]{36}$/);
    const shown = (await get('tr')).body.schedule;
    expect(shown).toMatchObject({ last_task: { id: task.id, status: 'pending' }, fired_count: 1, paused: true, last_slot_at: null });
    expect(shown.next_fire_times).toEqual(created.body.schedule.next_fire_times);
    expect((await api.call({ method: 'POST', url: '/v1/schedules/zz/trigger' })).res.statusCode).toBe(404);
  });

  it('deletes a schedule, and answers 404 for an unknown one', async () => {
    await start();
    await post({ name: 'd', ...base });
    const deleted = await api.call({ method: 'DELETE', url: '/v1/schedules/d' });
    expect([deleted.res.statusCode, deleted.body]).toEqual([200, { name: 'd', deleted: true }]);
    expect(await scheduleCount()).toBe(0);
    for (const call of [get('d'), api.call({ method: 'DELETE', url: '/v1/schedules/d' }), patch('d', { paused: true })]) {
      const { res, body } = await call;
      expect([res.statusCode, body.error.code, body.error.details]).toEqual([404, 'not_found', { schedule: 'd' }]);
    }
  });

  it('gives up the slots of a schedule whose submission is refused, and still fires the others and its later slots', async () => {
    await start();
    await post({ name: 'f', ...base });
    await post({ name: 'g', ...base });
    await rewind('f', 1);
    await rewind('g', 1);
    await api.h.testDb.db.query(`UPDATE schedules SET template_name = 'gone' WHERE name = 'f'`);
    expect(await tick()).toMatchObject({ schedules: 2, fired: 1, failed: 1 });
    const { body } = await get('f');
    expect(body.schedule).toMatchObject({ skipped_count: 1, fired_count: 0, last_task: null });
    expect(Date.parse(body.schedule.next_fire_times[0])).toBeGreaterThan((await dbNow()).getTime());
    expect((await tasksOf('g')).length).toBe(1);
    expect(await tasksOf('f')).toEqual([]);
  });

  it('with cancel_previous, each slot of one tick supersedes the one before it', async () => {
    await start();
    await post({ name: 'cp', ...base, overlap: 'cancel_previous', catch_up: 'all' });
    await rewind('cp', 3);
    expect(await tick()).toMatchObject({ fired: 3 });
    expect((await tasksOf('cp')).map((t) => t.status)).toEqual(['cancelled', 'cancelled', 'pending']);
    expect((await get('cp')).body.schedule.last_task.status).toBe('pending');
  });

  it('fires each slot once when many ticks run at once', async () => {
    await start();
    for (let i = 0; i < 20; i++) await post({ name: `many-${i}`, ...base, catch_up: 'all' });
    for (let i = 0; i < 20; i++) await rewind(`many-${i}`, 3);
    const results = await Promise.all([tick(), tick(), tick(), tick()]);
    expect(results.reduce((n, r) => n + r.fired, 0)).toBe(60);
    const { rows } = await api.h.testDb.db.query<{ n: number; keys: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT idempotency_key)::int AS keys FROM tasks WHERE idempotency_key LIKE 'schedule:many-%'`,
    );
    expect(rows[0]).toEqual({ n: 60, keys: 60 });
  });
});
