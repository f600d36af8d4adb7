/**
 * PostgreSQL stopped for 10 s under load (issue #8): the API answers 503 with
 * Retry-After (never 500, never a hang), readiness names the database, and
 * once PostgreSQL is back work resumes by itself with no acknowledged task lost.
 * Runs on a throwaway cluster (the shared server must never be stopped).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTestServer } from '../support/server.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import type { Db } from '../../src/store/db.js';
import { openPg } from '../../src/store/pg-adapter.js';
import { defineHandler } from '../../src/worker/types.js';
import { PG_URL } from '../support/db.js';
import { testConfig } from '../support/harness.js';
import { checkInvariants } from '../support/invariants.js';
import { testLogger } from '../support/logger.js';
import { startPgCluster, type PgCluster } from '../support/pg-cluster.js';
import { until } from '../support/wait.js';

const OUTAGE_MS = 10_000;
/** Longer than any answer may take: a request still open after it counts as a hang. */
const CLIENT_TIMEOUT_MS = 4000;

const CHAIN = `
namespace: outage
name: chain
version: "1"
defaults: { retry: { max_attempts: 20, backoff: fixed, base_ms: 50 } }
steps:
  - { name: a, handler: outage.step }
  - { name: b, handler: outage.step, depends_on: [a] }
`;

type Phase = 'up' | 'stopping' | 'down' | 'starting' | 'back';

interface Answer {
  phase: Phase;
  what: string;
  /** 0: no HTTP answer (the client timed out or the socket failed). */
  status: number;
  retryAfter: string | null;
  body: any;
  ms: number;
  error?: string;
}

describe.runIf(PG_URL)('PostgreSQL stopped for 10 s under load', () => {
  let cluster: PgCluster | undefined;
  let db: Db | undefined;
  let runtime: Runtime | undefined;
  let app: FastifyInstance | undefined;

  afterAll(async () => {
    await app?.close();
    await runtime?.stop();
    await db?.close();
    await cluster?.destroy();
  });

  it('answers 503 with Retry-After while it is down, and resumes by itself within 10 s of its return', async () => {
    cluster = await startPgCluster();
    // The pool gives up on a connection after 5 s (connectionTimeoutMillis); the listener checks itself every 200 ms.
    db = openPg({ url: cluster.url, schema: 'baton', poolSize: 6, listenHealthCheckMs: 200 });
    const config = testConfig();
    runtime = await createRuntime({
      config,
      db,
      logger: testLogger,
      handlers: [
        defineHandler('outage.step', async (ctx) => {
          // Long enough that steps are in flight when the database stops.
          await new Promise((r) => setTimeout(r, 30));
          return { step: ctx.step.name };
        }),
      ],
    });
    await runtime.engine.registerTemplate(CHAIN);
    app = await buildTestServer({ engine: runtime.engine, config, logger: testLogger });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });

    let phase: Phase = 'up';
    const answers: Answer[] = [];
    async function call(what: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
      const at = phase;
      const started = Date.now();
      let answer: Answer;
      try {
        const res = await fetch(`${base}${path}`, {
          method,
          ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
        });
        const text = await res.text();
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          /* kept as text */
        }
        answer = { phase: at, what, status: res.status, retryAfter: res.headers.get('retry-after'), body: parsed, ms: Date.now() - started };
      } catch (err) {
        answer = { phase: at, what, status: 0, retryAfter: null, body: null, ms: Date.now() - started, error: String(err) };
      }
      answers.push(answer);
      return answer;
    }
    const submit = (i: number) => call('POST /v1/tasks', 'POST', '/v1/tasks', { namespace: 'outage', name: 'chain', context: { i } });

    // Submissions go on every 50 ms for the whole run, whatever the database does.
    const acked: string[] = [];
    let submitting = true;
    const submitter = (async () => {
      for (let i = 0; submitting; i++) {
        const answer = await submit(i);
        if (answer.status >= 200 && answer.status < 300) acked.push(answer.body.id);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();

    await until(
      async () => (await db!.query<{ n: number }>("SELECT count(*)::int AS n FROM tasks WHERE status = 'complete'")).rows[0].n >= 20,
      10_000,
      'work to flow before the outage',
    );
    const ackedBefore = acked.length;
    const knownTask = acked[0];

    phase = 'stopping';
    await cluster.stop();
    phase = 'down';
    const downAt = Date.now();
    // Every endpoint that needs the database, probed again and again for the whole outage.
    const probes: Answer[] = [];
    while (Date.now() - downAt < OUTAGE_MS - 1000) {
      probes.push(
        ...(await Promise.all([
          submit(-1),
          call('GET /v1/tasks/:id', 'GET', `/v1/tasks/${knownTask}`),
          call('GET /v1/tasks/:id/events', 'GET', `/v1/tasks/${knownTask}/events`),
          call('GET /v1/tasks', 'GET', '/v1/tasks?limit=5'),
          call('GET /v1/templates', 'GET', '/v1/templates'),
          call('GET /v1/workers', 'GET', '/v1/workers'),
          call('GET /health/ready', 'GET', '/health/ready'),
          call('GET /health/live', 'GET', '/health/live'),
        ])),
      );
      await new Promise((r) => setTimeout(r, 500));
    }
    await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - downAt))));
    phase = 'starting';
    await cluster.start();
    phase = 'back';
    const backAt = Date.now();

    // A task submitted after the restart completes within 10 s, with no help.
    let fresh: string | undefined;
    while (!fresh && Date.now() - backAt < 10_000) {
      const answer = await submit(-2);
      if (answer.status === 202) fresh = answer.body.id;
      else await new Promise((r) => setTimeout(r, 100));
    }
    expect(fresh, 'a submission accepted after the restart').toBeDefined();
    await until(
      async () => (await call('GET /v1/tasks/:id', 'GET', `/v1/tasks/${fresh}`)).body?.task?.status === 'complete',
      10_000 - (Date.now() - backAt),
      'the task submitted after the restart to complete within 10 s of it',
    );
    const resumedMs = Date.now() - backAt;

    await new Promise((r) => setTimeout(r, 1000));
    submitting = false;
    await submitter;
    acked.push(fresh!);

    // No 500 and no hang (an answer later than CLIENT_TIMEOUT_MS is status 0), ever: a success or a 503 with Retry-After.
    const wrong = answers.filter((a) => !(a.status >= 200 && a.status < 300) && a.status !== 503);
    expect(wrong.map((a) => ({ phase: a.phase, what: a.what, status: a.status, ms: a.ms, error: a.error, body: a.body }))).toEqual([]);
    for (const a of answers.filter((x) => x.status === 503)) {
      if (a.what === 'GET /health/ready') continue;
      expect(a.retryAfter, `${a.what} answered 503 without Retry-After`).toMatch(/^\d+$/);
      expect(a.body.error.code).toBe('unavailable');
    }

    // While it was down, everything that needs the database said 503; liveness stayed 200.
    expect(probes.length).toBeGreaterThanOrEqual(8 * 8);
    for (const p of probes) {
      if (p.what === 'GET /health/live') expect(p.status).toBe(200);
      else expect({ what: p.what, status: p.status }).toEqual({ what: p.what, status: 503 });
    }
    for (const ready of probes.filter((p) => p.what === 'GET /health/ready')) {
      expect(ready.body.status).toBe('unready');
      expect(ready.body.checks.database.ok).toBe(false);
      expect(ready.body.checks.database.error).toEqual(expect.any(String));
    }
    expect(answers.filter((a) => a.phase === 'down' && a.what !== 'GET /health/live' && a.status >= 200 && a.status < 300)).toEqual([]);

    // Every acknowledged task, before and after, exists and completes.
    expect(ackedBefore).toBeGreaterThan(0);
    expect(acked.length).toBeGreaterThan(ackedBefore + 1);
    await until(
      async () => (await db!.query<{ n: number }>("SELECT count(*)::int AS n FROM tasks WHERE id = ANY($1::uuid[]) AND status = 'complete'", [acked])).rows[0].n === acked.length,
      15_000,
      'every acknowledged task to complete',
    );
    expect(await checkInvariants(db, { reaperSlackMs: 3000, acknowledged: acked })).toEqual({});
    expect(resumedMs).toBeLessThan(10_000);
  }, 60_000);
});
