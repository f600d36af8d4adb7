/**
 * Command specs and argument parsing (node:util parseArgs), shared by every
 * command: global flags, typed flag readers, and the config they map to.
 */
import { parseArgs } from 'node:util';
/** A problem with how the CLI was called: exit code 2, with a hint to `--help`. */
export class UsageError extends Error {
    command;
    constructor(message, command) {
        super(message);
        this.command = command;
        this.name = 'UsageError';
    }
}
/** Flags every command accepts, anywhere on the line. */
export const globalOptions = {
    config: { type: 'string', valueName: 'FILE', description: 'config file (default: $BATON_CONFIG, else baton.toml in the working directory)' },
    'database-url': { type: 'string', valueName: 'URL', description: 'PostgreSQL URL (default: embedded PGlite under --data-dir)' },
    'data-dir': { type: 'string', valueName: 'DIR', description: 'embedded database directory (default: ./.baton/data)' },
    'log-level': { type: 'string', valueName: 'LEVEL', description: 'fatal, error, warn, info, debug, trace or silent' },
    help: { type: 'boolean', short: 'h', description: 'show this help' },
};
/** Flags of the commands that talk to a server over HTTP. */
export const clientOptions = {
    server: { type: 'string', valueName: 'URL', description: 'Baton API URL (default: $BATON_SERVER_URL, else http://127.0.0.1:<server.port>)' },
    token: { type: 'string', valueName: 'TOKEN', description: 'bearer token (default: $BATON_TOKEN)' },
};
/** Names of global flags that take a value: the leading ones are skipped to find the command. */
const GLOBAL_VALUE_FLAGS = new Set(Object.entries(globalOptions)
    .filter(([, o]) => o.type === 'string')
    .map(([name]) => `--${name}`));
/**
 * Splits `baton [global flags] <words...> [rest]`: the leading global flags
 * (kept, to be parsed with the command's own) and the remaining tokens.
 */
export function splitLeadingGlobals(argv) {
    let i = 0;
    while (i < argv.length) {
        const token = argv[i];
        if (GLOBAL_VALUE_FLAGS.has(token)) {
            if (i + 1 >= argv.length)
                throw new UsageError(`option ${token} needs a value`);
            i += 2;
        }
        else if ([...GLOBAL_VALUE_FLAGS].some((flag) => token.startsWith(`${flag}=`))) {
            i += 1;
        }
        else
            break;
    }
    return { globals: argv.slice(0, i), rest: argv.slice(i) };
}
/** Parses a command's arguments against its options plus the global ones. */
export function parseCommandArgs(spec, argv) {
    const options = { ...globalOptions, ...spec.options };
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            options: Object.fromEntries(Object.entries(options).map(([name, o]) => [name, { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) }])),
            allowPositionals: true,
            strict: true,
        });
    }
    catch (err) {
        throw new UsageError(cleanParseError(err.message), spec.name);
    }
    if (parsed.values.help === true)
        return parsed;
    const { min, max } = spec.positionals;
    const count = parsed.positionals.length;
    if (count < min)
        throw new UsageError(`missing argument${min - count > 1 ? 's' : ''}`, spec.name);
    if (count > max) {
        const extra = parsed.positionals
            .slice(max)
            .map((p) => JSON.stringify(p))
            .join(', ');
        throw new UsageError(`unexpected argument${count - max > 1 ? 's' : ''}: ${extra}`, spec.name);
    }
    return parsed;
}
function cleanParseError(message) {
    // parseArgs messages end with advice about `--` that does not fit Baton's commands.
    return message.replace(/\. To specify a positional argument starting with a '-'.*$/s, '').replace(/^Unknown option/, 'unknown option');
}
export function stringFlag(args, name) {
    const value = args.values[name];
    return typeof value === 'string' ? value : undefined;
}
export function booleanFlag(args, name) {
    return args.values[name] === true;
}
export function listFlag(args, name) {
    const value = args.values[name];
    if (Array.isArray(value))
        return value.filter((v) => typeof v === 'string');
    return typeof value === 'string' ? [value] : [];
}
/** An integer flag; a bad value is a usage error naming the flag. */
export function intFlag(args, name, range = {}) {
    const raw = stringFlag(args, name);
    if (raw === undefined)
        return undefined;
    const value = /^[+-]?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
    const { min = -Infinity, max = Infinity } = range;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
        const bounds = min > -Infinity && max < Infinity ? ` between ${min} and ${max}` : min > -Infinity ? ` >= ${min}` : '';
        throw new UsageError(`--${name} must be an integer${bounds}, got ${JSON.stringify(raw)}`);
    }
    return value;
}
/**
 * A numeric flag passed into the config as is: numbers become numbers, other
 * text stays text so the config loader rejects it naming the key and "flags".
 */
export function configNumberFlag(args, name) {
    const raw = stringFlag(args, name);
    if (raw === undefined)
        return undefined;
    return /^\s*[+-]?\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : raw;
}
/** `k=v,k2=v2` → `{k: 'v', k2: 'v2'}` (repeatable). */
export function parseLabels(values) {
    const labels = {};
    for (const part of values.flatMap((v) => v.split(','))) {
        if (part.trim() === '')
            continue;
        const eq = part.indexOf('=');
        if (eq <= 0)
            throw new UsageError(`--labels expects key=value pairs separated by commas, got ${JSON.stringify(part)}`);
        labels[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
    }
    return labels;
}
/** The global flags as loadConfig options: `--config` names the file, the rest are flag overrides. */
export function globalConfigInput(args) {
    const file = stringFlag(args, 'config');
    const url = stringFlag(args, 'database-url');
    const dataDir = stringFlag(args, 'data-dir');
    const level = stringFlag(args, 'log-level');
    const flags = {};
    if (url !== undefined || dataDir !== undefined)
        flags.database = { ...(url !== undefined ? { url } : {}), ...(dataDir !== undefined ? { dataDir } : {}) };
    if (level !== undefined)
        flags.log = { level: level };
    return file === undefined ? { flags } : { file, flags };
}
/** Merges extra flag overrides (per command) over the global ones, section by section. */
export function mergeFlags(base, extra) {
    const out = { ...base };
    for (const [section, values] of Object.entries(extra)) {
        if (values === undefined)
            continue;
        const defined = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
        if (Object.keys(defined).length === 0)
            continue;
        out[section] = { ...(out[section] ?? {}), ...defined };
    }
    return out;
}
//# sourceMappingURL=args.js.map