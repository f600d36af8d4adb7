/**
 * What a worker-less step waits for, from its spec once `${...}` references
 * are resolved (DESIGN §8). Pure: the engine turns the plan into a row.
 */
import { parseDuration } from './duration.js';
/** An event key as text: strings as they are, numbers and booleans as written, anything else as JSON. */
export function eventKey(value) {
    return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}
/** A time given as ISO 8601 text or as milliseconds since the epoch; undefined for anything else. */
export function parseInstant(value) {
    const ms = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Date.parse(value) : NaN;
    return Number.isFinite(ms) ? new Date(ms) : undefined;
}
/** Plans a sleep or wait from its resolved spec (the template check has vouched for its shape). */
export function planWait(kind, resolved) {
    if (kind === 'sleep') {
        const spec = resolved;
        if (spec.duration !== undefined) {
            const ms = parseDuration(spec.duration);
            if (ms === undefined)
                return { ok: false, message: `sleep.duration ${JSON.stringify(spec.duration)} is not a duration` };
            return { ok: true, plan: { waitFor: null, waitKey: null, wakeInMs: ms, describe: `sleeping for ${spec.duration}` } };
        }
        const until = parseInstant(spec.until);
        if (until === undefined)
            return { ok: false, message: `sleep.until resolved to ${JSON.stringify(spec.until ?? null)}, which is not a time (ISO 8601, or ms since the epoch)` };
        return { ok: true, plan: { waitFor: null, waitKey: null, wakeAt: until, describe: `sleeping until ${until.toISOString()}` } };
    }
    const spec = resolved;
    const timeoutMs = spec.timeout === undefined ? undefined : parseDuration(spec.timeout);
    const upTo = spec.timeout === undefined ? '' : ` (up to ${spec.timeout})`;
    const timer = timeoutMs === undefined ? {} : { wakeInMs: timeoutMs };
    if (spec.signal !== undefined) {
        return { ok: true, plan: { waitFor: `signal:${spec.signal}`, waitKey: null, ...timer, describe: `waiting for signal "${spec.signal}"${upTo}` } };
    }
    const key = eventKey(spec.match ?? null);
    return { ok: true, plan: { waitFor: `event:${spec.event}`, waitKey: key, ...timer, describe: `waiting for event "${spec.event}" with key "${key}"${upTo}` } };
}
/** The view of a waiting step's columns. */
export function waitingView(waitFor, waitKey, wakeAt) {
    const until = wakeAt ? wakeAt.toISOString() : null;
    if (waitFor === null)
        return { for: 'sleep', name: null, key: null, until };
    const colon = waitFor.indexOf(':');
    const prefix = waitFor.slice(0, colon);
    const kind = prefix === 'event' ? 'event' : prefix === 'workflow' ? 'workflow' : 'signal';
    return { for: kind, name: waitFor.slice(colon + 1), key: waitKey, until };
}
//# sourceMappingURL=waits.js.map