import { afterEach, describe, expect, it } from 'vitest';
import { backends } from '../support/db.js';
import { openSse, type SseConnection, type SseFrame } from '../support/sse.js';
import { loggedIds, startEventsServer, type EventsServer } from './events-harness.js';

/** The ids of the log events (`end` repeats the last one's id). */
const ids = (frames: SseFrame[]) => frames.filter((f) => f.id !== undefined && f.event !== 'end').map((f) => f.id!);
const hasEnd = (frames: SseFrame[]) => frames.some((f) => f.event === 'end');

describe.each(backends)('task event stream on %s', (backend) => {
  let server: EventsServer;
  const open: SseConnection[] = [];
  afterEach(async () => {
    for (const c of open.splice(0)) c.close();
    await server?.close();
  });
  async function connect(path: string, headers: Record<string, string> = {}): Promise<SseConnection> {
    const c = await openSse(`${server.base}${path}`, headers);
    open.push(c);
    return c;
  }

  it('streams every transition live, in log order, with the wire shape, and ends after the terminal one', async () => {
    server = await startEventsServer(backend);
    const taskId = await server.submit();
    const stream = await connect(`/v1/tasks/${taskId}/events`, { 'x-request-id': 'req-sse-1' });
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(stream.headers['cache-control']).toBe('no-cache');
    expect(stream.headers['x-accel-buffering']).toBe('no');
    expect(stream.headers['x-request-id']).toBe('req-sse-1');
    await stream.until((f) => f.length === 1);

    const a = await server.claim();
    await stream.until((f) => f.some((e) => e.data.step === 'a' && e.data.to === 'running'));
    expect(await server.h.engine.progress(a.execution_id, a.lease_id, { pct: 50 })).toBe('ok');
    await server.complete(a);
    await server.complete(await server.claim());
    await stream.closed;

    const frames = stream.frames;
    const logged = await loggedIds(server, taskId);
    expect(frames.at(-1)).toEqual({ id: logged.at(-1), event: 'end', data: { task_id: taskId, status: 'complete' } });
    expect(ids(frames)).toEqual(logged);
    expect(frames.every((f) => Number.isInteger(f.id))).toBe(true);
    const submitted = frames[0];
    expect(submitted.event).toBe('transition');
    expect(submitted.data).toEqual({ task_id: taskId, to: 'pending', at: expect.any(String), reason: 'submitted' });
    const progress = frames.find((f) => f.event === 'progress')!;
    expect(progress.data).toMatchObject({ task_id: taskId, step: 'a', data: { pct: 50 } });
    const aComplete = frames.find((f) => f.data.step === 'a' && f.data.to === 'complete')!;
    expect(aComplete.data).toMatchObject({ from: 'running', attempt: 1 });
    expect(frames.filter((f) => f.event === 'transition' && f.data.step === undefined).map((f) => f.data.to)).toEqual(['pending', 'running', 'complete']);
  });

  it('a client that reconnects with Last-Event-ID receives exactly the events it missed', async () => {
    server = await startEventsServer(backend);
    const taskId = await server.submit();
    const first = await connect(`/v1/tasks/${taskId}/events`);
    const a = await server.claim();
    await first.until((f) => f.some((e) => e.data.step === 'a' && e.data.to === 'running'));
    first.close();
    await first.closed;
    const seen = ids(first.frames);

    // Missed while away: a completes, b becomes ready, runs and completes, the task finishes.
    await server.complete(a);
    await server.complete(await server.claim());
    const second = await connect(`/v1/tasks/${taskId}/events`, { 'last-event-id': String(seen.at(-1)) });
    await second.closed;
    const logged = await loggedIds(server, taskId);
    expect(ids(second.frames)).toEqual(logged.filter((id) => id > seen.at(-1)!));
    expect([...seen, ...ids(second.frames)]).toEqual(logged);
    expect(hasEnd(second.frames)).toBe(true);

    // The query parameter does the same; the header wins over it.
    const third = await connect(`/v1/tasks/${taskId}/events?last_event_id=${logged[1]}`, { 'last-event-id': String(logged[2]) });
    await third.closed;
    expect(ids(third.frames)).toEqual(logged.slice(3));
  });

  it('replays a finished task and ends; resuming after its last event ends at once', async () => {
    server = await startEventsServer(backend);
    const taskId = await server.submit();
    await server.complete(await server.claim());
    await server.complete(await server.claim());
    const replay = await connect(`/v1/tasks/${taskId}/events`);
    await replay.closed;
    const logged = await loggedIds(server, taskId);
    expect(ids(replay.frames)).toEqual(logged);
    expect(hasEnd(replay.frames)).toBe(true);

    const resumed = await connect(`/v1/tasks/${taskId}/events`, { 'last-event-id': String(logged.at(-1)) });
    await resumed.closed;
    expect(resumed.frames).toEqual([{ id: logged.at(-1), event: 'end', data: { task_id: taskId, status: 'complete' } }]);

    // Resuming with the id of `end` itself (as EventSource does when the server closes) ends again at once, replaying nothing.
    const afterEnd = await connect(`/v1/tasks/${taskId}/events`, { 'last-event-id': String(replay.frames.at(-1)!.id) });
    await afterEnd.closed;
    expect(afterEnd.frames).toEqual([{ id: logged.at(-1), event: 'end', data: { task_id: taskId, status: 'complete' } }]);
  });

  it('ends a cancelled task stream with its status', async () => {
    server = await startEventsServer(backend);
    const taskId = await server.submit();
    const stream = await connect(`/v1/tasks/${taskId}/events`);
    await stream.until((f) => f.length > 0);
    await server.h.engine.cancel(taskId);
    await stream.closed;
    expect(stream.frames.at(-1)).toEqual({ id: (await loggedIds(server, taskId)).at(-1), event: 'end', data: { task_id: taskId, status: 'cancelled' } });
  });

  it('answers JSON errors before the stream starts: unknown task 404, bad Last-Event-ID 400', async () => {
    server = await startEventsServer(backend);
    const missing = await connect('/v1/tasks/00000000-0000-4000-8000-000000000000/events');
    await missing.closed;
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body()).error.code).toBe('not_found');
    const notUuid = await connect('/v1/tasks/nope/events');
    await notUuid.closed;
    expect(notUuid.status).toBe(404);
    const taskId = await server.submit();
    const bad = await connect(`/v1/tasks/${taskId}/events`, { 'last-event-id': 'abc' });
    await bad.closed;
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body()).error.code).toBe('invalid_request');
    expect(server.app.sse.openStreams).toBe(0);
  });

  it('the all-tasks stream starts from now, replays with since=0, resumes with Last-Event-ID and does not end', async () => {
    server = await startEventsServer(backend);
    const before = await server.submit();
    const live = await connect('/v1/events');
    const all = await connect('/v1/events?since=0');
    await all.until((f) => f.some((e) => e.data.task_id === before));
    const after = await server.submit();
    for (let i = 0; i < 4; i++) await server.complete(await server.claim());
    const everything = [...(await loggedIds(server, before)), ...(await loggedIds(server, after))].sort((x, y) => x - y);
    await live.until((f) => ids(f).at(-1) === everything.at(-1));
    expect(live.frames.some((e) => e.data.task_id === before && e.data.reason === 'submitted')).toBe(false);
    expect(live.frames.some((e) => e.data.task_id === after)).toBe(true);
    await all.until((f) => ids(f).length === everything.length);
    expect(ids(all.frames)).toEqual(everything);
    expect(ids(live.frames)).toEqual(everything.filter((id) => id > everything[0]));
    expect(hasEnd(all.frames)).toBe(false);
    // Every event of the all-tasks stream carries its log id.
    for (const stream of [live, all]) expect(stream.frames.every((f) => Number.isInteger(f.id))).toBe(true);

    const resumed = await connect('/v1/events', { 'last-event-id': String(everything[2]) });
    await resumed.until((f) => ids(f).length === everything.length - 3);
    expect(ids(resumed.frames)).toEqual(everything.slice(3));
    expect(server.app.sse.openStreams).toBe(3);
  });
});
