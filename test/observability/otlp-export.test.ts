/**
 * The `[telemetry]` path end to end: `Baton.start` with telemetry on exports
 * over OTLP/HTTP to a receiver started here, and a Python worker (over the
 * HTTP worker protocol) exports its own step span to the same receiver. The
 * receiver checks the OTLP/JSON it gets: one trace, every span with the right
 * parent, the Python step included.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Baton } from '../../src/sdk/baton.js';
import { BatonClient } from '../../src/sdk/client.js';
import { defineHandler } from '../../src/worker/types.js';
import { FIXTURES } from '../support/processes.js';
import { testLogger } from '../support/logger.js';

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: OtlpAttribute[];
  status?: { code?: number };
}
interface ExportRequest {
  resourceSpans: { resource?: { attributes?: OtlpAttribute[] }; scopeSpans: { spans?: OtlpSpan[] }[] }[];
}

/** A span as received, with its resource's service name. */
interface Received extends OtlpSpan {
  service: string;
}

/** An OTLP/HTTP traces receiver: POST /v1/traces, JSON bodies (what both exporters send). */
async function startReceiver(): Promise<{ url: string; spans: Received[]; contentTypes: Set<string>; close(): Promise<void> }> {
  const spans: Received[] = [];
  const contentTypes = new Set<string>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      contentTypes.add(String(req.headers['content-type']));
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ExportRequest;
      for (const rs of body.resourceSpans) {
        const service = rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
        for (const ss of rs.scopeSpans) for (const s of ss.spans ?? []) spans.push({ ...s, service });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1/traces`, spans, contentTypes, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const attr = (s: OtlpSpan, key: string): unknown => {
  const v = s.attributes?.find((a) => a.key === key)?.value;
  return v === undefined ? undefined : (v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : (v.boolValue ?? v.doubleValue)));
};

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const TEMPLATE = `
namespace: otlp
name: diamond
version: "1"
defaults:
  retry: { max_attempts: 3, backoff: fixed, base_ms: 10 }
steps:
  - { name: a, handler: otlp.step }
  - { name: b, handler: otlp.flaky, depends_on: [a] }
  - { name: c, handler: ml.train, depends_on: [a] }
  - { name: d, handler: otlp.step, depends_on: [b, c] }
`;

const INCOMING_TRACE = '5b8efff798038103d269b633813fc60c';
const INCOMING_SPAN = 'eee19b7ec3c1b174';

describe('OTLP/HTTP export with [telemetry]', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.reverse()) await c();
    cleanups.length = 0;
  });

  it('exports one trace over a diamond with a retry and a Python-worker step, every span under the submission', async () => {
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    let failures = 0;
    const baton = await Baton.start({
      dataDir: 'memory://',
      port: 0,
      logger: testLogger,
      templates: [TEMPLATE],
      handlers: [
        defineHandler('otlp.step', () => ({ ok: true })),
        defineHandler('otlp.flaky', () => {
          if (failures++ === 0) throw new Error('first attempt fails');
          return { ok: true };
        }),
      ],
      config: {
        telemetry: { enabled: true, otlpEndpoint: receiver.url, serviceName: 'baton-test' },
        worker: { leaseMs: 5000 },
        orchestrator: { pollIntervalMs: 100 },
      },
    });
    cleanups.push(() => baton.stop());

    const dir = mkdtempSync(join(tmpdir(), 'baton-otlp-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const python: ChildProcess = spawn('python3', [`${FIXTURES}http-python-worker.py`], {
      env: {
        ...process.env,
        BATON_URL: baton.url!,
        LEDGER: join(dir, 'ledger.jsonl'),
        PYTHONUNBUFFERED: '1',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.url,
        OTEL_SERVICE_NAME: 'py-worker',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let pyOutput = '';
    python.stdout!.on('data', (d: Buffer) => (pyOutput += d.toString()));
    python.stderr!.on('data', (d: Buffer) => (pyOutput += d.toString()));
    const pyExited = new Promise<void>((resolve) => python.on('exit', () => resolve()));
    cleanups.push(async () => {
      python.kill('SIGTERM');
      await pyExited;
    });

    // The TypeScript client sends the caller's trace context as the `traceparent` header.
    const { id } = await new BatonClient(baton.url!).submit({ namespace: 'otlp', name: 'diamond', context: {}, traceparent: `00-${INCOMING_TRACE}-${INCOMING_SPAN}-01` });
    const done = await baton.client.wait(id, { timeoutMs: 60_000 });
    expect(done.status, pyOutput).toBe('complete');

    // The Python worker exports from a background thread; Baton's batch is flushed by its stop.
    python.kill('SIGTERM');
    await pyExited;
    await baton.stop();
    const inTrace = () => receiver.spans.filter((s) => s.traceId === INCOMING_TRACE);
    const pyStep = await until('the Python step span', () => inTrace().find((s) => s.name === 'step c'));

    expect([...receiver.contentTypes].every((t) => t.startsWith('application/json'))).toBe(true);
    const spans = inTrace();
    const submit = spans.find((s) => s.name === 'baton.submit')!;
    expect(submit).toBeDefined();
    expect(submit.service).toBe('baton-test');
    expect(submit.parentSpanId).toBe(INCOMING_SPAN);

    // The Python worker's step span: same trace, the submission's span as parent, its own service.
    expect(pyStep.service).toBe('py-worker');
    expect(pyStep.parentSpanId).toBe(submit.spanId);
    expect(attr(pyStep, 'baton.task_id')).toBe(id);
    expect(attr(pyStep, 'baton.outcome')).toBe('complete');

    // The TypeScript worker's attempts: a, b twice (its retry), d; all children of the submission.
    const tsSteps = spans.filter((s) => s.name.startsWith('step ') && s.service === 'baton-test');
    expect(tsSteps.map((s) => `${s.name}#${String(attr(s, 'baton.attempt'))}`).sort()).toEqual(['step a#1', 'step b#1', 'step b#2', 'step d#1']);
    for (const s of tsSteps) expect(s.parentSpanId).toBe(submit.spanId);
    const failed = tsSteps.find((s) => s.name === 'step b' && attr(s, 'baton.attempt') === 1)!;
    expect(attr(failed, 'baton.outcome')).toBe('failed');
    expect(failed.status?.code).toBe(2);

    // Completions under the TypeScript step spans; claims are roots linked to the trace (in traces of their own).
    const completes = spans.filter((s) => s.name === 'baton.complete');
    expect(completes.map((s) => s.parentSpanId).sort()).toEqual(tsSteps.map((s) => s.spanId).sort());
    const claims = receiver.spans.filter((s) => s.name === 'baton.claim');
    expect(claims.length).toBeGreaterThan(0);
    expect(claims.every((s) => !s.parentSpanId)).toBe(true);
  });
});
