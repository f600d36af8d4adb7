/**
 * W3C Trace Context (`traceparent`), parsed and written without a tracing
 * library: the engine stores a task's trace context as this text and reads it
 * back for every step, whether or not an OpenTelemetry SDK runs.
 * https://www.w3.org/TR/trace-context/#traceparent-header
 */

/** The parts of a `traceparent`: 32 and 16 lower-case hex digits, and the flags (bit 0: sampled). */
export interface TraceParent {
  traceId: string;
  spanId: string;
  traceFlags: number;
}

// Version 00 has exactly four fields; a later version may append more after a dash (parsed as 00, per the spec).
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/**
 * The trace context of a `traceparent` header, or null when it is not one:
 * malformed, version ff, an all-zero trace or span id, or (version 00) with
 * extra fields. Callers ignore an invalid header, as the spec asks.
 */
export function parseTraceparent(text: string | null | undefined): TraceParent | null {
  if (typeof text !== 'string' || text.length > 512) return null;
  const m = TRACEPARENT.exec(text.trim());
  if (!m) return null;
  const [, version, traceId, spanId, flags, rest] = m;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return null;
  if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) return null;
  return { traceId, spanId, traceFlags: parseInt(flags, 16) };
}

/** The `traceparent` text (version 00) of a trace context. */
export function formatTraceparent(parent: TraceParent): string {
  return `00-${parent.traceId}-${parent.spanId}-${(parent.traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}
