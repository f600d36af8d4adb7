import { describe, expect, it } from 'vitest';
import { isBatonError } from '../../src/errors.js';
import { BatonClient, type TaskDetail } from '../../src/sdk/client.js';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A fetch that answers from a list of responses and records the requests. */
function fakeFetch(responses: (Response | Error)[]): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const impl = async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({
      url: typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      method: init?.method ?? 'GET',
      headers: init?.headers as Record<string, string>,
      body: init?.body as string | undefined,
    });
    const next = responses.shift();
    if (next === undefined) throw new Error('no more responses');
    if (next instanceof Error) throw next;
    return next;
  };
  return { fetch: impl, calls };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function task(status: string, steps: [string, string, number][]): TaskDetail {
  return {
    id: 't1',
    namespace: 'n',
    name: 'x',
    version: '1',
    status,
    context: {},
    priority: 0,
    tags: [],
    idempotency_key: null,
    run_at: null,
    deadline_at: null,
    created_at: '2024-01-01T00:00:00.000Z',
    started_at: null,
    finished_at: null,
    steps: steps.map(([name, state, attempts]) => ({ name, state, attempts, max_attempts: 3 })),
  } as unknown as TaskDetail;
}

describe('BatonClient', () => {
  it('sends JSON with a bearer token and reads created from the status code', async () => {
    const { fetch, calls } = fakeFetch([json(202, { id: 'a', status: 'pending' }), json(200, { id: 'a', status: 'running' })]);
    const client = new BatonClient('http://h:1/', { token: 'tok', fetch });
    expect(await client.submit({ namespace: 'n', name: 'x', context: { a: 1 } })).toEqual({ id: 'a', status: 'pending', created: true });
    expect((await client.submit({ namespace: 'n', name: 'x', idempotency_key: 'k' })).created).toBe(false);
    expect(calls[0]).toMatchObject({ url: 'http://h:1/v1/tasks', method: 'POST' });
    expect(calls[0].headers).toMatchObject({ authorization: 'Bearer tok', 'content-type': 'application/json' });
    // A submit without a key gets one of its own, so that its retries make one task.
    expect(JSON.parse(calls[0].body!)).toEqual({ namespace: 'n', name: 'x', context: { a: 1 }, idempotency_key: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it('sends a correlationId as the x-request-id header, not in the body; a batch takes one', async () => {
    const { fetch, calls } = fakeFetch([
      json(202, { id: 'a', status: 'pending' }),
      json(202, {
        tasks: [
          { id: 'b', status: 'pending' },
          { id: 'c', status: 'pending' },
        ],
      }),
    ]);
    const client = new BatonClient('http://h:1', { fetch, retry: false });
    await client.submit({ namespace: 'n', name: 'x', correlationId: 'order-7' });
    await client.submitMany([
      { namespace: 'n', name: 'x', correlationId: 'order-8' },
      { namespace: 'n', name: 'x' },
    ]);
    expect(calls.map((c) => c.headers['x-request-id'])).toEqual(['order-7', 'order-8']);
    expect(JSON.parse(calls[0].body!)).toEqual({ namespace: 'n', name: 'x' });
    expect(JSON.parse(calls[1].body!)).toEqual({
      tasks: [
        { namespace: 'n', name: 'x' },
        { namespace: 'n', name: 'x' },
      ],
    });
    const two = client.submitMany([
      { namespace: 'n', name: 'x', correlationId: 'a' },
      { namespace: 'n', name: 'x', correlationId: 'b' },
    ]);
    await expect(two).rejects.toMatchObject({ code: 'invalid_request' });
    expect(calls).toHaveLength(2);
  });

  it('sends template text as YAML and builds list queries', async () => {
    const { fetch, calls } = fakeFetch([json(201, { template: { namespace: 'n' } }), json(200, { tasks: [], next_cursor: null })]);
    const client = new BatonClient('http://h:1', { fetch });
    expect((await client.registerTemplate('name: x')).created).toBe(true);
    expect(calls[0].headers['content-type']).toBe('application/yaml');
    expect(calls[0].headers.authorization).toBeUndefined();
    await client.list({ status: 'error', tag: 'a b', limit: 5 });
    expect(calls[1].url).toBe('http://h:1/v1/tasks?status=error&tag=a+b&limit=5');
  });

  it('rebuilds API errors as BatonError with code, message, details and status; unknown codes become internal', async () => {
    const { fetch } = fakeFetch([
      json(400, { error: { code: 'invalid_context', message: 'bad context', details: { errors: [{ path: '/a', message: 'x' }] } } }),
      json(418, { error: { code: 'teapot', message: 'short and stout' } }),
      new Response('<html>gateway</html>', { status: 502, headers: { 'x-request-id': 'r-502' } }),
    ]);
    // One attempt each: a 502 would otherwise be retried.
    const client = new BatonClient('http://h:1', { fetch, retry: false });
    const first = await client.get('t').catch((e: unknown) => e);
    expect(isBatonError(first, 'invalid_context')).toBe(true);
    expect(first).toMatchObject({ message: 'bad context', status: 400, details: { errors: [{ path: '/a', message: 'x' }] } });
    await expect(client.get('t')).rejects.toMatchObject({ code: 'internal', message: 'short and stout', status: 418 });
    await expect(client.get('t')).rejects.toMatchObject({ code: 'internal', status: 502, message: expect.stringContaining('HTTP 502'), requestId: 'r-502' });
  });

  it('reports an unreachable server as unavailable, naming the URL', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const { fetch } = fakeFetch([refused]);
    const err = await new BatonClient('http://h:9', { fetch, retry: false }).list().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'unavailable', message: 'cannot reach Baton at http://h:9: is `baton start` running?', details: { reason: 'ECONNREFUSED' } });
  });

  it('wait polls until the task is terminal and reports each change once', async () => {
    const { fetch, calls } = fakeFetch([
      json(200, { task: task('running', [['a', 'running', 1]]) }),
      json(200, { task: task('running', [['a', 'running', 1]]) }),
      json(200, { task: task('running', [['a', 'failed', 1]]) }),
      json(200, { task: task('complete', [['a', 'complete', 2]]) }),
    ]);
    const seen: string[] = [];
    const done = await new BatonClient('http://h:1', { fetch }).wait('t1', { pollMs: 1, onUpdate: (t) => seen.push(`${t.status}:${t.steps[0].state}`) });
    expect(done.status).toBe('complete');
    expect(calls).toHaveLength(4);
    expect(seen).toEqual(['running:running', 'running:failed', 'complete:complete']);
  });

  it('wait gives up after timeoutMs with a wait_timeout error, not unavailable: the server is fine', async () => {
    const responses = Array.from({ length: 50 }, () => json(200, { task: task('running', []) }));
    const { fetch } = fakeFetch(responses);
    await expect(new BatonClient('http://h:1', { fetch }).wait('t1', { pollMs: 5, timeoutMs: 20 })).rejects.toMatchObject({
      code: 'wait_timeout',
      status: 408,
      details: { timeout: true, task_id: 't1', status: 'running' },
    });
  });
});
