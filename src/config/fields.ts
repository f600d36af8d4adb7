/**
 * The field types of the config schema (src/config/schema.ts). Each carries one
 * "expected ..." message for every way a value can be wrong, so the loader can
 * say `server.port: expected an integer between 0 and 65535, got "abc" (from
 * BATON_PORT)` without knowing which check failed.
 */
import { z } from 'zod';

/** An integer of at least `min` (and at most `max`). */
export function intField(min: number, max?: number) {
  const error = max === undefined ? `expected an integer >= ${min}` : `expected an integer between ${min} and ${max}`;
  const base = z.int({ error }).min(min, { error });
  return max === undefined ? base : base.max(max, { error });
}

/** A number of at least `min`. */
export function numberField(min: number) {
  const error = `expected a number >= ${min}`;
  return z.number({ error }).min(min, { error });
}

/** A non-empty string. */
export function stringField() {
  const error = 'expected a non-empty string';
  return z.string({ error }).min(1, { error });
}

/** `true` or `false`. */
export function booleanField() {
  return z.boolean({ error: 'expected true or false' });
}

/** One of `values`, all of which the message lists. */
export function enumField<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `expected one of ${values.map((v) => `"${v}"`).join(', ')}` });
}

const postgresUrlError = 'expected a postgres:// or postgresql:// URL';
/** A `postgres://` or `postgresql://` URL. */
export const postgresUrl = z.string({ error: postgresUrlError }).refine(
  (value) => {
    try {
      const protocol = new URL(value).protocol;
      return protocol === 'postgres:' || protocol === 'postgresql:';
    } catch {
      return false;
    }
  },
  { error: postgresUrlError },
);

// Unquoted PostgreSQL identifiers fold to lower case and are cut at 63 bytes;
// allowing only what survives both keeps `SET search_path` and the names we
// print in errors the same string.
const identifierError = 'expected a lower-case SQL identifier (a-z, 0-9, _; not starting with a digit; at most 63 characters)';
export const sqlIdentifier = z.string({ error: identifierError }).regex(/^[a-z_][a-z0-9_]{0,62}$/, { error: identifierError });

const httpUrlError = 'expected an http:// or https:// URL';
/** An `http://` or `https://` URL. */
export const httpUrl = z.string({ error: httpUrlError }).refine(
  (value) => {
    try {
      const protocol = new URL(value).protocol;
      return protocol === 'http:' || protocol === 'https:';
    } catch {
      return false;
    }
  },
  { error: httpUrlError },
);

const hs256SecretError = 'expected a secret of at least 32 bytes';
/** An HS256 secret of at least 32 bytes. */
export const hs256Secret = z.string({ error: hs256SecretError }).refine((value) => Buffer.byteLength(value, 'utf8') >= 32, { error: hs256SecretError });
