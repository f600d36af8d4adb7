/**
 * Rate limits written in configuration: `stripe=100/1s, sendgrid=10/1m`.
 * Pure: the runtime declares each at start-up, as `POST /v1/rate-limits` would.
 */
import { parseDuration } from './duration.js';
import { IDENTIFIER } from './template-schema.js';
const ENTRY = /^([^=\s]+)\s*=\s*(\d+)\s*\/\s*(\S+)$/;
/** Parses the list; returns the limits, or the first problem as a message naming the entry. */
export function parseRateLimitList(text) {
    const limits = [];
    for (const raw of text.split(',')) {
        const entry = raw.trim();
        if (entry === '')
            continue;
        const match = ENTRY.exec(entry);
        const perMs = match ? parseDuration(match[3]) : undefined;
        if (!match || !IDENTIFIER.test(match[1]) || Number(match[2]) < 1 || perMs === undefined || perMs <= 0) {
            return { ok: false, message: `"${entry}" is not NAME=LIMIT/PER, such as "stripe=100/1s" (LIMIT a whole number ≥ 1, PER a duration)` };
        }
        limits.push({ name: match[1], limit: Number(match[2]), perMs, per: match[3] });
    }
    return { ok: true, limits };
}
//# sourceMappingURL=rate-limit-list.js.map