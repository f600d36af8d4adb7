/**
 * Property test of invariant I6, "the log is causal" (issue #12, item 1):
 * random DAG workflows with decisions, fan-outs, retries, permanent failures
 * (under on_failure stop and continue), sleeps, waits for signals that arrive
 * before, during or after the wait (or time out, skipping or failing the step)
 * and cancels mid-flight, after which
 * every invariant of test/support/invariants.ts must hold and every task's
 * log must replay through the domain's state machines.
 *
 * The templates and contexts come from a seeded PRNG; the seed is printed, and
 * PROPERTY_SEED=<n> reproduces a run. A step's behaviour is read from the task
 * context, so one set of handlers (test/fixtures/random-handlers.mjs, run by
 * worker processes and in process) serves every template. The generator is in
 * test/support/random-workflows.ts.
 */
import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine.js';
import { TERMINAL_TASK_STATUSES } from '../../src/domain/state-machine.js';
import type { Db } from '../../src/store/db.js';
import { isBatonError, PermanentError } from '../../src/errors.js';
import { defineHandler } from '../../src/worker/types.js';
import { randomHandlers } from '../fixtures/random-handlers.mjs';
import { PG_URL } from '../support/db.js';
import { startHarness, type Harness } from '../support/harness.js';
import { checkInvariants, replayed } from '../support/invariants.js';
import { testLogger } from '../support/logger.js';
import { FIXTURES, spawnNode, useProcessSchema } from '../support/processes.js';
import { createRng, generateTemplates, planTasks, toDefinition } from '../support/random-workflows.js';
import { until } from '../support/wait.js';

const SEED = process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : randomInt(2 ** 31);

const handlers = randomHandlers(defineHandler, PermanentError);

// ---- the run ---------------------------------------------------------------

async function scalar(db: Db, sql: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(sql);
  return rows[0].n;
}

const TERMINAL = TERMINAL_TASK_STATUSES.map((s) => `'${s}'`).join(', ');

/** Counts of log rows for each behaviour the generator must reach. */
async function coverage(db: Db): Promise<Record<string, number>> {
  const { rows } = await db.query<Record<string, number>>(`
    SELECT
      count(*) FILTER (WHERE step_name IS NOT NULL AND to_state = 'skipped' AND reason LIKE 'not chosen by %')::int AS decision_skips,
      count(*) FILTER (WHERE step_name LIKE '%[%]' AND to_state = 'complete')::int AS fan_out_instances_complete,
      count(*) FILTER (WHERE to_state = 'failed')::int AS failed_attempts,
      count(*) FILTER (WHERE step_name IS NOT NULL AND from_state = 'running' AND to_state = 'complete' AND attempt > 1)::int AS retries_succeeded,
      count(*) FILTER (WHERE step_name IS NOT NULL AND to_state = 'error')::int AS step_errors,
      count(*) FILTER (WHERE step_name IS NULL AND to_state = 'error')::int AS task_errors,
      count(*) FILTER (WHERE step_name IS NULL AND to_state = 'cancelled')::int AS task_cancels,
      count(*) FILTER (WHERE step_name IS NOT NULL AND to_state = 'cancelled')::int AS step_cancels,
      count(*) FILTER (WHERE step_name IS NULL AND to_state = 'complete')::int AS task_completions
    FROM transitions WHERE kind = 'transition'`);
  const { rows: waits } = await db.query<Record<string, number>>(`
    SELECT
      count(*) FILTER (WHERE from_state = 'waiting' AND to_state = 'complete' AND reason LIKE 'slept%')::int AS sleeps_woken,
      count(*) FILTER (WHERE from_state = 'waiting' AND to_state = 'complete' AND reason LIKE 'signal%')::int AS waits_signalled,
      count(*) FILTER (WHERE from_state = 'waiting' AND to_state = 'skipped')::int AS waits_timed_out_skipped,
      count(*) FILTER (WHERE from_state = 'waiting' AND to_state = 'error')::int AS waits_timed_out_failed
    FROM transitions WHERE kind = 'transition' AND step_name IS NOT NULL`);
  return { ...rows[0], ...waits[0] };
}

/**
 * Signals that were lost or misdelivered: a stored signal is either taken by its
 * step (which then completed with its payload) or its step never started waiting.
 */
async function signalProblems(db: Db): Promise<unknown[]> {
  const { rows } = await db.query(`
    SELECT g.task_id, g.name, s.name AS step, s.state, g.delivered_at, g.step_name FROM signals g
    JOIN steps s ON s.task_id = g.task_id AND s.kind = 'wait' AND s.params->>'signal' = g.name
    WHERE (g.delivered_at IS NULL AND EXISTS (SELECT 1 FROM transitions x WHERE x.task_id = g.task_id AND x.step_name = s.name AND x.to_state = 'waiting'))
       OR (g.delivered_at IS NOT NULL AND (s.state <> 'complete' OR g.step_name IS DISTINCT FROM s.name OR s.output IS DISTINCT FROM g.payload))`);
  return rows;
}

/** Cancels a task; whether it was still live. One that finished first answers `conflict`, which is no cancel, not an error. */
async function cancelTask(engine: Engine, taskId: string): Promise<boolean> {
  try {
    return (await engine.cancel(taskId)).changed;
  } catch (err) {
    if (isBatonError(err, 'conflict')) return false;
    throw err;
  }
}

/** Sends a planned signal; a task or step that finished first answers `conflict`, which is counted, not thrown. */
async function sendSignal(engine: Engine, taskId: string, name: string): Promise<string> {
  try {
    return (await engine.signal({ taskId, name, payload: { from: 'property' } })).status;
  } catch (err) {
    if (isBatonError(err, 'conflict')) return 'conflict';
    throw err;
  }
}

/**
 * Registers the templates, submits the plan in waves (cancelling the chosen
 * tasks on their timers), waits until every task is terminal, then checks the
 * invariants and prints what I6 replayed.
 */
async function runProperty(label: string, engine: Engine, db: Db, opts: { total: number; waves: number; waveGapMs: number; timeoutMs: number }): Promise<void> {
  const started = Date.now();
  const rng = createRng(SEED);
  const templates = generateTemplates(rng, 8);
  for (const t of templates) await engine.registerTemplate(JSON.stringify(toDefinition(t)));
  const plan = planTasks(rng, templates, opts.total, 0.1);
  console.log(
    `[causal-property] ${label}: seed ${SEED} (PROPERTY_SEED=${SEED} reproduces); templates of ${templates.map((t) => t.steps.length).join(', ')} steps; ` +
      `${plan.length} tasks, ${plan.filter((p) => p.cancelAfterMs !== undefined).length} to cancel`,
  );
  const ids: string[] = [];
  const cancels: Promise<boolean>[] = [];
  const signals: Promise<string>[] = [];
  const waveSize = Math.ceil(plan.length / opts.waves);
  for (let w = 0; w < opts.waves; w++) {
    const wave = plan.slice(w * waveSize, (w + 1) * waveSize);
    const submitted = await engine.submitMany(wave.map((p) => p.request));
    ids.push(...submitted.map((s) => s.id));
    wave.forEach((p, i) => {
      if (p.cancelAfterMs !== undefined) cancels.push(sleep(p.cancelAfterMs).then(() => cancelTask(engine, submitted[i].id)));
      for (const signal of p.signals) signals.push(sleep(signal.afterMs).then(() => sendSignal(engine, submitted[i].id, signal.name)));
    });
    await sleep(opts.waveGapMs);
  }
  const cancelled = (await Promise.all(cancels)).filter(Boolean).length;
  const signalled: Record<string, number> = {};
  for (const status of await Promise.all(signals)) signalled[status] = (signalled[status] ?? 0) + 1;
  await until(async () => (await scalar(db, `SELECT count(*)::int AS n FROM tasks WHERE status NOT IN (${TERMINAL})`)) === 0, opts.timeoutMs, 'every task terminal', 200);

  const before = { ...replayed };
  const violations = await checkInvariants(db, { reaperSlackMs: 5000, acknowledged: ids });
  const lostSignals = await signalProblems(db);
  if (lostSignals.length > 0) violations['signals lost or misdelivered'] = lostSignals;
  const counts = await coverage(db);
  const { rows: statuses } = await db.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM tasks GROUP BY status ORDER BY status');
  console.log(
    `[causal-property] ${label}: I6 replayed ${replayed.tasks - before.tasks} tasks and ${replayed.transitions - before.transitions} transitions ` +
      `in ${((Date.now() - started) / 1000).toFixed(1)} s; ${cancelled} cancels landed mid-flight; signals ${JSON.stringify(signalled)}; ` +
      `tasks ${JSON.stringify(Object.fromEntries(statuses.map((s) => [s.status, s.n])))}; log ${JSON.stringify(counts)}`,
  );
  if (Object.keys(violations).length > 0) console.log(`[causal-property] ${label}: seed ${SEED} violations:\n${JSON.stringify(violations, null, 2)}`);
  expect(violations).toEqual({});
  expect(ids).toHaveLength(opts.total);
  expect(replayed.tasks - before.tasks).toBe(opts.total);
  // The forced rounds reach every behaviour whatever the seed; a generator that stops doing so fails here.
  expect(Object.entries(counts).filter(([, n]) => n === 0)).toEqual([]);
}

describe('random DAG workflows on PGlite with an in-process worker', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('log every task causally through decisions, fan-outs, retries, failures, sleeps, waits and cancels', async () => {
    h = await startHarness('pglite', { handlers, config: (c) => (c.orchestrator.timerIntervalMs = 50) });
    await runProperty('pglite', h.engine, h.testDb.db, { total: 60, waves: 3, waveGapMs: 300, timeoutMs: 120_000 });
  }, 180_000);
});

describe.runIf(PG_URL)('random DAG workflows on PostgreSQL with three worker processes', () => {
  const schema = useProcessSchema();

  it('log every task causally through decisions, fan-outs, retries, failures, sleeps, waits and cancels', async () => {
    const fresh = await schema.open({});
    const engine = new Engine(fresh.db, testLogger);
    const workers = [1, 2, 3].map(() => spawnNode(`${FIXTURES}random-worker.mjs`, [], { DATABASE_URL: PG_URL!, SCHEMA: fresh.schema }));
    await Promise.all(workers.map((w) => w.waitFor('ready')));
    await runProperty('postgresql', engine, fresh.db, { total: 300, waves: 6, waveGapMs: 400, timeoutMs: 120_000 });
  }, 180_000);
});
