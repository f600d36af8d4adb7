/**
 * One trace per task, in memory: the submission's span, one span per step
 * attempt (a retry included) as its child, the completion spans under the
 * step spans, claim spans as roots linked to the trace; a step run by a new
 * Baton on the same database joins the trace its task was submitted in.
 */
import { context, trace, type Span } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/schema.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { startTracing, type Tracing } from '../../src/observability/tracing-sdk.js';
import { defineHandler } from '../../src/worker/types.js';
import { backends, createTestDb, type TestDb } from '../support/db.js';
import { startHarness, testConfig, waitForTask, type Harness } from '../support/harness.js';
import { testLogger } from '../support/logger.js';

const DIAMOND = `
namespace: trace
name: diamond
version: "1"
defaults:
  retry: { max_attempts: 3, backoff: fixed, base_ms: 10 }
steps:
  - { name: a, handler: trace.step }
  - { name: b, handler: trace.step, depends_on: [a] }
  - { name: c, handler: trace.flaky, depends_on: [a] }
  - { name: d, handler: trace.step, depends_on: [b, c] }
`;

const INCOMING_TRACE = '0af7651916cd43dd8448eb211c80319c';
const INCOMING_SPAN = 'b7ad6b7169203331';

const exporter = new InMemorySpanExporter();
let tracing: Tracing | null;

beforeAll(async () => {
  tracing = await startTracing({ ...defaultConfig().telemetry, enabled: true }, testLogger, { exporter });
});
afterAll(async () => {
  await tracing?.shutdown();
});

/** Every span exported so far, of one trace. */
async function spansOf(traceId: string): Promise<ReadableSpan[]> {
  await tracing!.flush();
  return exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
}

const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;
const attr = (s: ReadableSpan, key: string) => s.attributes[key];

describe.each(backends)('traces on %s', (backend) => {
  let h: Harness | undefined;
  beforeEach(() => exporter.reset());
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('makes one trace of a diamond with a retry: every span has the right parent', async () => {
    const seen: { step: string; traceparent: string | null; span: Span; active: Span | undefined }[] = [];
    let failures = 0;
    const record = (ctx: { step: { name: string }; traceparent: string | null; span: Span }) => {
      seen.push({ step: ctx.step.name, traceparent: ctx.traceparent, span: ctx.span, active: trace.getSpan(context.active()) });
    };
    h = await startHarness(backend, {
      http: true,
      handlers: [
        defineHandler('trace.step', (ctx) => {
          record(ctx);
          return { ok: true };
        }),
        defineHandler('trace.flaky', (ctx) => {
          record(ctx);
          if (failures++ === 0) throw new Error('first attempt fails');
          return { ok: true };
        }),
      ],
    });
    await h.engine.registerTemplate(DIAMOND);
    const res = await h.runtime.app!.inject({
      method: 'POST',
      url: '/v1/tasks',
      headers: { traceparent: `00-${INCOMING_TRACE}-${INCOMING_SPAN}-01` },
      payload: { namespace: 'trace', name: 'diamond', context: {} },
    });
    expect(res.statusCode).toBe(202);
    const { id } = res.json<{ id: string }>();
    const task = await waitForTask(h.engine, id);
    expect(task.status).toBe('complete');

    const spans = await spansOf(INCOMING_TRACE);
    const submits = spans.filter((s) => s.name === 'baton.submit');
    expect(submits).toHaveLength(1);
    const submit = submits[0];
    // The submission's span is a child of the caller's span, from the traceparent header.
    expect(parentOf(submit)).toBe(INCOMING_SPAN);
    expect(attr(submit, 'baton.task_id')).toBe(id);

    // One span per attempt, each a child of the submission's span: a, b, c twice (its retry), d.
    const steps = spans.filter((s) => s.name.startsWith('step '));
    expect(steps.map((s) => `${s.name}#${String(attr(s, 'baton.attempt'))}`).sort()).toEqual(['step a#1', 'step b#1', 'step c#1', 'step c#2', 'step d#1']);
    for (const s of steps) {
      expect(parentOf(s)).toBe(submit.spanContext().spanId);
      expect(attr(s, 'baton.task_id')).toBe(id);
      expect(attr(s, 'baton.template')).toBe('trace/diamond');
      expect(attr(s, 'baton.step')).toBe(s.name.slice('step '.length));
    }
    const failed = steps.find((s) => s.name === 'step c' && attr(s, 'baton.attempt') === 1)!;
    expect(attr(failed, 'baton.outcome')).toBe('failed');
    expect(failed.status.code).toBe(2); // SpanStatusCode.ERROR
    expect(steps.filter((s) => s !== failed).map((s) => attr(s, 'baton.outcome'))).toEqual(['complete', 'complete', 'complete', 'complete']);

    // Each attempt's report is one `baton.complete` span under its step span.
    const completes = spans.filter((s) => s.name === 'baton.complete');
    expect(completes.map(parentOf).sort()).toEqual(steps.map((s) => s.spanContext().spanId).sort());
    expect(completes.every((s) => attr(s, 'baton.report.result') === 'ok')).toBe(true);

    // Claims are roots of their own traces, linked to the trace of each task they claimed from.
    const claims = exporter
      .getFinishedSpans()
      .filter((s) => s.name === 'baton.claim' && s.links.some((l) => l.context.spanId === submit.spanContext().spanId && l.context.traceId === INCOMING_TRACE));
    expect(claims.length).toBeGreaterThan(0);
    for (const c of claims) {
      expect(c.parentSpanContext).toBeUndefined();
      expect(Number(attr(c, 'baton.claim.count'))).toBeGreaterThan(0);
    }

    // Handlers ran inside their step span, and were told its traceparent.
    expect(seen).toHaveLength(5);
    for (const s of seen) {
      expect(s.active).toBe(s.span);
      expect(s.traceparent).toBe(`00-${INCOMING_TRACE}-${s.span.spanContext().spanId}-01`);
    }
  });

  it("puts a child workflow in its parent task's trace", async () => {
    h = await startHarness(backend, { handlers: [defineHandler('trace.step', () => ({ ok: true }))] });
    await h.engine.registerTemplate('namespace: trace\nname: leaf\nversion: "1"\nsteps:\n  - { name: only, handler: trace.step }\n');
    await h.engine.registerTemplate('namespace: trace\nname: parent\nversion: "1"\nsteps:\n  - name: child\n    kind: workflow\n    workflow: { namespace: trace, name: leaf }\n');
    const { id } = await h.engine.submit({ namespace: 'trace', name: 'parent', context: {} });
    expect((await waitForTask(h.engine, id)).status).toBe('complete');
    await tracing!.flush();
    const parentSubmit = exporter.getFinishedSpans().find((s) => s.name === 'baton.submit' && s.attributes['baton.task_id'] === id)!;
    const spans = await spansOf(parentSubmit.spanContext().traceId);
    // The engine's submission of the child is a child of the parent's submission; the child's step, of that.
    const childSubmit = spans.find((s) => s.name === 'baton.submit' && s !== parentSubmit)!;
    expect(parentOf(childSubmit)).toBe(parentSubmit.spanContext().spanId);
    const leafStep = spans.find((s) => s.name === 'step only')!;
    expect(parentOf(leafStep)).toBe(childSubmit.spanContext().spanId);
  });

  it('joins the submission trace for steps run by a new Baton on the same database', async () => {
    const testDb: TestDb = await createTestDb(backend);
    let first: Runtime | undefined;
    let second: Runtime | undefined;
    try {
      // The first Baton only takes the submission (no worker), then stops: a restart.
      first = await createRuntime({ config: testConfig(), db: testDb.db, logger: testLogger, sweeper: false });
      await first.engine.registerTemplate(DIAMOND.replace('trace.flaky', 'trace.step'));
      const { id } = await first.engine.submit({ namespace: 'trace', name: 'diamond', context: {} });
      await first.stop();
      first = undefined;
      await tracing!.flush();
      const submit = exporter.getFinishedSpans().find((s) => s.name === 'baton.submit' && s.attributes['baton.task_id'] === id);
      expect(submit).toBeDefined();
      expect(submit!.parentSpanContext).toBeUndefined(); // a library call with no active span starts a trace

      second = await createRuntime({ config: testConfig(), db: testDb.db, logger: testLogger, handlers: [defineHandler('trace.step', () => ({ ok: true }))] });
      expect((await waitForTask(second.engine, id)).status).toBe('complete');
      const steps = (await spansOf(submit!.spanContext().traceId)).filter((s) => s.name.startsWith('step '));
      expect(steps.map((s) => s.name).sort()).toEqual(['step a', 'step b', 'step c', 'step d']);
      for (const s of steps) expect(parentOf(s)).toBe(submit!.spanContext().spanId);
    } finally {
      await first?.stop();
      await second?.stop();
      await testDb.close();
    }
  });
});
