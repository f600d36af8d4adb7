import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { insertTransitions } from '../../src/store/transitions.js';
import { backends, PG_URL } from '../support/db.js';
import { openSse, type SseConnection, type SseFrame } from '../support/sse.js';
import { loggedIds, startEventsServer, type EventsServer } from './events-harness.js';

/** The ids of the log events (`end` repeats the last one's id). */
const ids = (frames: SseFrame[]) => frames.filter((f) => f.id !== undefined && f.event !== 'end').map((f) => f.id!);

async function eventually(cond: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(backends)('event stream limits on %s', (backend) => {
  let server: EventsServer;
  const open: SseConnection[] = [];
  const sockets: net.Socket[] = [];
  afterEach(async () => {
    for (const c of open.splice(0)) c.close();
    for (const s of sockets.splice(0)) s.destroy();
    await server?.close();
  });
  async function connect(path: string, headers: Record<string, string> = {}): Promise<SseConnection> {
    const c = await openSse(`${server.base}${path}`, headers);
    open.push(c);
    return c;
  }

  it('answers 503 unavailable past the open-stream cap and admits again once a stream closes', async () => {
    server = await startEventsServer(backend, { config: (c) => (c.server.maxSseStreams = 2) });
    const taskId = await server.submit();
    const one = await connect(`/v1/tasks/${taskId}/events`);
    const two = await connect('/v1/events');
    expect([one.status, two.status]).toEqual([200, 200]);
    expect(server.app.sse.openStreams).toBe(2);
    const refused = await connect('/v1/events');
    await refused.closed;
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(JSON.parse(refused.body()).error).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/max_sse_streams = 2/) });

    one.close();
    await eventually(() => server.app.sse.openStreams === 1);
    const three = await connect(`/v1/tasks/${taskId}/events`);
    expect(three.status).toBe(200);
    await three.until((f) => f.length === 1);
  });

  it('sends heartbeat comments at the configured interval', async () => {
    server = await startEventsServer(backend, { sse: { heartbeatMs: 50 } });
    const stream = await connect('/v1/events');
    await eventually(() => stream.comments.filter((c) => c === 'ping').length >= 3);
    expect(stream.frames).toEqual([]);
  });

  /** `count` progress events of `bytes` each on a fresh task; returns the task id. */
  async function bulkyTask(count: number, bytes: number): Promise<string> {
    const taskId = await server.submit();
    const blob = 'x'.repeat(bytes);
    for (let done = 0; done < count; done += 50) {
      const rows = Array.from({ length: Math.min(50, count - done) }, () => ({ taskId, stepName: 'a', kind: 'progress' as const, data: { blob } }));
      await insertTransitions(server.h.testDb.db, rows);
    }
    await server.h.testDb.db.query("SELECT pg_notify($1, '')", [`${server.h.testDb.schema}_events`]);
    return taskId;
  }

  it('drops a client that stops reading once its unsent bytes pass the cap; the server carries on', async () => {
    server = await startEventsServer(backend, { sse: { maxBufferedBytes: 1024 } });
    // 20 MB: more than the kernel's socket buffers hold, so the server's writes back up.
    const taskId = await bulkyTask(200, 100_000);
    const { port } = new URL(server.base);
    const socket = net.connect(Number(port), '127.0.0.1');
    sockets.push(socket);
    socket.pause(); // never reads
    socket.write(`GET /v1/tasks/${taskId}/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n`);
    await eventually(() => server.app.sse.droppedStreams === 1, 20_000);
    expect(server.app.sse.openStreams).toBe(0);

    // The server carries on: probes answer and a new stream runs to its end.
    expect((await fetch(`${server.base}/health/live`)).status).toBe(200);
    const small = await server.submit();
    await server.h.engine.cancel(small);
    const reader = await connect(`/v1/tasks/${small}/events`);
    await reader.closed;
    expect(reader.frames.at(-1)?.event).toBe('end');
  });

  it('keeps a client that reads, however large the replay, within the default cap', async () => {
    server = await startEventsServer(backend);
    const taskId = await bulkyTask(200, 100_000);
    const reader = await connect(`/v1/tasks/${taskId}/events`);
    await reader.until((f) => f.length === 201, 30_000);
    expect(ids(reader.frames)).toEqual(await loggedIds(server, taskId));
    expect(server.app.sse.openStreams).toBe(1);
  });
});

describe.runIf(PG_URL)('event stream ordering on real PostgreSQL', () => {
  let server: EventsServer;
  afterEach(async () => server?.close());

  it('holds back a later commit until an earlier id commits, so no event is skipped', async () => {
    server = await startEventsServer('pg', { sse: { gapTimeoutMs: 60_000 } });
    const taskId = await server.submit();
    const stream = await openSse(`${server.base}/v1/tasks/${taskId}/events`);
    await stream.until((f) => f.length === 1);
    let commit!: () => void;
    const gate = new Promise<void>((r) => (commit = r));
    let inserted!: () => void;
    const holding = new Promise<void>((r) => (inserted = r));
    // Takes the next id, then waits before committing, while a later id commits.
    const slow = server.h.testDb.db.transaction(async (tx) => {
      await insertTransitions(tx, [{ taskId, stepName: 'a', kind: 'progress', data: { n: 'early id, late commit' } }]);
      inserted();
      await gate;
    });
    await holding;
    await insertTransitions(server.h.testDb.db, [{ taskId, stepName: 'a', kind: 'progress', data: { n: 'late id, early commit' } }]);
    await server.h.testDb.db.query("SELECT pg_notify($1, '')", [`${server.h.testDb.schema}_events`]);
    await new Promise((r) => setTimeout(r, 500));
    expect(stream.frames).toHaveLength(1);
    commit();
    await slow;
    await stream.until((f) => f.length === 3);
    expect(stream.frames.map((f) => f.data.data?.n)).toEqual([undefined, 'early id, late commit', 'late id, early commit']);
    expect(ids(stream.frames)).toEqual(await loggedIds(server, taskId));
    stream.close();
  });

  it('passes a gap left by a rolled-back insert after the gap timeout', async () => {
    server = await startEventsServer('pg', { sse: { gapTimeoutMs: 300 } });
    const taskId = await server.submit();
    const stream = await openSse(`${server.base}/v1/tasks/${taskId}/events`);
    await stream.until((f) => f.length === 1);
    await server.h.testDb.db
      .transaction(async (tx) => {
        await insertTransitions(tx, [{ taskId, stepName: 'a', kind: 'progress', data: { n: 'rolled back' } }]);
        throw new Error('roll back');
      })
      .catch(() => {});
    await server.complete(await server.claim());
    await stream.until((f) => f.some((e) => e.data.step === 'a' && e.data.to === 'complete'));
    expect(stream.frames.some((f) => f.data.data?.n === 'rolled back')).toBe(false);
    stream.close();
  });
});
