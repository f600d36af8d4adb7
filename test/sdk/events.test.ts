/**
 * The SDK's event-stream reader: the SSE parser on its own, and
 * BatonClient.events against a listening server, including a resume after a
 * dropped connection.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BatonClient } from '../../src/sdk/client.js';
import { parseSse, type SseMessage, type TaskEvent } from '../../src/sdk/events.js';
import { loggedIds, startEventsServer, type EventsServer } from '../api/events-harness.js';

async function parseAll(chunks: string[]): Promise<SseMessage[]> {
  const out: SseMessage[] = [];
  for await (const m of parseSse(
    (async function* () {
      yield* chunks;
    })(),
  ))
    out.push(m);
  return out;
}

describe('parseSse', () => {
  it('reads ids, event names and data; skips comments; an id belongs to its own message only', async () => {
    const messages = await parseAll(['retry: 1000\n\n: ping\n\nid: 1\nevent: transition\ndata: {"a":1}\n\n', 'data: plain\n\n']);
    expect(messages).toEqual([
      { id: '1', event: 'transition', data: '{"a":1}', retry: undefined },
      { id: undefined, event: 'message', data: 'plain', retry: undefined },
    ]);
  });

  it('joins multi-line data and accepts CRLF and CR line ends, split anywhere across chunks', async () => {
    const text = 'id: 7\r\nevent: progress\r\ndata: one\r\ndata:two\r\n\r\nid: 8\rdata: three\r\r';
    const whole = await parseAll([text]);
    expect(whole).toEqual([
      { id: '7', event: 'progress', data: 'one\ntwo', retry: undefined },
      { id: '8', event: 'message', data: 'three', retry: undefined },
    ]);
    for (let cut = 1; cut < text.length; cut++) expect(await parseAll([text.slice(0, cut), text.slice(cut)])).toEqual(whole);
  });

  it('drops an unfinished message at the end of the stream', async () => {
    expect(await parseAll(['id: 1\ndata: x\n\nid: 2\ndata: half'])).toHaveLength(1);
  });
});

describe('BatonClient.events', () => {
  let server: EventsServer;
  afterEach(async () => server?.close());

  it('yields every event of a task in order, then end, and finishes', async () => {
    server = await startEventsServer('pglite');
    const taskId = await server.submit();
    const client = new BatonClient(server.base);
    const seen: TaskEvent[] = [];
    const done = (async () => {
      for await (const e of client.events(taskId)) seen.push(e);
    })();
    for (let i = 0; i < 2; i++) await server.complete(await server.claim());
    await done;
    const logged = await loggedIds(server, taskId);
    expect(seen.filter((e) => e.event !== 'end').map((e) => e.id)).toEqual(logged);
    expect(seen.at(-1)).toEqual({ id: logged.at(-1), event: 'end', data: { task_id: taskId, status: 'complete' } });
  });

  it('resumes with Last-Event-ID after the connection drops: nothing missed, nothing repeated', async () => {
    server = await startEventsServer('pglite');
    const taskId = await server.submit();
    for (let i = 0; i < 2; i++) await server.complete(await server.claim());
    let connections = 0;
    const resumedFrom: (string | null)[] = [];
    // The first connection is cut right after its first event.
    const cutting: typeof fetch = async (input, init) => {
      connections++;
      resumedFrom.push(new Headers(init?.headers).get('last-event-id'));
      const res = await fetch(input, init);
      if (connections > 1) return res;
      // Passes the bytes up to the end of the first event with an id, then ends the body.
      const whole = await res.text();
      const firstEvent = /\nid: \d+\n[^]*?\n\n/.exec(whole)!;
      const body = whole.slice(0, firstEvent.index + firstEvent[0].length);
      return new Response(body, { status: res.status, headers: res.headers });
    };
    const client = new BatonClient(server.base, { fetch: cutting });
    const ids: number[] = [];
    for await (const e of client.events(taskId, { maxReconnects: 2 })) if (e.event !== 'end') ids.push(e.id!);
    expect(connections).toBe(2);
    expect(resumedFrom[0]).toBeNull();
    expect(resumedFrom[1]).not.toBeNull();
    expect(ids).toEqual(await loggedIds(server, taskId));
  });

  it('throws the server error for an unknown task', async () => {
    server = await startEventsServer('pglite');
    const client = new BatonClient(server.base);
    const iterate = async () => {
      for await (const _ of client.events('00000000-0000-4000-8000-000000000000')) void _;
    };
    await expect(iterate()).rejects.toMatchObject({ code: 'not_found' });
  });
});
