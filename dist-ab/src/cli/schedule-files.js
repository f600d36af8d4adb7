/**
 * Schedule files on disk (`baton schedule apply`, `baton start --schedules`):
 * YAML or JSON with a top-level `schedules:` list, each entry the body of
 * `POST /v1/schedules`. Shapes are checked here; meanings (cron, time zone,
 * template) by the server, which refuses a bad one without changing anything.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { parseScheduleFile } from '../domain/schedule-input.js';
import { BatonError } from '../errors.js';
import { UsageError } from './args.js';
import { CliError, ExitCode } from './output.js';
const EXTENSIONS = ['.yaml', '.yml', '.json'];
function labelOf(path, cwd) {
    const rel = relative(cwd, path);
    return rel !== '' && !rel.startsWith('..') ? rel : path;
}
/** Files as given, directories by their `*.yaml`, `*.yml` and `*.json` entries (not recursive), sorted by name. */
export function collectScheduleFiles(paths, cwd) {
    const files = [];
    for (const given of paths) {
        const path = resolve(cwd, given);
        let isDir;
        try {
            isDir = statSync(path).isDirectory();
        }
        catch {
            throw new UsageError(`${given}: no such file or directory`);
        }
        if (!isDir)
            files.push(path);
        else
            files.push(...readdirSync(path)
                .filter((name) => EXTENSIONS.includes(extname(name).toLowerCase()))
                .sort()
                .map((name) => join(path, name)));
    }
    return [...new Set(files)];
}
/**
 * Reads and checks one file.
 * @throws CliError (exit 2) naming the file: unreadable, not YAML/JSON, or not a `schedules:` list.
 */
export function readScheduleFile(path, cwd) {
    const label = labelOf(path, cwd);
    let source;
    try {
        source = readFileSync(path, 'utf8');
    }
    catch (err) {
        throw new CliError(`cannot read ${label}: ${err.message}`, ExitCode.usage);
    }
    const doc = parseDocument(source, { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0)
        throw new CliError(`${label} is not valid YAML or JSON: ${doc.errors[0].message.split('\n')[0]}`, ExitCode.usage);
    try {
        // maxAliasCount bounds alias expansion ("billion laughs").
        return { label, schedules: parseScheduleFile(doc.toJS({ maxAliasCount: 100 }), label) };
    }
    catch (err) {
        if (!(err instanceof BatonError))
            throw err;
        const issues = err.details.issues;
        const lines = issues.map((i) => `  - ${i.path || '(top level)'}: ${i.message}`);
        throw new CliError(`${label} is not a schedules file (a top-level "schedules:" list of schedules)`, ExitCode.usage, lines, { cause: err });
    }
}
/** Every file of `paths`, all checked before any is applied. */
export function readScheduleFiles(paths, cwd) {
    return collectScheduleFiles(paths, cwd).map((path) => readScheduleFile(path, cwd));
}
/** `every 1h` or `cron 0 2 * * * (Europe/London)`: a schedule's spec in one phrase. */
export function describeScheduleSpec(s) {
    return s.cron ? `cron ${s.cron} (${s.timezone ?? 'UTC'})` : `every ${s.every}`;
}
//# sourceMappingURL=schedule-files.js.map