/**
 * Request validation with zod: bodies, query strings and path parameters are
 * parsed by strict schemas, and every problem is reported at once as
 * 400 `invalid_request` with `details.errors: [{path, message}]`.
 */
import { z } from 'zod';
/** One problem with a request field. `path` is dotted (`tasks[2].priority`); '' is the whole value. */
export interface FieldError {
    path: string;
    message: string;
}
/** Which part of the request a schema checks; named in the error message. */
export type RequestPart = 'body' | 'query' | 'params';
/** zod issues -> field errors; an unknown key becomes one error on that key's own path. */
export declare function toFieldErrors(error: z.ZodError): FieldError[];
/** `request body: priority: Too big...; tags[0]: ...` naming every field (up to a limit). */
export declare function describeFieldErrors(part: RequestPart, errors: FieldError[]): string;
/**
 * Parses `value` with `schema`, or throws 400 `invalid_request` naming every bad field.
 *
 * @example parseRequest(submitBody, request.body, 'body')
 */
export declare function parseRequest<S extends z.ZodType>(schema: S, value: unknown, part: RequestPart): z.output<S>;
/**
 * A query-string integer: query values arrive as text, and `z.coerce` would
 * turn '' into 0 and '1e2' into 100, so only plain decimal digits are taken.
 */
export declare function queryInt(min: number, max: number): z.ZodPipe<z.ZodPipe<z.ZodString, z.ZodTransform<number, string>>, z.ZodInt>;
/** Deepest nesting of arrays and objects accepted in a request (contexts, outputs, templates). */
export declare const MAX_JSON_DEPTH = 64;
/**
 * The first value in `value` that PostgreSQL could not take, or undefined: a
 * string or key holding U+0000 (text and jsonb store no NUL character), or
 * nesting deeper than MAX_JSON_DEPTH (which would overflow the stack while
 * serialising, or exceed the server's stack depth). Either would otherwise
 * fail in a query, as a 500.
 */
export declare function findUnstorableValue(value: unknown, path?: (string | number)[]): FieldError | undefined;
/** Throws 400 `invalid_request` when any part of the request holds a value the database cannot store. */
export declare function assertStorable(parts: Record<RequestPart, unknown>): void;
