import type { BatonConfig } from './schema.js';

/** What replaces a secret in logs and error messages. */
export const REDACTED = '[redacted]';

/**
 * Masks the password of a connection URL, in its userinfo and in a
 * `password=` query parameter (libpq accepts both), keeping the rest readable.
 * The userinfo match runs to the last `@` before the path, so a password with a
 * stray `@` is masked whole.
 */
export function redactUrl(url: string): string {
  return url
    .replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*:)[^/?#]*@/i, `$1${REDACTED}@`)
    .replace(/([?&]password=)[^&#]*/gi, `$1${REDACTED}`);
}

/** A copy of `config` that is safe to log: the database password and the HS256 secret are masked. */
export function redactConfig(config: BatonConfig): BatonConfig {
  const copy = structuredClone(config);
  if (copy.database.url !== undefined) copy.database.url = redactUrl(copy.database.url);
  if (copy.auth.hs256Secret !== undefined) copy.auth.hs256Secret = REDACTED;
  return copy;
}
