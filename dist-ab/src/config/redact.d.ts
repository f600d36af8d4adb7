import type { BatonConfig } from './schema.js';
/** What replaces a secret in logs and error messages. */
export declare const REDACTED = "[redacted]";
/**
 * Masks the password of a connection URL, in its userinfo and in a
 * `password=` query parameter (libpq accepts both), keeping the rest readable.
 * The userinfo match runs to the last `@` before the path, so a password with a
 * stray `@` is masked whole.
 */
export declare function redactUrl(url: string): string;
/**
 * Masks the values of credential-like query parameters in a request URL
 * (`/v1/events?access_token=…` → `/v1/events?access_token=[redacted]`). Baton
 * takes tokens only in the Authorization header, but clients built for other
 * servers put them in the URL, and request URLs are logged.
 */
export declare function redactQuerySecrets(url: string): string;
/** A copy of `config` that is safe to log: the database password and the HS256 secret are masked. */
export declare function redactConfig(config: BatonConfig): BatonConfig;
