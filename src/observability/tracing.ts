/**
 * Baton's spans, on the OpenTelemetry API only (`@opentelemetry/api`): with no
 * SDK registered they are not made at all, and with one (Baton's own, started
 * by `[telemetry]` in src/observability/tracing-sdk.ts, or the application's)
 * they join it. Every hot-path caller checks `isTracing()` first, so tracing
 * off costs a property read, never a span object or a query.
 *
 * The spans (docs/operations.md#traces):
 * - `baton.submit`: one per submit call (a batch is one span); its context is
 *   stored on each task it creates (`tasks.traceparent`);
 * - `step <name>`: one per step attempt, on the worker that ran it, child of
 *   the stored context;
 * - `baton.complete`: the report of an attempt's outcome until it is committed,
 *   child of the step span;
 * - `baton.claim`: one per claim that took steps, a root span linked to the
 *   trace of each task it claimed from (one claim serves many traces).
 */
import { ProxyTracerProvider, ROOT_CONTEXT, trace, TraceFlags, type Context, type Link, type Span, type SpanContext, type Tracer } from '@opentelemetry/api';
import { formatTraceparent, parseTraceparent } from '../domain/trace-context.js';

/** The instrumentation scope of every Baton span. */
export const TRACER_NAME = 'baton';

/** Span names and attribute keys (docs/operations.md#traces). */
export const SpanNames = { submit: 'baton.submit', claim: 'baton.claim', complete: 'baton.complete' } as const;
export const Attr = {
  taskId: 'baton.task_id',
  taskCount: 'baton.task_count',
  template: 'baton.template',
  step: 'baton.step',
  attempt: 'baton.attempt',
  maxAttempts: 'baton.max_attempts',
  outcome: 'baton.outcome',
  workerId: 'baton.worker_id',
  claimCount: 'baton.claim.count',
  reportResult: 'baton.report.result',
} as const;

/** The provider a ProxyTracerProvider delegates to while no SDK is registered. */
const NOOP_PROVIDER = new ProxyTracerProvider().getDelegate();

/**
 * Whether a tracer provider is registered: the cheap check in front of every
 * span (a global lookup, no allocation). With none, `@opentelemetry/api` would
 * make non-recording spans; Baton makes nothing.
 */
export function isTracing(): boolean {
  const provider = trace.getTracerProvider();
  // Another copy of the API may have registered a provider that is not this copy's proxy: it is a real one.
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegate() !== NOOP_PROVIDER;
}

/** Baton's tracer, from the provider registered now (never cached: a provider may be registered, or shut down, later). */
export function batonTracer(): Tracer {
  return trace.getTracer(TRACER_NAME);
}

/** The span context a stored or received `traceparent` names, as a remote parent; undefined when absent or invalid. */
export function remoteSpanContext(traceparent: string | null | undefined): SpanContext | undefined {
  const parsed = parseTraceparent(traceparent);
  return parsed ? { ...parsed, isRemote: true } : undefined;
}

/** A context whose parent is `traceparent` (ROOT_CONTEXT when there is none). */
export function contextOf(traceparent: string | null | undefined): Context {
  const parent = remoteSpanContext(traceparent);
  return parent ? trace.setSpanContext(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
}

/** The `traceparent` text of a span (what is stored on a task, or given to a handler); null for an invalid one. */
export function traceparentOf(span: Span): string | null {
  const sc = span.spanContext();
  if (!trace.isSpanContextValid(sc)) return null;
  return formatTraceparent({ traceId: sc.traceId, spanId: sc.spanId, traceFlags: sc.traceFlags ?? TraceFlags.NONE });
}

/** Most links one claim span carries (a claim of 500 steps may touch 500 traces). */
export const MAX_CLAIM_LINKS = 128;

/** Links to the distinct traces of `traceparents`, at most `MAX_CLAIM_LINKS`. */
export function linksTo(traceparents: Iterable<string | null>): Link[] {
  const links: Link[] = [];
  const seen = new Set<string>();
  for (const text of traceparents) {
    if (text === null || seen.has(text)) continue;
    seen.add(text);
    const context = remoteSpanContext(text);
    if (context) links.push({ context });
    if (links.length >= MAX_CLAIM_LINKS) break;
  }
  return links;
}
