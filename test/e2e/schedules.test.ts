/**
 * Schedules across real `baton server` processes on PostgreSQL (issue #14):
 * an every-second schedule on three servers, one SIGKILLed and restarted,
 * fires every slot exactly once with none missing; and after every process was
 * down for at least 5 slots, `catch_up` fires none, the latest or all of the
 * missed ones. Assertions are on the tasks' rows: one per slot, keyed by it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine.js';
import { PG_URL, type TestDb } from '../support/db.js';
import { checkInvariants } from '../support/invariants.js';
import { testLogger } from '../support/logger.js';
import { spawnNode, useProcessSchema, type Child } from '../support/processes.js';
import { until } from '../support/wait.js';

const BATON = fileURLToPath(new URL('../../bin/baton.js', import.meta.url));
const SECOND = 1000;

/** No worker runs it: its tasks stay pending, and the test counts them. */
const TEMPLATE = `
namespace: sched
name: tick
version: "1"
steps:
  - { name: only, handler: sched.nobody }
`;

interface Server {
  child: Child;
  url: string;
}

describe.runIf(PG_URL)('schedules across processes on real PostgreSQL', () => {
  const schema = useProcessSchema();

  async function setUp(): Promise<TestDb> {
    const db = await schema.open({});
    await new Engine(db.db, testLogger).registerTemplate(TEMPLATE);
    return db;
  }

  async function startServer(db: TestDb, extra: Record<string, string> = {}): Promise<Server> {
    const child = spawnNode(BATON, ['server', '--port', '0'], {
      BATON_DATABASE_URL: PG_URL!,
      BATON_SCHEMA: db.schema,
      BATON_LOG_LEVEL: 'warn',
      BATON_LOG_PRETTY: 'false',
      BATON_POOL_SIZE: '4',
      BATON_SCHEDULE_TICK_MS: '200',
      ...extra,
    });
    await child.waitFor(/listening on http:\/\/\S+/);
    return { child, url: /listening on (http:\/\/\S+)/.exec(child.output())![1] };
  }

  async function kill(...servers: Server[]): Promise<void> {
    for (const s of servers) s.child.proc.kill('SIGKILL');
    await Promise.all(servers.map((s) => s.child.exited));
  }

  async function call(url: string, method: string, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(url, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
    return { status: res.status, body: await res.json() };
  }

  /** The slots a schedule fired, oldest first, read from its tasks' idempotency keys, with how late each task was created. */
  async function firedSlots(db: TestDb, name: string): Promise<{ slot: number; lagMs: number }[]> {
    const { rows } = await db.db.query<{ key: string; created_at: Date }>(
      `SELECT idempotency_key AS key, created_at FROM tasks WHERE idempotency_key LIKE $1 ORDER BY idempotency_key`,
      [`schedule:${name}:%`],
    );
    return rows.map((r) => {
      const slot = Date.parse(r.key.slice(`schedule:${name}:`.length));
      return { slot, lagMs: r.created_at.getTime() - slot };
    });
  }

  it('fires every slot of an every-second schedule exactly once on three servers, one SIGKILLed and restarted mid-way', async () => {
    const db = await setUp();
    const servers = await Promise.all([startServer(db), startServer(db), startServer(db)]);
    // catch_up none: a slot would be lost if no process fired it within the grace; none may be.
    const created = await call(`${servers[0].url}/v1/schedules`, 'POST', {
      name: 'every-second',
      template: { namespace: 'sched', name: 'tick' },
      every: '1s',
      overlap: 'allow',
      catch_up: 'none',
    });
    expect(created.status).toBe(201);
    await sleep(7 * SECOND);
    await kill(servers[1]);
    await sleep(3 * SECOND);
    servers[1] = await startServer(db);
    await sleep(7 * SECOND);
    expect((await call(`${servers[2].url}/v1/schedules/every-second`, 'PATCH', { paused: true })).status).toBe(200);
    // A tick that locked the row before the pause commits its slots; then nothing more fires.
    await sleep(SECOND);
    const fired = await firedSlots(db, 'every-second');
    const slots = fired.map((f) => f.slot);
    expect(slots.length).toBeGreaterThanOrEqual(15);
    // One task per slot (the key is unique), and no slot missing between the first and the last.
    expect(new Set(slots).size).toBe(slots.length);
    expect(slots.every((s, i) => s % SECOND === 0 && (i === 0 || s - slots[i - 1] === SECOND))).toBe(true);
    // No slot waited for the killed process: the others fired it within a few ticks.
    expect(Math.max(...fired.map((f) => f.lagMs))).toBeLessThan(10 * SECOND);
    const { body } = await call(`${servers[0].url}/v1/schedules/every-second`, 'GET');
    expect(body.schedule).toMatchObject({ fired_count: slots.length, skipped_count: 0, last_slot_at: new Date(slots[slots.length - 1]).toISOString() });
    await sleep(SECOND);
    expect((await firedSlots(db, 'every-second')).length).toBe(slots.length);
    await kill(...servers);
    expect(await checkInvariants(db.db, { reaperSlackMs: 5_000 })).toEqual({});
  }, 60_000);

  it('after every process was down for 5 slots, catch_up fires none, the latest, or all of the missed slots', async () => {
    const db = await setUp();
    // A short grace: a slot more than 300 ms old when a tick sees it counts as missed.
    const env = { BATON_SCHEDULE_MISFIRE_GRACE_MS: '300' };
    const first = await startServer(db, env);
    const policies = ['none', 'latest', 'all'] as const;
    for (const catchUp of policies) {
      const res = await call(`${first.url}/v1/schedules`, 'POST', {
        name: `cu-${catchUp}`,
        template: { namespace: 'sched', name: 'tick' },
        every: '1s',
        overlap: 'allow',
        catch_up: catchUp,
      });
      expect(res.status).toBe(201);
    }
    await until(async () => (await firedSlots(db, 'cu-all')).length >= 2, 10_000, 'the schedules to fire');
    await kill(first);
    // The first unfired slot of each: the three share one tick's transaction, so one value.
    const { rows } = await db.db.query<{ next: Date }>(`SELECT DISTINCT next_fire_at AS next FROM schedules`);
    expect(rows).toHaveLength(1);
    const down = rows[0].next.getTime();
    await sleep(5.5 * SECOND);
    const second = await startServer(db, env);
    await until(async () => (await firedSlots(db, 'cu-none')).some((f) => f.slot >= down), 10_000, 'the schedules to fire again');
    await sleep(1.5 * SECOND);
    await kill(second);

    const after = async (name: string) => (await firedSlots(db, name)).map((f) => f.slot).filter((s) => s >= down);
    const [none, latest, all] = await Promise.all(policies.map((p) => after(`cu-${p}`)));
    // `latest` fired the most recent missed slot, then every slot after it.
    const lastMissed = latest[0];
    const missed = (lastMissed - down) / SECOND + 1;
    expect(missed).toBeGreaterThanOrEqual(5);
    expect(latest.slice(1).every((s, i) => s - latest[i] === SECOND)).toBe(true);
    // `none` fired none of the missed slots: it picks up at the slot after them.
    expect(none.filter((s) => s <= lastMissed)).toEqual([]);
    expect(none[0]).toBe(lastMissed + SECOND);
    // `all` fired every missed slot, and every one since: no gap from the first unfired slot on.
    expect(all.filter((s) => s <= lastMissed)).toHaveLength(missed);
    expect(all.every((s, i) => s === down + i * SECOND)).toBe(true);
    const counts = await db.db.query<{ name: string; skipped_count: number }>(`SELECT name, skipped_count FROM schedules ORDER BY name`);
    expect(counts.rows.map((r) => [r.name, r.skipped_count])).toEqual([
      ['cu-all', 0],
      ['cu-latest', missed - 1],
      ['cu-none', missed],
    ]);
    expect(await checkInvariants(db.db, { reaperSlackMs: 5_000 })).toEqual({});
  }, 60_000);
});
