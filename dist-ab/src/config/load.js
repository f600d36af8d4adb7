import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'smol-toml';
import { BatonError } from '../errors.js';
import { coerceEnvValue, CONFIG_FILE_VAR, ENV_NAME_VAR, envVars } from './env.js';
import { camelToSnake, snakeToCamel, suggestKey, tomlKeyOf } from './keys.js';
import { redactUrl } from './redact.js';
import { configSchema, configShape } from './schema.js';
export { redactConfig, redactUrl } from './redact.js';
export const DEFAULT_CONFIG_FILE = 'baton.toml';
const FLAGS_SOURCE = 'flags';
const SECRET_PATHS = new Set(['auth.hs256Secret']);
const URL_PATHS = new Set(['database.url']);
/**
 * Loads Baton's configuration: the file (`--config`, else `baton.toml` in the
 * working directory), its `[environments.<BATON_ENV>]` table merged over it,
 * then `BATON_*` variables, then flags; validated once against `configSchema`.
 *
 * @throws BatonError `invalid_config` listing every problem (unknown keys with
 *   their full path, bad values with what is expected and where they came from).
 */
export function loadConfig(opts = {}) {
    const cwd = opts.cwd ?? process.cwd();
    const env = opts.env ?? process.env;
    const problems = [];
    const merged = {};
    const sources = new Map();
    const shape = configShape();
    const file = readConfigFile(cwd, opts.file ?? nonEmpty(env[CONFIG_FILE_VAR]));
    let environments = {};
    if (file !== undefined) {
        const { environments: rawEnvironments, ...base } = file.data;
        mergeLayer(merged, convertTable(base, shape, '', file.label, problems), file.label, sources);
        environments = convertEnvironments(rawEnvironments, shape, file.label, problems);
    }
    const envName = nonEmpty(env[ENV_NAME_VAR]);
    if (envName !== undefined) {
        const overlay = Object.hasOwn(environments, envName) ? environments[envName] : undefined;
        if (overlay !== undefined && file !== undefined) {
            mergeLayer(merged, overlay, `[environments.${envName}] in ${file.label}`, sources);
        }
        else {
            problems.push({ key: `environments.${envName}`, source: ENV_NAME_VAR, message: unknownEnvironment(envName, file, environments, cwd) });
        }
    }
    for (const [name, { path, type }] of Object.entries(envVars)) {
        const raw = nonEmpty(env[name]);
        if (raw === undefined)
            continue;
        const [section, field] = path.split('.');
        mergeLayer(merged, { [section]: { [field]: coerceEnvValue(raw, type) } }, name, sources);
    }
    if (opts.flags !== undefined)
        mergeLayer(merged, opts.flags, FLAGS_SOURCE, sources);
    const result = configSchema.safeParse(merged);
    if (!result.success) {
        for (const issue of result.error.issues)
            problems.push(...describeIssue(issue, merged, sources));
    }
    if (problems.length > 0 || !result.success)
        throw configError(problems);
    return result.data;
}
function configError(problems) {
    const lines = problems.map((p) => p.message);
    const message = lines.length === 1 ? `invalid configuration: ${lines[0]}` : `invalid configuration (${lines.length} problems):\n${lines.map((line) => `  - ${line}`).join('\n')}`;
    return new BatonError('invalid_config', message, { details: { problems } });
}
function readConfigFile(cwd, explicit) {
    const path = explicit === undefined ? join(cwd, DEFAULT_CONFIG_FILE) : resolve(cwd, explicit);
    const label = explicit ?? DEFAULT_CONFIG_FILE;
    let text;
    try {
        text = readFileSync(path, 'utf8');
    }
    catch (err) {
        const code = err.code;
        if (code === 'ENOENT' && explicit === undefined)
            return undefined;
        const reason = code === 'ENOENT' ? 'file not found' : err.message;
        throw new BatonError('invalid_config', `cannot read config file ${label} (${path}): ${reason}`, { cause: err, details: { file: path } });
    }
    try {
        return { label, data: parse(text) };
    }
    catch (err) {
        throw new BatonError('invalid_config', `cannot parse config file ${label}: ${err.message}`, { cause: err, details: { file: path } });
    }
}
/**
 * Converts a TOML table's snake_case keys to the schema's camelCase, reporting
 * (and dropping) every key the schema does not know, with its full dotted path.
 * Only the canonical snake_case spelling is accepted: `bodyLimitBytes` in a file
 * is an unknown key, so one file never has two spellings of one setting.
 */
function convertTable(raw, shape, prefix, label, problems) {
    const out = {};
    for (const [key, value] of Object.entries(raw)) {
        const rawPath = prefix === '' ? key : `${prefix}.${key}`;
        const camel = snakeToCamel(key);
        if (camelToSnake(camel) !== key || !Object.hasOwn(shape, camel)) {
            const known = Object.keys(shape).map(camelToSnake);
            const suggestion = suggestKey(key, prefix === '' ? [...known, 'environments'] : known);
            const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
            problems.push({ key: rawPath, source: label, message: `unknown key "${rawPath}" in ${label}${hint}` });
            continue;
        }
        const child = shape[camel];
        if (child === null || child === undefined) {
            out[camel] = value;
        }
        else if (isTable(value)) {
            out[camel] = convertTable(value, child, rawPath, label, problems);
        }
        else {
            problems.push({ key: rawPath, source: label, message: `${rawPath}: expected a table, got ${formatValue(value)} (from ${label})` });
        }
    }
    return out;
}
/** Converts every `[environments.<name>]` table, so a typo in any environment is caught, not only in the active one. */
function convertEnvironments(raw, shape, label, problems) {
    if (raw === undefined)
        return {};
    if (!isTable(raw)) {
        problems.push({ key: 'environments', source: label, message: `environments: expected a table of [environments.<name>] tables, got ${formatValue(raw)} (from ${label})` });
        return {};
    }
    const out = {};
    for (const [name, table] of Object.entries(raw)) {
        const prefix = `environments.${name}`;
        if (isTable(table))
            out[name] = convertTable(table, shape, prefix, label, problems);
        else
            problems.push({ key: prefix, source: label, message: `${prefix}: expected a table, got ${formatValue(table)} (from ${label})` });
    }
    return out;
}
function unknownEnvironment(name, file, environments, cwd) {
    const head = `unknown environment "${name}" (from ${ENV_NAME_VAR})`;
    if (file === undefined)
        return `${head}: no config file was found (looked for ${DEFAULT_CONFIG_FILE} in ${cwd}); unset ${ENV_NAME_VAR} or pass --config`;
    const names = Object.keys(environments);
    return names.length === 0 ? `${head}: ${file.label} has no [environments.*] tables` : `${head}: ${file.label} defines ${names.map((n) => `"${n}"`).join(', ')}`;
}
/** Deep-merges `layer` into `target`, recording `source` for every leaf it sets. */
function mergeLayer(target, layer, source, sources, prefix = '') {
    for (const [key, value] of Object.entries(layer)) {
        if (value === undefined)
            continue;
        const path = prefix === '' ? key : `${prefix}.${key}`;
        if (isTable(value)) {
            const existing = target[key];
            const child = isTable(existing) ? existing : {};
            target[key] = child;
            mergeLayer(child, value, source, sources, path);
        }
        else {
            target[key] = value;
            sources.set(path, source);
        }
    }
}
function describeIssue(issue, merged, sources) {
    if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((name) => {
            const path = [...issue.path, name];
            const key = tomlKeyOf(path);
            const source = sourceOf(path, sources) ?? FLAGS_SOURCE;
            return { key, source, message: `unknown key "${key}" in ${source}` };
        });
    }
    const key = tomlKeyOf(issue.path);
    const source = sourceOf(issue.path, sources);
    const value = valueAt(merged, issue.path);
    const camelPath = issue.path.map(String).join('.');
    let message = `${key}: ${issue.message}`;
    if (value !== undefined)
        message += `, got ${formatValue(value, camelPath)}`;
    if (source !== undefined)
        message += ` (from ${source})`;
    return [source === undefined ? { key, message } : { key, message, source }];
}
/** The source of the value at `path`, or of its nearest enclosing table. */
function sourceOf(path, sources) {
    for (let end = path.length; end > 0; end--) {
        const source = sources.get(path.slice(0, end).map(String).join('.'));
        if (source !== undefined)
            return source;
    }
    return undefined;
}
function valueAt(root, path) {
    let current = root;
    for (const part of path) {
        if (!isTable(current))
            return undefined;
        current = current[String(part)];
    }
    return current;
}
/** Shows a bad value in a message; secrets are described, never shown. */
function formatValue(value, camelPath) {
    if (camelPath !== undefined && SECRET_PATHS.has(camelPath) && typeof value === 'string') {
        return `a ${Buffer.byteLength(value, 'utf8')}-byte secret`;
    }
    if (camelPath !== undefined && URL_PATHS.has(camelPath) && typeof value === 'string') {
        return JSON.stringify(redactUrl(value));
    }
    if (value instanceof Date)
        return value.toISOString();
    if (typeof value === 'bigint')
        return String(value);
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
function isTable(value) {
    if (typeof value !== 'object' || value === null)
        return false;
    const proto = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
}
/** Empty variables count as unset: `BATON_PORT=` in a compose file means "not given". */
function nonEmpty(value) {
    return value === undefined || value.trim() === '' ? undefined : value;
}
//# sourceMappingURL=load.js.map