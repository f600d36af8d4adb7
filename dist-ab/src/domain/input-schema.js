/**
 * A template's `input_schema`: a JSON Schema for the task context, compiled
 * with ajv (all errors, standard formats, non-strict so that schemas written
 * for other tools with extra keywords still load).
 */
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
// ajv-formats is CommonJS: under NodeNext its default import is the module
// object, whose `default` is the plugin; at run time either may be the function.
const addFormats = (addFormatsModule.default ?? addFormatsModule);
/**
 * Compiles an input schema into a validator.
 *
 * A fresh ajv instance per schema: ajv caches every compiled schema on its
 * instance, so a shared one would grow with every template ever registered.
 *
 * @throws Error with ajv's reason when the schema does not compile.
 */
export function compileInputSchema(schema) {
    // logger: false: the domain does no I/O (ajv would console.warn about unknown formats).
    const ajv = new Ajv({ allErrors: true, strict: false, logger: false });
    addFormats(ajv);
    return ajv.compile(schema);
}
/** Why `schema` does not compile, or null when it does. */
export function inputSchemaProblem(schema) {
    try {
        compileInputSchema(schema);
        return null;
    }
    catch (err) {
        return err instanceof Error ? err.message : String(err);
    }
}
/**
 * Checks a task context against a compiled input schema; every violation is
 * listed (allErrors). An empty list means the context is valid.
 */
export function checkContext(validate, context) {
    if (validate(context))
        return [];
    return (validate.errors ?? []).map((e) => ({
        path: e.instancePath,
        message: `${e.instancePath === '' ? 'context' : `context${e.instancePath}`} ${e.message ?? 'is invalid'}`,
    }));
}
//# sourceMappingURL=input-schema.js.map