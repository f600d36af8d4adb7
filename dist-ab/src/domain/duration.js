/**
 * Durations written the way operators type them: `90s`, `15m`, `12h`, `7d`,
 * `2w`, `1y`, `1.5d`, `12 hours`. The one grammar of every flag that takes a
 * span (`baton prune --older-than`, `baton token create --expires-in`).
 */
/** A year is 365.25 days, as jose and most JWT tools count it. */
const UNIT_MS = new Map([
    ['s', 1000],
    ['m', 60_000],
    ['h', 3_600_000],
    ['d', 86_400_000],
    ['w', 604_800_000],
    ['y', 31_557_600_000],
]);
const UNIT_ALIASES = new Map([
    ['sec', 's'],
    ['second', 's'],
    ['min', 'm'],
    ['minute', 'm'],
    ['hr', 'h'],
    ['hour', 'h'],
    ['day', 'd'],
    ['week', 'w'],
    ['yr', 'y'],
    ['year', 'y'],
]);
const DURATION = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/;
/**
 * Parses a duration into milliseconds. A number needs its unit (s, m, h, d, w
 * or y, or a word such as `hours`), so `7` is refused rather than guessed, and
 * so is `ms`; returns undefined for anything else.
 */
export function parseDuration(text) {
    const match = DURATION.exec(text.trim().toLowerCase());
    if (!match)
        return undefined;
    const word = match[2];
    // Plurals drop their "s" for the alias lookup only, so "ms" is refused rather than read as minutes.
    const unitMs = UNIT_MS.get(word) ?? UNIT_MS.get(UNIT_ALIASES.get(word.replace(/s$/, '')) ?? '');
    if (unitMs === undefined)
        return undefined;
    const ms = Number(match[1]) * unitMs;
    return Number.isFinite(ms) ? Math.round(ms) : undefined;
}
/** Units of `formatDuration`, largest first: days at most, so a week reads `7d`. */
const FORMAT_UNITS = ['d', 'h', 'm', 's'].map((unit) => [unit, UNIT_MS.get(unit)]);
/** The largest whole unit that writes `ms` exactly, for messages: 604800000 → `7d`. */
export function formatDuration(ms) {
    for (const [unit, size] of FORMAT_UNITS) {
        if (ms >= size && ms % size === 0)
            return `${ms / size}${unit}`;
    }
    return `${ms / 1000}s`;
}
//# sourceMappingURL=duration.js.map