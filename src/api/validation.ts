/**
 * Request validation with zod: bodies, query strings and path parameters are
 * parsed by strict schemas, and every problem is reported at once as
 * 400 `invalid_request` with `details.errors: [{path, message}]`.
 */
import { z } from 'zod';
import { formatIssuePath } from '../domain/template-issues.js';
import { BatonError } from '../errors.js';
import type { JsonValue } from '../domain/types.js';

/** One problem with a request field. `path` is dotted (`tasks[2].priority`); '' is the whole value. */
export interface FieldError {
  path: string;
  message: string;
}

/** Which part of the request a schema checks; named in the error message. */
export type RequestPart = 'body' | 'query' | 'params';

/** How many problems the message spells out and `details.errors` carries (a 10,000-task batch could have more). */
const MESSAGE_ERROR_LIMIT = 5;
const DETAILS_ERROR_LIMIT = 100;

/** zod issues -> field errors; an unknown key becomes one error on that key's own path. */
export function toFieldErrors(error: z.ZodError): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: formatIssuePath([...issue.path, key]), message: 'is not a known field; remove it' });
    } else {
      out.push({ path: formatIssuePath(issue.path), message: issue.message });
    }
  }
  return out;
}

/** `request body: priority: Too big...; tags[0]: ...` naming every field (up to a limit). */
export function describeFieldErrors(part: RequestPart, errors: FieldError[]): string {
  const where = part === 'params' ? 'request path' : part === 'query' ? 'query string' : 'request body';
  const shown = errors.slice(0, MESSAGE_ERROR_LIMIT).map((e) => (e.path === '' ? e.message : `${e.path}: ${e.message}`));
  const more = errors.length > MESSAGE_ERROR_LIMIT ? `; and ${errors.length - MESSAGE_ERROR_LIMIT} more` : '';
  return `invalid ${where}: ${shown.join('; ')}${more}`;
}

/**
 * Parses `value` with `schema`, or throws 400 `invalid_request` naming every bad field.
 *
 * @example parseRequest(submitBody, request.body, 'body')
 */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, part: RequestPart): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = toFieldErrors(result.error);
  const details = errors.length > DETAILS_ERROR_LIMIT ? { errors: errors.slice(0, DETAILS_ERROR_LIMIT), total: errors.length } : { errors };
  throw new BatonError('invalid_request', describeFieldErrors(part, errors), { details });
}

/**
 * A query-string integer: query values arrive as text, and `z.coerce` would
 * turn '' into 0 and '1e2' into 100, so only plain decimal digits are taken.
 */
export function queryInt(min: number, max: number) {
  return z
    .string()
    .regex(/^-?[0-9]{1,9}$/, { error: 'must be an integer' })
    .transform(Number)
    .pipe(
      z
        .int()
        .min(min, { error: `must be at least ${min}` })
        .max(max, { error: `must be at most ${max}` }),
    );
}

/**
 * Any JSON value (an output, progress data, error details). One shared,
 * named instance so the OpenAPI document describes its recursion once, as
 * `#/components/schemas/JsonValue`.
 */
export const jsonValue: z.ZodType<JsonValue> = z
  .lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]))
  .meta({ id: 'JsonValue', description: 'Any JSON value.' });

/** Deepest nesting of arrays and objects accepted in a request (contexts, outputs, templates). */
export const MAX_JSON_DEPTH = 64;

/**
 * The first value in `value` that PostgreSQL could not take, or undefined: a
 * string or key holding U+0000 (text and jsonb store no NUL character), or
 * nesting deeper than MAX_JSON_DEPTH (which would overflow the stack while
 * serialising, or exceed the server's stack depth). Either would otherwise
 * fail in a query, as a 500.
 */
export function findUnstorableValue(value: unknown, path: (string | number)[] = []): FieldError | undefined {
  if (typeof value === 'string') {
    return value.includes('\u0000') ? { path: formatIssuePath(path), message: 'must not contain the NUL character (\\u0000)' } : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  if (path.length >= MAX_JSON_DEPTH) return { path: formatIssuePath(path), message: `nests deeper than ${MAX_JSON_DEPTH} levels` };
  const entries: [string | number, unknown][] = Array.isArray(value) ? [...value.entries()] : Object.entries(value);
  for (const [key, item] of entries) {
    if (typeof key === 'string' && key.includes('\u0000')) {
      return { path: formatIssuePath([...path, key]), message: 'must not contain the NUL character (\\u0000)' };
    }
    const found = findUnstorableValue(item, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

/** Throws 400 `invalid_request` when any part of the request holds a value the database cannot store. */
export function assertStorable(parts: Record<RequestPart, unknown>): void {
  for (const [part, value] of Object.entries(parts) as [RequestPart, unknown][]) {
    const found = findUnstorableValue(value);
    if (!found) continue;
    throw new BatonError('invalid_request', describeFieldErrors(part, [found]), { details: { errors: [found] } });
  }
}
