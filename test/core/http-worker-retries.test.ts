/**
 * The HTTP worker's retry policy (src/worker/retry-policy.ts) as its transport
 * applies it: registration waits for a server that is not up, claims and
 * heartbeats ride out transient failures honouring Retry-After, a refusal that
 * retrying cannot fix ends the wait, and a forgotten worker registers again.
 * The server is a scripted `fetch` (the client's decisions are under test; the
 * real server and processes are in test/e2e/worker-start-order.test.ts).
 */
import pino from 'pino';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BatonError } from '../../src/errors.js';
import { createHttpTransport } from '../../src/worker/http-transport.js';
import { describeFailure, isPermanentRefusal, isTransientFailure, requestedDelayMs, workerRetryDelayMs } from '../../src/worker/retry-policy.js';

type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | 'refused';

/** A scripted server: each call takes the next answer for its path kind; records what was called. */
function scriptedFetch(script: Record<'register' | 'claim' | 'heartbeat', Answer[]>) {
  const calls: { kind: string; url: string; at: number; body: any }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    const kind = url.endsWith('/v1/workers') ? 'register' : url.endsWith('/claim') ? 'claim' : url.endsWith('/heartbeat') ? 'heartbeat' : 'other';
    calls.push({ kind, url, at: Date.now(), body: init.body ? JSON.parse(init.body as string) : undefined });
    const queue = script[kind as keyof typeof script] ?? [];
    const answer = queue.length > 1 ? queue.shift()! : (queue[0] ?? { status: 204 });
    if (answer === 'refused') {
      throw Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) });
    }
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), { status: answer.status, headers: answer.headers ?? {} });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls, of: (kind: string) => calls.filter((c) => c.kind === kind) };
}

function capturingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

const registered = (id: string): Answer => ({ status: 201, body: { id, lease_ms: 3000 } });
const refusedWith = (status: number, code: string, headers?: Record<string, string>): Answer => ({
  status,
  body: { error: { code, message: `${code} here` } },
  ...(headers ? { headers } : {}),
});
const base = { serverUrl: 'http://baton.test:8080', name: 'w', handlers: ['x'], capacity: 1, claimWaitMs: 0 };

describe('the worker retry policy', () => {
  it('calls connection failures, 429, 502, 503 and 504 transient, and 401, 403, 400 and 404 permanent at registration', () => {
    for (const status of [429, 502, 503, 504]) expect(isTransientFailure(new BatonError('internal', 'x', { status }))).toBe(true);
    for (const status of [400, 401, 403, 404, 409, 500]) expect(isTransientFailure(new BatonError('internal', 'x', { status }))).toBe(false);
    for (const status of [400, 401, 403, 404, 413]) expect(isPermanentRefusal(new BatonError('internal', 'x', { status }))).toBe(true);
    for (const status of [408, 429, 500, 502, 503]) expect(isPermanentRefusal(new BatonError('internal', 'x', { status }))).toBe(false);
    expect(isPermanentRefusal(new TypeError('a bug'))).toBe(true);
  });

  it('waits at least what Retry-After asked, up to a minute, else the jittered backoff (200 ms doubling to 5 s)', () => {
    const asked = (ms: number) => new BatonError('overloaded', 'busy', { retryAfterMs: ms });
    expect(requestedDelayMs(asked(4000))).toBe(4000);
    expect(requestedDelayMs(new BatonError('overloaded', 'busy'))).toBeUndefined();
    expect(workerRetryDelayMs(1, asked(4000), () => 0)).toBe(4000);
    expect(workerRetryDelayMs(1, asked(86_400_000), () => 0)).toBe(60_000);
    expect(workerRetryDelayMs(1, new Error('x'), () => 0.99999)).toBe(200);
    expect(workerRetryDelayMs(1, new Error('x'), () => 0)).toBe(100);
    expect(workerRetryDelayMs(30, new Error('x'), () => 0.99999)).toBe(5000);
  });

  it('names the reason of a failed call in a few words', () => {
    const refused = new BatonError('unavailable', 'cannot reach', {
      cause: Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }),
    });
    expect(describeFailure(refused)).toBe('ECONNREFUSED');
    expect(describeFailure(new BatonError('unavailable', 'database down'))).toBe('HTTP 503 unavailable: database down');
  });
});

describe('the HTTP transport', () => {
  it('waits for a server that is not up yet, logging each wait, and registers once it answers', async () => {
    const server = scriptedFetch({ register: ['refused', 'refused', { status: 502 }, registered('w-1')], claim: [], heartbeat: [] });
    const { logger, lines } = capturingLogger();
    const transport = await createHttpTransport({ ...base, fetch: server.fetch, logger });
    expect(transport.workerId).toBe('w-1');
    expect(server.of('register')).toHaveLength(4);
    const waits = lines.filter((l) => l.msg.startsWith('waiting for the Baton server at http://baton.test:8080'));
    expect(waits.map((l) => l.msg.replace(/retrying in [\d.]+s/, 'retrying in Ns'))).toEqual([
      'waiting for the Baton server at http://baton.test:8080: ECONNREFUSED; retrying in Ns',
      'waiting for the Baton server at http://baton.test:8080: ECONNREFUSED; retrying in Ns',
      'waiting for the Baton server at http://baton.test:8080: HTTP 502 internal: HTTP 502 from /v1/workers; retrying in Ns',
    ]);
    expect(waits.every((l) => l.level === 40)).toBe(true);
  });

  it('gives up at once on a refusal that retrying cannot fix (401, an unusable URL), and on a signal while waiting', async () => {
    const unauthorized = scriptedFetch({ register: [refusedWith(401, 'unauthorized')], claim: [], heartbeat: [] });
    await expect(createHttpTransport({ ...base, fetch: unauthorized.fetch })).rejects.toMatchObject({ code: 'unauthorized', status: 401 });
    expect(unauthorized.of('register')).toHaveLength(1);

    // A URL fetch refuses outright (a "bad port") is configuration, not an outage.
    await expect(createHttpTransport({ ...base, serverUrl: 'http://127.0.0.1:1' })).rejects.toMatchObject({ code: 'invalid_config', message: expect.stringContaining('bad port') });

    const down = scriptedFetch({ register: ['refused'], claim: [], heartbeat: [] });
    const stop = new AbortController();
    const started = Date.now();
    setTimeout(() => stop.abort(new Error('stopped')), 300);
    await expect(createHttpTransport({ ...base, fetch: down.fetch, signal: stop.signal })).rejects.toThrow('stopped');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(down.of('register').length).toBeGreaterThan(1);
  });

  it('retries a claim refused with 503 after its Retry-After, under the same claim id', async () => {
    const server = scriptedFetch({
      register: [registered('w-1')],
      claim: ['refused', refusedWith(503, 'unavailable', { 'retry-after': '1' }), { status: 200, body: { executions: [] } }],
      heartbeat: [],
    });
    const transport = await createHttpTransport({ ...base, fetch: server.fetch });
    await expect(transport.claim(1)).resolves.toEqual([]);
    const claims = server.of('claim');
    expect(claims).toHaveLength(3);
    expect(new Set(claims.map((c) => c.body.claim_id)).size).toBe(1);
    expect(claims[2].at - claims[1].at).toBeGreaterThanOrEqual(990);
  });

  it('a claim that is not transient (a 500) is not retried by the transport', async () => {
    const server = scriptedFetch({ register: [registered('w-1')], claim: [refusedWith(500, 'internal')], heartbeat: [] });
    const transport = await createHttpTransport({ ...base, fetch: server.fetch });
    await expect(transport.claim(1)).rejects.toMatchObject({ code: 'internal' });
    expect(server.of('claim')).toHaveLength(1);
  });

  it('retries a heartbeat through a short outage, within one heartbeat interval', async () => {
    const server = scriptedFetch({
      register: [registered('w-1')],
      claim: [],
      heartbeat: ['refused', 'refused', { status: 200, body: { lease_ms: 3000, abort: [], cancelled: [], state: 'active' } }],
    });
    const transport = await createHttpTransport({ ...base, fetch: server.fetch });
    await expect(transport.heartbeat([{ executionId: '1', leaseId: 'l' }])).resolves.toEqual({ abort: [], cancelled: [], state: 'active' });
    expect(server.of('heartbeat')).toHaveLength(3);

    // Down for longer than the interval (1 s for a 3 s lease): the heartbeat gives up, and the next one takes over.
    const down = scriptedFetch({ register: [registered('w-2')], claim: [], heartbeat: ['refused'] });
    const second = await createHttpTransport({ ...base, fetch: down.fetch });
    const started = Date.now();
    await expect(second.heartbeat([])).rejects.toMatchObject({ code: 'unavailable' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(second.heartbeatMs - 50);
    expect(Date.now() - started).toBeLessThan(second.heartbeatMs + 1000);
  });

  it('a worker the server no longer knows registers again: the heartbeat aborts its steps, the claim waits for the new id', async () => {
    const server = scriptedFetch({
      register: [registered('w-1'), 'refused', registered('w-2')],
      claim: [refusedWith(404, 'not_found'), { status: 200, body: { executions: [] } }],
      heartbeat: [refusedWith(404, 'not_found')],
    });
    const { logger, lines } = capturingLogger();
    const transport = await createHttpTransport({ ...base, fetch: server.fetch, logger });
    const beat = await transport.heartbeat([{ executionId: '7', leaseId: 'l' }]);
    expect(beat).toEqual({ abort: ['7'], cancelled: [] });
    // The claim finds the same 404 and waits for the registration the heartbeat started (through one refused try).
    await expect(transport.claim(1)).resolves.toEqual([]);
    expect(transport.workerId).toBe('w-2');
    expect(server.of('register')).toHaveLength(3);
    await transport.claim(1);
    expect(server.of('claim').map((c) => c.url.split('/')[5])).toEqual(['w-1', 'w-2']);
    expect(lines.some((l) => l.msg === 'the server did not know this worker; registered again')).toBe(true);
  });
});
