/**
 * What a worker-less step waits for, from its spec once `${...}` references
 * are resolved (DESIGN §8). Pure: the engine turns the plan into a row.
 */
import { parseDuration } from './duration.js';
import type { JsonObject, JsonValue, SleepSpec, WaitSpec } from './types.js';

/** A step's wait, ready to store: what ends it, and when its timer fires. */
export interface WaitPlan {
  /** `signal:<name>` or `event:<name>`; null for a sleep. */
  waitFor: string | null;
  /** An event wait's key. */
  waitKey: string | null;
  /** The timer: a span from now (a duration), an absolute time (`until`), or neither. */
  wakeInMs?: number;
  wakeAt?: Date;
  /** For the log: "sleeping for 3d", "waiting for signal \"approval\" (up to 48h)". */
  describe: string;
}

/** A plan, or why the resolved spec cannot be waited on. */
export type WaitPlanResult = { ok: true; plan: WaitPlan } | { ok: false; message: string };

/** An event key as text: strings as they are, numbers and booleans as written, anything else as JSON. */
export function eventKey(value: JsonValue): string {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

/** A time given as ISO 8601 text or as milliseconds since the epoch; undefined for anything else. */
export function parseInstant(value: JsonValue | undefined): Date | undefined {
  const ms = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Date.parse(value) : NaN;
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}

/** Plans a sleep or wait from its resolved spec (the template check has vouched for its shape). */
export function planWait(kind: 'sleep' | 'wait', resolved: JsonObject): WaitPlanResult {
  if (kind === 'sleep') {
    const spec = resolved as unknown as SleepSpec & { until?: JsonValue };
    if (spec.duration !== undefined) {
      const ms = parseDuration(spec.duration);
      if (ms === undefined) return { ok: false, message: `sleep.duration ${JSON.stringify(spec.duration)} is not a duration` };
      return { ok: true, plan: { waitFor: null, waitKey: null, wakeInMs: ms, describe: `sleeping for ${spec.duration}` } };
    }
    const until = parseInstant(spec.until);
    if (until === undefined) return { ok: false, message: `sleep.until resolved to ${JSON.stringify(spec.until ?? null)}, which is not a time (ISO 8601, or ms since the epoch)` };
    return { ok: true, plan: { waitFor: null, waitKey: null, wakeAt: until, describe: `sleeping until ${until.toISOString()}` } };
  }
  const spec = resolved as unknown as WaitSpec & { match?: JsonValue };
  const timeoutMs = spec.timeout === undefined ? undefined : parseDuration(spec.timeout);
  const upTo = spec.timeout === undefined ? '' : ` (up to ${spec.timeout})`;
  const timer = timeoutMs === undefined ? {} : { wakeInMs: timeoutMs };
  if (spec.signal !== undefined) {
    return { ok: true, plan: { waitFor: `signal:${spec.signal}`, waitKey: null, ...timer, describe: `waiting for signal "${spec.signal}"${upTo}` } };
  }
  const key = eventKey(spec.match ?? null);
  return { ok: true, plan: { waitFor: `event:${spec.event}`, waitKey: key, ...timer, describe: `waiting for event "${spec.event}" with key "${key}"${upTo}` } };
}

/** What a waiting step waits for, as `GET /v1/tasks/:id` shows it. */
export interface WaitingView {
  for: 'sleep' | 'signal' | 'event' | 'workflow';
  /** The signal's or event's name; a child workflow's template (`namespace/name`). */
  name: string | null;
  /** An event wait's key; a child workflow's task id. */
  key: string | null;
  /** When the sleep ends or the wait times out; null: no timeout. */
  until: string | null;
}

/** The view of a waiting step's columns. */
export function waitingView(waitFor: string | null, waitKey: string | null, wakeAt: Date | null): WaitingView {
  const until = wakeAt ? wakeAt.toISOString() : null;
  if (waitFor === null) return { for: 'sleep', name: null, key: null, until };
  const colon = waitFor.indexOf(':');
  const prefix = waitFor.slice(0, colon);
  const kind = prefix === 'event' ? 'event' : prefix === 'workflow' ? 'workflow' : 'signal';
  return { for: kind, name: waitFor.slice(colon + 1), key: waitKey, until };
}
