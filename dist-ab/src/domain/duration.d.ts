/**
 * Durations written the way operators type them: `90s`, `15m`, `12h`, `7d`,
 * `2w`, `1y`, `1.5d`, `12 hours`. The one grammar of every flag that takes a
 * span (`baton prune --older-than`, `baton token create --expires-in`).
 */
/**
 * Parses a duration into milliseconds. A number needs its unit (s, m, h, d, w
 * or y, or a word such as `hours`), so `7` is refused rather than guessed, and
 * so is `ms`; returns undefined for anything else.
 */
export declare function parseDuration(text: string): number | undefined;
/** The largest whole unit that writes `ms` exactly, for messages: 604800000 → `7d`. */
export declare function formatDuration(ms: number): string;
