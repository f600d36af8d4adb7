/**
 * A template's `input_schema`: a JSON Schema for the task context, compiled
 * with ajv (all errors, standard formats, non-strict so that schemas written
 * for other tools with extra keywords still load).
 */
import { type ValidateFunction } from 'ajv';
import type { JsonObject } from './types.js';
/** One reason a context does not match its template's input_schema. */
export interface SchemaViolation {
    /** JSON Pointer into the context (`/items/0`), '' for the whole context. */
    path: string;
    message: string;
}
/**
 * Compiles an input schema into a validator.
 *
 * A fresh ajv instance per schema: ajv caches every compiled schema on its
 * instance, so a shared one would grow with every template ever registered.
 *
 * @throws Error with ajv's reason when the schema does not compile.
 */
export declare function compileInputSchema(schema: JsonObject): ValidateFunction;
/** Why `schema` does not compile, or null when it does. */
export declare function inputSchemaProblem(schema: JsonObject): string | null;
/**
 * Checks a task context against a compiled input schema; every violation is
 * listed (allErrors). An empty list means the context is valid.
 */
export declare function checkContext(validate: ValidateFunction, context: unknown): SchemaViolation[];
