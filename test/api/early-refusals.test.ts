import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/api/token.js';
import { isBatonError } from '../../src/errors.js';
import { BatonClient } from '../../src/sdk/client.js';
import { killAll, startBaton, tempDir, type Running } from '../cli/spawn.js';
import { startHarness } from '../support/harness.js';
import { testLogger } from '../support/logger.js';
import { openRaw, parseResponse } from '../support/raw-http.js';
import { buildTestServer } from '../support/server.js';
import { until } from '../support/wait.js';
import { ONE_STEP_YAML } from './api-harness.js';

/**
 * Refusals sent before the request body has arrived (413 over the body limit,
 * 401/403 from the auth hook, 415, 429 from admission) on real sockets, to a
 * server in its own process (`baton server` from dist/): every client must read
 * the answer, not a reset (issue 16). Node's fetch stops sending once it has the
 * answer; Python's http.client sends the whole body before it reads, so the
 * server must keep reading (and discarding) it. A server in the test's own
 * process hides the race: fetch read every 413 there even before the fix.
 * dist/ must be fresh, as for the CLI tests (`npm test` compiles first).
 */

const run = promisify(execFile);
/**
 * Tries per client for each body size. The issue asks for 100 of each; on a
 * 2-core machine a 50 MB try costs the client 0.3 s (fetch copies the body) to
 * 0.55 s (BatonClient also serialises it), so by default the 50 MB runs are
 * shorter. `BATON_EARLY_REFUSAL_TRIES=100` runs every one 100 times (about 3 min).
 */
const FULL = process.env.BATON_EARLY_REFUSAL_TRIES === undefined ? undefined : Number(process.env.BATON_EARLY_REFUSAL_TRIES);
const TRIES = {
  fetch: { '2 MB': FULL ?? 100, '50 MB': FULL ?? 20 },
  BatonClient: { '2 MB': FULL ?? 100, '50 MB': FULL ?? 10 },
  python: { '2 MB': FULL ?? 100, '50 MB': FULL ?? 20 },
  curl: { '2 MB': FULL ?? 100, '50 MB': FULL ?? 100 },
  /** curl sending its body at once (no `Expect: 100-continue`), as most clients do. */
  curlNoExpect: { '2 MB': FULL ?? 100, '50 MB': FULL ?? 100 },
  /** 401, 403, 415, 429 and a chunked 413, with fetch. */
  other: { '2 MB': FULL ?? 20, '50 MB': FULL ?? 5 },
};
const MB = 1_000_000;
const SECRET = 'early-refusals-test-secret-0123456789abcdef';

/** A JSON submission of about `bytes` bytes: over the 1 MiB limit, otherwise valid. */
function submissionOf(bytes: number): Buffer {
  const head = '{"namespace":"t","name":"one","context":{"pad":"';
  const tail = '"}}';
  return Buffer.from(head + 'x'.repeat(bytes - head.length - tail.length) + tail);
}

const BODIES = { '2 MB': submissionOf(2 * MB), '50 MB': submissionOf(50 * MB) } as const;
type Size = keyof typeof BODIES;
const SIZES = Object.keys(BODIES) as Size[];

/** Outcomes of tries by `status code` (or the client's error), so a failure shows what happened instead. */
type Counts = Record<string, number>;
const tally = (counts: Counts, key: string) => (counts[key] = (counts[key] ?? 0) + 1);

function describeFailure(err: unknown): string {
  const e = err as Error & { code?: string; cause?: Error & { code?: string } };
  return `error ${e.cause?.code ?? e.code ?? e.cause?.message ?? e.message}`;
}

async function fetchTries(url: string, tries: number, init: RequestInit): Promise<Counts> {
  const counts: Counts = {};
  for (let i = 0; i < tries; i++) {
    try {
      const res = await fetch(url, init);
      const body = (await res.json()) as { error?: { code?: string } };
      tally(counts, `${res.status} ${body.error?.code}`);
    } catch (err) {
      tally(counts, describeFailure(err));
    }
  }
  return counts;
}

/** Python's http.client sends the whole body before it reads the answer. */
const PYTHON_TRIES = `
import http.client, json, sys
port, file, tries = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
body = open(file, 'rb').read()
counts = {}
for _ in range(tries):
    conn = http.client.HTTPConnection('127.0.0.1', port, timeout=30)
    try:
        conn.request('POST', '/v1/tasks', body=body, headers={'Content-Type': 'application/json'})
        res = conn.getresponse()
        key = '%d %s' % (res.status, json.loads(res.read())['error']['code'])
    except Exception as err:
        key = 'error ' + type(err).__name__
    finally:
        conn.close()
    counts[key] = counts.get(key, 0) + 1
print(json.dumps(counts))
`;

async function pythonTries(base: string, file: string, tries: number): Promise<Counts> {
  const { stdout } = await run('python3', ['-c', PYTHON_TRIES, new URL(base).port, file, String(tries)], { timeout: 120_000 });
  return JSON.parse(stdout) as Counts;
}

/** One curl run over `tries` URLs (it opens a new connection after each `Connection: close`). */
async function curlTries(base: string, file: string, tries: number, headers: string[] = []): Promise<Counts> {
  const urls = Array.from({ length: tries }, () => `${base}/v1/tasks`);
  const args = ['-sS', '--data-binary', `@${file}`, '-H', 'Content-Type: application/json', ...headers.flatMap((h) => ['-H', h])];
  const { stdout } = await run('curl', [...args, '-w', '\\n%{http_code}\\n', ...urls], {
    timeout: 120_000,
  }).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
  const counts: Counts = {};
  // Each try prints its body, then its status on a line of its own (000 or 100 when no answer was read).
  const lines = stdout.split('\n');
  for (let i = 0; i + 1 < lines.length; i += 2) {
    let code = 'unreadable';
    try {
      code = (JSON.parse(lines[i]) as { error: { code: string } }).error.code;
    } catch {
      // No JSON body for this try: counted as unreadable.
    }
    tally(counts, `${lines[i + 1]} ${code}`);
  }
  return counts;
}

const hasCurl = await run('curl', ['--version']).then(
  () => true,
  () => false,
);

interface Served {
  proc: Running;
  base: string;
  pid: number;
}

/** `baton server` on a fresh embedded database, with the one-step template `t/one`. */
async function startServer(dir: string, name: string, env: Record<string, string> = {}): Promise<Served> {
  const templates = join(dir, `${name}-templates`);
  mkdirSync(templates);
  writeFileSync(join(templates, 'one.yaml'), ONE_STEP_YAML);
  const proc = startBaton(['server', '--port', '0', '--data-dir', join(dir, `${name}-data`), '--templates', templates, '--log-level', 'warn'], { env });
  // PGlite's first start takes seconds, far longer on a loaded machine.
  const match = await proc.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/, 80_000);
  return { proc, base: match[1], pid: proc.child.pid! };
}

/** Resident memory of a process, in bytes (Linux). */
function rssBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

const timings: Record<string, number> = {};
async function timed<T>(label: string, f: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await f();
  } finally {
    timings[label] = Math.round(performance.now() - started);
  }
}

const dir = tempDir('baton-early-refusals-');
const files = {} as Record<Size, string>;
for (const size of SIZES) writeFileSync((files[size] = join(dir.path, `${size.replace(' ', '')}.json`)), BODIES[size]);
const postJson = (size: Size, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: BODIES[size],
});

/** A server with the defaults (auth off, no admission limit): the memory test runs first, on its fresh process. */
let plain: Served;
beforeAll(async () => {
  plain = await startServer(dir.path, 'plain');
}, 90_000);

afterAll(async () => {
  await killAll();
  dir.remove();
  // The timings behind the test budget, for whoever tunes the tries.
  console.log(JSON.stringify({ earlyRefusalTimingsMs: timings, tries: TRIES }));
});

describe('memory under oversized uploads', () => {
  it.runIf(existsSync('/proc/self/status'))('20 concurrent 50 MB uploads grow the server RSS by less than 50 MB, and normal requests are served meanwhile', async () => {
    const body = BODIES['50 MB'];
    const port = Number(new URL(plain.base).port);
    // Warm up the paths under test and the probes, so that the baseline includes their code and the database's first growth.
    const probe = async () => {
      const live = await fetch(`${plain.base}/health/live`);
      const submitted = await fetch(`${plain.base}/v1/tasks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"namespace":"t","name":"one"}' });
      return `${live.status} ${submitted.status}`;
    };
    for (let i = 0; i < 3; i++) await fetchTries(`${plain.base}/v1/tasks`, 1, postJson('2 MB'));
    for (let i = 0; i < 3; i++) expect(await probe()).toBe('200 202');
    const baseline = rssBytes(plain.pid);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(plain.pid))), 5);

    // Raw sockets that send the whole body whatever the answer, as Python's client does: half with a
    // Content-Length (refused at once), half chunked (read up to the limit, then refused).
    const upload = async (chunked: boolean): Promise<string> => {
      const conn = await openRaw(port);
      const framing = chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${body.length}`;
      conn.socket.write(`POST /v1/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${framing}\r\n\r\n`);
      if (chunked) {
        for (let at = 0; at < body.length; at += MB) {
          const chunk = body.subarray(at, at + MB);
          conn.socket.write(`${chunk.length.toString(16)}\r\n`);
          conn.socket.write(chunk);
          conn.socket.write('\r\n');
        }
        conn.socket.write('0\r\n\r\n');
      } else {
        conn.socket.write(body);
      }
      await conn.closed;
      const res = parseResponse(conn.received());
      if (!res) return `no answer: ${JSON.stringify(conn.received().slice(0, 200))}`;
      // The server read the whole body (it did not reset the connection half-way).
      const sent = conn.socket.bytesWritten >= body.length ? 'body sent whole' : `body cut at ${conn.socket.bytesWritten} bytes`;
      return `${res.status} ${(JSON.parse(res.body) as { error: { code: string } }).error.code}, ${sent}`;
    };
    const started = performance.now();
    const uploads = Array.from({ length: 20 }, (_, i) => upload(i % 2 === 1));
    // Normal requests while the uploads are under way.
    await new Promise((r) => setTimeout(r, 50));
    const probeStarted = performance.now();
    const probed = await probe();
    const probeMs = performance.now() - probeStarted;
    const outcomes = await Promise.all(uploads);
    timings['20 concurrent 50 MB uploads'] = Math.round(performance.now() - started);
    clearInterval(sampler);
    const counts: Counts = {};
    for (const outcome of outcomes) tally(counts, outcome);

    expect(counts).toEqual({ '413 payload_too_large, body sent whole': 20 });
    expect(probed).toBe('200 202');
    expect(probeMs).toBeLessThan(5000);
    console.log(JSON.stringify({ rssBaselineMb: Math.round(baseline / MB), rssPeakMb: Math.round(peak / MB), probeMs: Math.round(probeMs) }));
    expect(peak - baseline).toBeLessThan(50 * MB);
  });
});

describe('an oversized body (server.body_limit_bytes, 1 MiB) is refused with a 413 every client reads', () => {
  const expected = (tries: number) => ({ '413 payload_too_large': tries });

  it.each(SIZES)('fetch, %s body', async (size) => {
    const tries = TRIES.fetch[size];
    const counts = await timed(`fetch ${size} x${tries}`, () => fetchTries(`${plain.base}/v1/tasks`, tries, postJson(size)));
    expect(counts).toEqual(expected(tries));
  });

  it.each(SIZES)('BatonClient.submit, %s context', async (size) => {
    const tries = TRIES.BatonClient[size];
    const client = new BatonClient(plain.base);
    const context = { pad: 'x'.repeat(BODIES[size].length) };
    const counts: Counts = {};
    await timed(`BatonClient ${size} x${tries}`, async () => {
      for (let i = 0; i < tries; i++) {
        const err = await client.submit({ namespace: 't', name: 'one', context }).then(
          () => undefined,
          (e: unknown) => e,
        );
        tally(counts, isBatonError(err) ? `${err.status} ${err.code}` : `not a BatonError: ${String(err)}`);
      }
    });
    expect(counts).toEqual(expected(tries));
  });

  it.each(SIZES)('Python http.client, %s body', async (size) => {
    const tries = TRIES.python[size];
    const counts = await timed(`python ${size} x${tries}`, () => pythonTries(plain.base, files[size], tries));
    expect(counts).toEqual(expected(tries));
  });

  it.runIf(hasCurl).each(SIZES)('curl --data-binary, %s body', async (size) => {
    const tries = TRIES.curl[size];
    const counts = await timed(`curl ${size} x${tries}`, () => curlTries(plain.base, files[size], tries));
    expect(counts).toEqual(expected(tries));
  });

  it.runIf(hasCurl).each(SIZES)('curl --data-binary without Expect: 100-continue, %s body', async (size) => {
    const tries = TRIES.curlNoExpect[size];
    const counts = await timed(`curl no Expect ${size} x${tries}`, () => curlTries(plain.base, files[size], tries, ['Expect:']));
    expect(counts).toEqual(expected(tries));
  });

  it.each(SIZES)('fetch, a chunked %s body (no Content-Length), read up to the limit', async (size) => {
    const tries = TRIES.other[size];
    const chunked = (): RequestInit & { duplex: 'half' } => ({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      duplex: 'half',
      body: new ReadableStream({
        start(controller) {
          for (let at = 0; at < BODIES[size].length; at += MB) controller.enqueue(BODIES[size].subarray(at, at + MB));
          controller.close();
        },
      }),
    });
    const counts: Counts = {};
    await timed(`fetch chunked ${size} x${tries}`, async () => {
      for (let i = 0; i < tries; i++) for (const [key, n] of Object.entries(await fetchTries(`${plain.base}/v1/tasks`, 1, chunked()))) counts[key] = (counts[key] ?? 0) + n;
    });
    expect(counts).toEqual(expected(tries));
  });
});

describe('refusals before the body is read (auth, content type, admission) are read by fetch', () => {
  let server: Served;
  let writer: string;
  let reader: string;
  beforeAll(async () => {
    server = await startServer(dir.path, 'strict', { BATON_AUTH_HS256_SECRET: SECRET, BATON_ADMISSION_LIMIT: '1' });
    writer = await createToken({ secret: SECRET, scopes: ['tasks:write'] });
    reader = await createToken({ secret: SECRET, scopes: ['tasks:read'] });
  }, 90_000);

  it.each(SIZES)('401 unauthorized without a token, %s body', async (size) => {
    const tries = TRIES.other[size];
    const counts = await timed(`401 ${size} x${tries}`, () => fetchTries(`${server.base}/v1/tasks`, tries, postJson(size)));
    expect(counts).toEqual({ '401 unauthorized': tries });
  });

  it.each(SIZES)('403 forbidden for a token without the scope, %s body', async (size) => {
    const tries = TRIES.other[size];
    const counts = await timed(`403 ${size} x${tries}`, () => fetchTries(`${server.base}/v1/tasks`, tries, postJson(size, { authorization: `Bearer ${reader}` })));
    expect(counts).toEqual({ '403 forbidden': tries });
  });

  it.each(SIZES)('415 unsupported_media_type for text/plain, %s body', async (size) => {
    const tries = TRIES.other[size];
    const headers = { authorization: `Bearer ${writer}`, 'content-type': 'text/plain' };
    const counts = await timed(`415 ${size} x${tries}`, () => fetchTries(`${server.base}/v1/tasks`, tries, postJson(size, headers)));
    expect(counts).toEqual({ '415 unsupported_media_type': tries });
  });

  it('429 overloaded past the admission limit, before the body is read', async () => {
    const client = new BatonClient(server.base, { token: writer });
    // Backlog 0, then (the count is cached for a second) still 0: both admitted; then 2, over the limit of 1.
    await client.submit({ namespace: 't', name: 'one' });
    await client.submit({ namespace: 't', name: 'one' });
    await new Promise((r) => setTimeout(r, 1100));
    for (const size of SIZES) {
      const tries = TRIES.other[size];
      const counts = await timed(`429 ${size} x${tries}`, () => fetchTries(`${server.base}/v1/tasks`, tries, postJson(size, { authorization: `Bearer ${writer}` })));
      expect(counts).toEqual({ '429 overloaded': tries });
    }
  });
});

describe('the drain after an early refusal is bounded', () => {
  /** A server in this process whose drain stops after 1 MiB or 500 ms; the test stops it. */
  async function serveBounded(): Promise<{ port: number; openConnections(): Promise<number>; close(): Promise<void> }> {
    const h = await startHarness('pglite', { sweeper: false });
    const app = await buildTestServer({ engine: h.engine, config: h.runtime.config, logger: testLogger, drain: { maxBytes: MB, maxMs: 500 } });
    await app.listen({ host: '127.0.0.1', port: 0 });
    return {
      port: (app.server.address() as AddressInfo).port,
      openConnections: () => new Promise((resolve, reject) => app.server.getConnections((err, n) => (err ? reject(err) : resolve(n)))),
      async close() {
        const closing = app.close();
        app.server.closeAllConnections();
        await closing;
        await h.close();
      },
    };
  }
  const head = (bytes: number) => `POST /v1/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${bytes}\r\n\r\n`;

  it('answers, then closes a connection whose client sends more than the byte bound', async () => {
    const server = await serveBounded();
    try {
      const conn = await openRaw(server.port);
      conn.socket.write(head(50 * MB));
      // Written as the socket takes it: the kernel's buffers would otherwise hide where the server stopped reading.
      let sent = 0;
      const chunk = BODIES['50 MB'].subarray(0, 64 * 1024);
      while (!conn.socket.destroyed && sent < 50 * MB) {
        sent += chunk.length;
        if (!conn.socket.write(chunk)) await Promise.race([new Promise((r) => conn.socket.once('drain', r)), conn.closed]);
      }
      await conn.closed;
      const res = parseResponse(conn.received());
      expect(res?.status).toBe(413);
      expect(res?.headers.connection).toBe('close');
      // 1 MiB drained, plus what the socket buffers on both sides held when it closed.
      expect(sent).toBeLessThan(20 * MB);
    } finally {
      await server.close();
    }
  });

  it('answers, then closes a connection whose client stops sending, at the time bound', async () => {
    const server = await serveBounded();
    try {
      const conn = await openRaw(server.port);
      // Neither sending nor closing: without this, the socket would answer the server's FIN with its own.
      conn.socket.allowHalfOpen = true;
      await conn.send(head(5 * MB));
      await conn.send(BODIES['2 MB'].subarray(0, 100_000));
      const res = await conn.response();
      expect(res.status).toBe(413);
      const answeredAt = performance.now();
      // The server's close after its FIN sends nothing a silent client would see: count its connections instead.
      await until(async () => (await server.openConnections()) === 0, 5000, 'the server to close the silent connection', 20);
      const closedAfterMs = performance.now() - answeredAt;
      expect(closedAfterMs).toBeGreaterThan(300);
      expect(closedAfterMs).toBeLessThan(3000);
      conn.socket.destroy();
    } finally {
      await server.close();
    }
  });

  it('answers a request that expects 100-continue with a body over the limit at once, without inviting the body', async () => {
    const server = await serveBounded();
    try {
      const conn = await openRaw(server.port);
      await conn.send(head(2 * MB).replace('\r\n\r\n', '\r\nExpect: 100-continue\r\n\r\n'));
      const res = await conn.response();
      expect(res.status).toBe(413);
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'payload_too_large' } });
      expect(conn.received()).not.toContain('100 Continue');
      conn.socket.end();
      await conn.closed;
    } finally {
      await server.close();
    }
  });
});
