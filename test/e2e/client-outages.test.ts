/**
 * BatonClient rides out outages by itself (issue #16): a submit made while
 * PostgreSQL is stopped, while the server process restarts, or while the
 * server answers 429 finishes once the outage ends, with no retry loop in the
 * test, and exactly one task exists. PostgreSQL runs on a throwaway cluster
 * (the shared server must never be stopped); the restart spawns `baton server`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import type { Db } from '../../src/store/db.js';
import { openPg } from '../../src/store/pg-adapter.js';
import { BatonClient } from '../../src/sdk/client.js';
import { startApi, type ApiHarness } from '../api/api-harness.js';
import { PG_URL } from '../support/db.js';
import { testConfig } from '../support/harness.js';
import { testLogger } from '../support/logger.js';
import { startPgCluster, type PgCluster } from '../support/pg-cluster.js';
import { spawnNode, useProcessSchema, type Child } from '../support/processes.js';
import { buildTestServer } from '../support/server.js';

const BATON = fileURLToPath(new URL('../../bin/baton.js', import.meta.url));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const TEMPLATE = `
namespace: outage
name: one
version: "1"
steps:
  - { name: a, handler: outage.nobody }
`;

/** The tasks of the schema, as stored. */
async function storedTasks(db: Db): Promise<{ id: string; idempotency_key: string | null }[]> {
  return (await db.query<{ id: string; idempotency_key: string | null }>("SELECT id, idempotency_key FROM tasks WHERE namespace = 'outage'")).rows;
}

/** A client that records each retry it makes (the test itself never retries). */
function recordingClient(base: string): { client: BatonClient; retries: { code: string; status: number; delayMs: number }[] } {
  const retries: { code: string; status: number; delayMs: number }[] = [];
  const client = new BatonClient(base, {
    retry: {
      deadlineMs: 30_000,
      onRetry: ({ error, delayMs }) => retries.push({ code: (error as { code: string }).code, status: (error as { status: number }).status, delayMs }),
    },
  });
  return { client, retries };
}

describe.runIf(PG_URL)('a submit through BatonClient while PostgreSQL is stopped for 5 s', () => {
  let cluster: PgCluster | undefined;
  let db: Db | undefined;
  let runtime: Runtime | undefined;
  let app: Awaited<ReturnType<typeof buildTestServer>> | undefined;

  afterAll(async () => {
    await app?.close();
    await runtime?.stop();
    await db?.close();
    await cluster?.destroy();
  });

  it('finishes after PostgreSQL is back, and makes exactly one task', async () => {
    cluster = await startPgCluster();
    db = openPg({ url: cluster.url, schema: 'baton', poolSize: 4, listenHealthCheckMs: 200 });
    const config = testConfig();
    runtime = await createRuntime({ config, db, logger: testLogger });
    await runtime.engine.registerTemplate(TEMPLATE);
    app = await buildTestServer({ engine: runtime.engine, config, logger: testLogger });
    const { client, retries } = recordingClient(await app.listen({ host: '127.0.0.1', port: 0 }));

    await cluster.stop();
    const stoppedAt = Date.now();
    const submitted = client.submit({ namespace: 'outage', name: 'one', context: { during: 'database outage' } });
    let settled = false;
    void submitted.finally(() => (settled = true)).catch(() => {});
    await new Promise((r) => setTimeout(r, 5_000));
    expect(settled, 'the submit is still being retried while PostgreSQL is down').toBe(false);
    await cluster.start();

    const result = await submitted;
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(5_000);
    expect(result).toMatchObject({ status: 'pending', created: true });
    expect(retries.length).toBeGreaterThanOrEqual(1);
    expect(retries[0]).toMatchObject({ code: 'unavailable', status: 503 });
    const tasks = await storedTasks(db);
    expect(tasks).toEqual([{ id: result.id, idempotency_key: expect.stringMatching(UUID) }]);
  }, 90_000);
});

describe.runIf(PG_URL)('a submit through BatonClient while the server process restarts', () => {
  const schema = useProcessSchema();

  it('finishes once the server is back on its port, and makes exactly one task', async () => {
    const testDb = await schema.open({});
    const env = {
      BATON_DATABASE_URL: PG_URL!,
      BATON_SCHEMA: testDb.schema,
      BATON_LOG_LEVEL: 'warn',
      BATON_LOG_PRETTY: 'false',
    };
    const start = async (port: number): Promise<{ child: Child; url: string }> => {
      const child = spawnNode(BATON, ['server', '--port', String(port)], env);
      await child.waitFor(/listening on http:\/\/\S+/);
      return { child, url: /listening on (http:\/\/\S+)/.exec(child.output())![1] };
    };

    const first = await start(0);
    const port = Number(new URL(first.url).port);
    const { client, retries } = recordingClient(first.url);
    await client.registerTemplate(TEMPLATE);

    first.child.proc.kill('SIGKILL');
    await first.child.exited;
    const submitted = client.submit({ namespace: 'outage', name: 'one', context: { during: 'server restart' } });
    await new Promise((r) => setTimeout(r, 2_000));
    const second = await start(port);

    const result = await submitted;
    expect(result).toMatchObject({ status: 'pending', created: true });
    expect(retries.length).toBeGreaterThanOrEqual(1);
    expect(retries.every((r) => r.code === 'unavailable')).toBe(true);
    expect(await storedTasks(testDb.db)).toEqual([{ id: result.id, idempotency_key: expect.stringMatching(UUID) }]);
    // The restarted server serves the task the client made across the restart.
    expect((await client.get(result.id)).id).toBe(result.id);
    second.child.proc.kill('SIGTERM');
    await second.child.exited;
  }, 90_000);
});

describe('a submit through BatonClient against a server answering 429 with Retry-After', () => {
  let api: ApiHarness | undefined;
  let stub: Server | undefined;
  afterEach(async () => {
    stub?.closeAllConnections();
    await new Promise((r) => (stub ? stub.close(r) : r(undefined)));
    await api?.close();
  });

  it('waits the Retry-After each time, then makes exactly one task', async () => {
    api = await startApi('pglite');
    await api.h.engine.registerTemplate(TEMPLATE);
    const upstream = await api.app.listen({ host: '127.0.0.1', port: 0 });

    // A front that refuses the first two requests as admission control would, then passes requests on.
    const RETRY_AFTER_S = 1;
    const seen: { at: number; body: string }[] = [];
    stub = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        seen.push({ at: Date.now(), body });
        if (seen.length <= 2) {
          res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(RETRY_AFTER_S), 'x-request-id': `stub-${seen.length}` });
          res.end(JSON.stringify({ error: { code: 'overloaded', message: 'the ready backlog is over its limit; retry after the Retry-After delay' } }));
          return;
        }
        const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => ['content-type', 'accept', 'x-request-id'].includes(k))) as Record<string, string>;
        void fetch(`${upstream}${req.url}`, { method: req.method, headers, ...(body === '' ? {} : { body }) }).then(async (answer) => {
          res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
          res.end(await answer.text());
        });
      });
    });
    await new Promise<void>((r) => stub!.listen(0, '127.0.0.1', r));
    const { client, retries } = recordingClient(`http://127.0.0.1:${(stub.address() as AddressInfo).port}`);

    const started = Date.now();
    const result = await client.submit({ namespace: 'outage', name: 'one', context: { during: 'overload' } });
    const elapsed = Date.now() - started;

    expect(result).toMatchObject({ status: 'pending', created: true });
    expect(retries).toEqual([
      { code: 'overloaded', status: 429, delayMs: expect.any(Number) },
      { code: 'overloaded', status: 429, delayMs: expect.any(Number) },
    ]);
    // Honoured: each wait lasted at least what the server asked for (a lower bound, not a speed check).
    for (const r of retries) expect(r.delayMs).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000);
    expect(seen[1].at - seen[0].at).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - 5);
    expect(seen[2].at - seen[1].at).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - 5);
    expect(elapsed).toBeGreaterThanOrEqual(2 * RETRY_AFTER_S * 1000 - 10);
    // All three attempts were one submission: one idempotency key, one task.
    const keys = seen.map((s) => (JSON.parse(s.body) as { idempotency_key: string }).idempotency_key);
    expect(new Set(keys).size).toBe(1);
    expect(await storedTasks(api.h.engine.db)).toEqual([{ id: result.id, idempotency_key: keys[0] }]);
  }, 30_000);
});
