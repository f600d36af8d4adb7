/**
 * Loads a `--handlers` module: a JS module whose `default` or `handlers`
 * export is an array of HandlerRegistration (or an object whose values are).
 */
import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CliError, ExitCode } from './output.js';
const EXAMPLE = 'export default [defineHandler("shop.validate_order", async (ctx) => ({ ok: true }))]';
function isRegistration(value) {
    if (typeof value !== 'object' || value === null)
        return false;
    const { name, fn } = value;
    return typeof name === 'string' && name !== '' && typeof fn === 'function';
}
function describe(value) {
    if (value === undefined)
        return 'nothing';
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return `an array of ${value.length}`;
    if (typeof value === 'function')
        return 'a function';
    if (typeof value === 'object')
        return `an object with keys ${Object.keys(value)
            .slice(0, 5)
            .map((k) => JSON.stringify(k))
            .join(', ') || '(none)'}`;
    return `a ${typeof value}`;
}
/**
 * The registrations in one export, or a reason it is not a list of them.
 * Exported for tests.
 */
export function registrationsOf(value) {
    const entries = Array.isArray(value) ? value.map((v, i) => [`[${i}]`, v]) : typeof value === 'object' && value !== null ? Object.entries(value) : [];
    if (entries.length === 0)
        return { problem: Array.isArray(value) ? 'an empty array' : describe(value) };
    const bad = entries.filter(([, v]) => !isRegistration(v));
    if (bad.length > 0) {
        const [key, v] = bad[0];
        return { problem: `${describe(value)} whose entry ${key} is ${describe(v)}, not a {name, fn} registration (use defineHandler)` };
    }
    return { handlers: entries.map(([, v]) => v) };
}
/**
 * Imports the module at `spec` (resolved against `cwd`) and returns its handlers.
 *
 * @throws CliError (exit 2) when the module is missing, fails to load, or
 *   exports no usable handler list, or lists one handler name twice.
 */
export async function loadHandlersModule(spec, cwd) {
    const path = resolve(cwd, spec);
    if (!existsSync(path))
        throw new CliError(`handlers module ${spec} not found (looked at ${path})`, ExitCode.usage);
    if (['.ts', '.mts', '.cts'].includes(extname(path))) {
        throw new CliError(`handlers module ${spec} is TypeScript; compile it to JavaScript (npm run build) and pass the .js file`, ExitCode.usage);
    }
    let mod;
    try {
        mod = (await import(pathToFileURL(path).href));
    }
    catch (err) {
        throw new CliError(`cannot load handlers module ${spec}: ${err.message ?? String(err)}`, ExitCode.usage, [], { cause: err });
    }
    const problems = [];
    let handlers;
    for (const key of ['default', 'handlers']) {
        if (!(key in mod))
            continue;
        const found = registrationsOf(mod[key]);
        if ('handlers' in found) {
            handlers = found.handlers;
            break;
        }
        problems.push(`its ${key} export is ${found.problem}`);
    }
    if (handlers === undefined) {
        const why = problems.length > 0 ? problems.join('; ') : 'it has neither a default nor a handlers export';
        throw new CliError(`handlers module ${spec} exports no handlers: ${why}`, ExitCode.usage, [
            '  a handlers module exports an array of handler registrations, e.g.',
            `    ${EXAMPLE}`,
        ]);
    }
    const seen = new Set();
    for (const h of handlers) {
        if (seen.has(h.name))
            throw new CliError(`handlers module ${spec} registers handler "${h.name}" twice`, ExitCode.usage);
        seen.add(h.name);
    }
    return handlers;
}
//# sourceMappingURL=handlers-module.js.map