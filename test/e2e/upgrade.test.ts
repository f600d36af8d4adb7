/**
 * Upgrades are a tested path (issue #13, item 7): a database written by the
 * previous release (test/fixtures/upgrade, commit a47d6ee: migrations 0001-0003)
 * with tasks in every state is restored, migrated by this code, and a runtime
 * of this code runs every live task to its end. The log the old code wrote
 * must replay (I6) with the rows this code adds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { JsonValue } from '../../src/domain/types.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { loadMigrations, migrate } from '../../src/store/migrate.js';
import { defineHandler } from '../../src/worker/types.js';
import { backends, type TestDb } from '../support/db.js';
import { testConfig, waitForTask } from '../support/harness.js';
import { checkInvariants } from '../support/invariants.js';
import { testLogger } from '../support/logger.js';
import { FIXTURE_MIGRATIONS, restoreUpgradeFixture } from '../support/upgrade-fixture.js';

type Row = { scenario: string; id: string };

/** The fixture restores into a cold PGlite (there is no migrated snapshot to clone), which is slow to start on a loaded machine. */
const RESTORE_TIMEOUT_MS = 120_000;

/** What each scenario of the fixture ends as: task status, and every step's state and output. */
const EXPECTED: Record<string, { status: string; steps: Record<string, [string, JsonValue?]> }> = {
  complete: { status: 'complete', steps: { a: ['complete', { n: 1 }], b: ['complete', { n: 2 }], c: ['complete', { n: 3 }] } },
  error: { status: 'error', steps: { boom: ['error'], after: ['skipped'] } },
  cancelled: { status: 'cancelled', steps: { a: ['cancelled'], b: ['cancelled'], c: ['cancelled'] } },
  fan: {
    status: 'complete',
    steps: { list: ['complete'], 'work[0]': ['complete', { sum: 3 }], 'work[1]': ['complete', { sum: 3 }], work: ['complete'], total: ['complete', { total: 6 }] },
  },
  decision: { status: 'complete', steps: { route: ['complete'], left: ['complete', { branch: 'left' }], right: ['skipped'], join: ['complete', { ran: ['left', 'route'] }] } },
  running: { status: 'complete', steps: { a: ['complete', { n: 21 }], b: ['complete', { n: 22 }], c: ['complete', { n: 23 }] } },
  backoff: { status: 'complete', steps: { call: ['complete', { ok: true }], after: ['complete', { n: 2 }] } },
  midway: { status: 'complete', steps: { a: ['complete', { n: 31 }], b: ['complete', { n: 32 }], c: ['complete', { n: 33 }] } },
  ready: { status: 'complete', steps: { a: ['complete', { n: 41 }], b: ['complete', { n: 42 }], c: ['complete', { n: 43 }] } },
  scheduled: { status: 'complete', steps: { a: ['complete', { n: 51 }], b: ['complete', { n: 52 }], c: ['complete', { n: 53 }] } },
  idempotent: { status: 'complete', steps: { a: ['complete', { n: 61 }], b: ['complete', { n: 62 }], c: ['complete', { n: 63 }] } },
};

describe.each(backends)('upgrading a database of the previous release on %s', (backend) => {
  let testDb: TestDb | undefined;
  let runtime: Runtime | undefined;
  afterEach(async () => {
    await runtime?.stop();
    await testDb?.close();
    runtime = testDb = undefined;
  });

  it(
    'migrates it, and runs every task that was in flight to its end',
    async () => {
      testDb = await restoreUpgradeFixture(backend);
      const { db } = testDb;
      const versions = async () => (await db.query<{ version: number }>('SELECT version FROM migrations ORDER BY version')).rows.map((r) => r.version);
      expect(await versions()).toEqual(FIXTURE_MIGRATIONS);
      // Restored later than it was made: the lease held at dump time has expired, the backoff has passed.
      const { rows: due } = await db.query<{ name: string; state: string; due: boolean }>(
        `SELECT name, state, coalesce(lease_expires_at, visible_at) < now() AS due FROM steps
       WHERE (state = 'running') OR (state = 'ready' AND attempts > 0)`,
      );
      expect(due.map((r) => [r.name, r.state, r.due]).sort()).toEqual([
        ['a', 'running', true],
        ['call', 'ready', true],
      ]);
      const { rows: scenarios } = await db.query<Row>(`SELECT substr(tags[1], 10) AS scenario, id FROM tasks ORDER BY id`);
      expect(scenarios.map((r) => r.scenario).sort()).toEqual(Object.keys(EXPECTED).sort());

      const { applied, newer } = await migrate(db);
      expect(applied).toEqual(
        loadMigrations()
          .map((m) => m.version)
          .filter((v) => !FIXTURE_MIGRATIONS.includes(v)),
      );
      expect(newer).toEqual([]);
      const { rows: nulls } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM tasks WHERE correlation_id IS NULL');
      expect(nulls[0].n).toBe(scenarios.length);

      const checkpoints: Record<string, JsonValue> = {};
      const correlation = new Map<string, string>();
      const n = (ctx: { params: unknown }) => (ctx.params as { n: number }).n;
      runtime = await createRuntime({
        config: testConfig(),
        db,
        logger: testLogger,
        sweeper: true,
        handlers: [
          defineHandler('upgrade.add', (ctx) => {
            correlation.set(ctx.task.id, ctx.correlationId);
            if (ctx.checkpoint.last !== null) checkpoints[`${ctx.task.id}/${ctx.step.name}`] = ctx.checkpoint.last;
            return { n: n(ctx) + 1 };
          }),
          defineHandler('upgrade.flaky', () => ({ ok: true })),
          defineHandler('upgrade.boom', () => {
            throw new Error('the fixture failed this step for good; it never runs again');
          }),
          defineHandler('upgrade.list', (ctx) => ({ items: (ctx.params as { items: JsonValue[] }).items })),
          defineHandler('upgrade.work', (ctx) => ({ sum: (ctx.fanOut!.items as number[]).reduce((a, b) => a + b, 0) })),
          defineHandler('upgrade.total', (ctx) => ({ total: (ctx.results.work as { sum: number }[]).reduce((a, w) => a + w.sum, 0) })),
          defineHandler('upgrade.route', () => ({ activate: ['left'] })),
          defineHandler('upgrade.branch', (ctx) => ({ branch: ctx.step.name })),
          defineHandler('upgrade.join', (ctx) => ({ ran: Object.keys(ctx.results).sort() })),
        ],
      });
      const { engine } = runtime;

      for (const { scenario, id } of scenarios) {
        const task = await waitForTask(engine, id, { timeoutMs: 30_000 });
        const want = EXPECTED[scenario];
        expect([scenario, task.status]).toEqual([scenario, want.status]);
        const steps = Object.fromEntries(task.steps.map((s) => [s.name, s.state]));
        expect([scenario, steps]).toEqual([scenario, Object.fromEntries(Object.entries(want.steps).map(([name, [state]]) => [name, state]))]);
        for (const [name, [, output]] of Object.entries(want.steps)) {
          if (output !== undefined) expect([scenario, name, task.steps.find((s) => s.name === name)!.output]).toEqual([scenario, name, output]);
        }
        // Tasks written before 0005 have no correlation id of their own: the task's id stands in.
        expect(task.correlation_id).toBe(id);
      }
      const byScenario = Object.fromEntries(scenarios.map((r) => [r.scenario, r.id]));
      // The lease held at dump time expired: that attempt counted, and the retry found the old checkpoint.
      const running = await engine.getTask(byScenario.running);
      expect(running.steps.find((s) => s.name === 'a')!.attempts).toBe(2);
      expect(checkpoints[`${byScenario.running}/a`]).toEqual({ cursor: 1 });
      expect((await engine.getTask(byScenario.backoff)).steps.find((s) => s.name === 'call')!.attempts).toBe(2);
      for (const scenario of ['running', 'midway', 'ready', 'idempotent']) expect(correlation.get(byScenario[scenario])).toBe(byScenario[scenario]);

      // The old rows serve new submissions too: the old task keeps its idempotency key, and new tasks run.
      const again = await engine.submit({ namespace: 'upgrade', name: 'chain', context: { start: 60 }, idempotency_key: 'upgrade-fixture-key' });
      expect([again.id, again.created]).toEqual([byScenario.idempotent, false]);
      const fresh = await engine.submit({ namespace: 'upgrade', name: 'chain', context: { start: 70 } });
      expect((await waitForTask(engine, fresh.id)).steps.map((s) => s.output)).toEqual([{ n: 71 }, { n: 72 }, { n: 73 }]);

      expect(await checkInvariants(db, { reaperSlackMs: 5_000 })).toEqual({});
    },
    RESTORE_TIMEOUT_MS,
  );
});
