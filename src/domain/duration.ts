/** Durations written the way operators type them: `90s`, `15m`, `12h`, `7d`, `1.5d`. */

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

const DURATION = /^(\d+(?:\.\d+)?)\s*([smhd])$/;

/**
 * Parses a duration into milliseconds. A number needs its unit (s, m, h or d),
 * so `7` is refused rather than guessed; returns undefined for anything else.
 */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim().toLowerCase());
  if (!match) return undefined;
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  return Number.isFinite(ms) ? Math.round(ms) : undefined;
}

/** The largest whole unit that writes `ms` exactly, for messages: 604800000 → `7d`. */
export function formatDuration(ms: number): string {
  for (const [unit, size] of Object.entries(UNIT_MS).reverse()) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms / 1000}s`;
}
