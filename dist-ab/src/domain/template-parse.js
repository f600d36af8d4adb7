/**
 * Template source text -> plain data. Only syntax is checked here; the shape
 * is `validateTemplate`'s job.
 */
import { parseDocument } from 'yaml';
import { BatonError } from '../errors.js';
function syntaxError(format, reason, location) {
    const where = location ? ` at line ${location.line}, column ${location.column}` : '';
    return new BatonError('invalid_template', `template source is not valid ${format.toUpperCase()}${where}: ${reason}`, {
        details: location ? { line: location.line, column: location.column } : undefined,
    });
}
function locationOfOffset(source, offset) {
    const before = source.slice(0, offset);
    const line = before.split('\n').length;
    return { line, column: offset - before.lastIndexOf('\n') };
}
function parseYaml(source) {
    // uniqueKeys (the default) makes a repeated key an error instead of a silent overwrite.
    const doc = parseDocument(source, { prettyErrors: true, uniqueKeys: true });
    const first = doc.errors[0];
    if (first) {
        // yaml appends " at line L, column C:" and a code excerpt; we report the location ourselves.
        const reason = first.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
        const pos = first.linePos?.[0];
        return { value: undefined, error: { reason, location: pos ? { line: pos.line, column: pos.col } : undefined } };
    }
    try {
        // maxAliasCount bounds alias expansion ("billion laughs").
        return { value: doc.toJS({ maxAliasCount: 100 }) };
    }
    catch (err) {
        return { value: undefined, error: { reason: err.message } };
    }
}
function parseJson(source) {
    try {
        return JSON.parse(source);
    }
    catch (err) {
        const reason = err.message;
        const offset = /at position (\d+)/.exec(reason);
        // V8 only sometimes gives a position; YAML (a superset of JSON) can locate the rest.
        const location = offset ? locationOfOffset(source, Number(offset[1])) : parseYaml(source).error?.location;
        // Drop V8's echo of the source and its offset: the location says where.
        const short = reason.replace(/, "[\s\S]*" is not valid JSON$/, '').replace(/ in JSON at position \d+[\s\S]*$/, '');
        throw syntaxError('json', short, location);
    }
}
/**
 * Parses template source text into plain data (not yet validated).
 *
 * @param format `yaml` (default; also accepts JSON) or `json` (strict JSON).
 * @throws BatonError `invalid_template` naming the line and column of a syntax
 *   error when known (also for duplicate keys and multiple YAML documents).
 * @example parseTemplateSource('name: order\nversion: 1') // { name: 'order', version: 1 }
 */
export function parseTemplateSource(source, format = 'yaml') {
    if (format === 'json')
        return parseJson(source);
    const result = parseYaml(source);
    if (result.error)
        throw syntaxError('yaml', result.error.reason, result.error.location);
    return result.value;
}
//# sourceMappingURL=template-parse.js.map