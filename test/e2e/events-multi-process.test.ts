import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loggedIds, startEventsServer, type EventsServer } from '../api/events-harness.js';
import { PG_URL } from '../support/db.js';
import { FIXTURES, killAll, spawnNode } from '../support/processes.js';
import { openSse, type SseFrame } from '../support/sse.js';
import { diamondTemplate } from '../support/e2e-workflows.js';

const DIAMOND = diamondTemplate();

/** The ids of the log events (`end` repeats the last one's id). */
const ids = (frames: SseFrame[]) => frames.filter((f) => f.id !== undefined && f.event !== 'end').map((f) => f.id!);

describe.runIf(PG_URL)('event streams with steps run in another process (real PostgreSQL)', () => {
  let server: EventsServer | undefined;
  afterEach(async () => {
    killAll();
    await server?.close();
    server = undefined;
  });
  afterAll(() => killAll());

  it('streams the transitions a worker process makes, through NOTIFY and the log, and ends', async () => {
    // This process serves the API and runs no handlers; the worker process runs them all.
    server = await startEventsServer('pg');
    const db = server.h.testDb.db;
    await db.query('CREATE TABLE ledger (task_id uuid, step text, attempt int, pid int)');
    await db.query('CREATE TABLE started (task_id uuid, step text, attempt int, pid int)');
    await server.h.engine.registerTemplate(DIAMOND);
    const { id: taskId } = await server.h.engine.submit({ namespace: 'e2e', name: 'diamond', context: {} });
    const all = await openSse(`${server.base}/v1/events?since=0`);
    const stream = await openSse(`${server.base}/v1/tasks/${taskId}/events`);
    await stream.until((f) => f.length === 1);

    const worker = spawnNode(`${FIXTURES}ledger-worker.mjs`, [], { DATABASE_URL: PG_URL!, SCHEMA: server.h.testDb.schema });
    await worker.waitFor('ready');
    await stream.closed;

    const logged = await loggedIds(server, taskId);
    expect(ids(stream.frames)).toEqual(logged);
    expect(stream.frames.at(-1)).toEqual({ id: logged.at(-1), event: 'end', data: { task_id: taskId, status: 'complete' } });
    const completed = stream.frames.filter((f) => f.data.to === 'complete' && f.data.step !== undefined).map((f) => f.data.step);
    expect(completed.sort()).toEqual(['a', 'b', 'c', 'd']);
    const { rows } = await db.query<{ pid: number }>('SELECT DISTINCT pid FROM ledger');
    expect(rows.map((r) => r.pid)).toEqual([worker.proc.pid]);
    expect(worker.proc.pid).not.toBe(process.pid);

    // The all-tasks stream saw the same events and stays open.
    await all.until((f) => ids(f).length === logged.length);
    expect(ids(all.frames)).toEqual(logged);
    all.close();
  });
});
