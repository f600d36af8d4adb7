/**
 * The field types of the config schema (src/config/schema.ts). Each carries one
 * "expected ..." message for every way a value can be wrong, so the loader can
 * say `server.port: expected an integer between 0 and 65535, got "abc" (from
 * BATON_PORT)` without knowing which check failed.
 */
import { z } from 'zod';
/** An integer of at least `min` (and at most `max`). */
export declare function intField(min: number, max?: number): z.ZodInt;
/** A number of at least `min`. */
export declare function numberField(min: number): z.ZodNumber;
/** A non-empty string. */
export declare function stringField(): z.ZodString;
/** `true` or `false`. */
export declare function booleanField(): z.ZodBoolean;
/** One of `values`, all of which the message lists. */
export declare function enumField<const T extends readonly [string, ...string[]]>(values: T): z.ZodEnum<{ [k_1 in T[number]]: k_1; } extends infer T_1 ? { [k in keyof T_1]: T_1[k]; } : never>;
/** A `postgres://` or `postgresql://` URL. */
export declare const postgresUrl: z.ZodString;
export declare const sqlIdentifier: z.ZodString;
/** An HS256 secret of at least 32 bytes. */
export declare const hs256Secret: z.ZodString;
