/**
 * Template files on disk: finding them (files and directories) and checking
 * them locally with the same parser and validator the server uses.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { parseTemplateSource } from '../domain/template-parse.js';
import { validateTemplate } from '../domain/template-validate.js';
import { BatonError } from '../errors.js';
import { UsageError } from './args.js';
import { detailLines } from './output.js';
export const TEMPLATE_EXTENSIONS = ['.yaml', '.yml', '.json'];
function labelOf(path, cwd) {
    const rel = relative(cwd, path);
    return rel !== '' && !rel.startsWith('..') ? rel : path;
}
/**
 * The template files named by `paths`: files as given, directories by their
 * `*.yaml`, `*.yml` and `*.json` entries (not recursive), sorted by name.
 *
 * @throws UsageError for a path that does not exist or a directory with no templates.
 */
export function collectTemplateFiles(paths, cwd) {
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
        if (!isDir) {
            files.push(path);
            continue;
        }
        const found = readdirSync(path)
            .filter((name) => TEMPLATE_EXTENSIONS.includes(extname(name).toLowerCase()))
            .sort()
            .map((name) => join(path, name));
        if (found.length === 0)
            throw new UsageError(`${given}: no template files (${TEMPLATE_EXTENSIONS.map((e) => `*${e}`).join(', ')}) in this directory`);
        files.push(...found);
    }
    return [...new Set(files)];
}
export function readTemplateFile(path, cwd) {
    const format = extname(path).toLowerCase() === '.json' ? 'json' : 'yaml';
    let source;
    try {
        source = readFileSync(path, 'utf8');
    }
    catch (err) {
        throw new UsageError(`cannot read ${labelOf(path, cwd)}: ${err.message}`);
    }
    return { label: labelOf(path, cwd), path, format, source };
}
/** Parses and validates one file; an invalid template is returned, not thrown. */
export function checkTemplateFile(file, options = {}) {
    try {
        const definition = validateTemplate(parseTemplateSource(file.source, file.format), options);
        return { ...file, ok: true, definition };
    }
    catch (err) {
        if (err instanceof BatonError)
            return { ...file, ok: false, error: err };
        throw err;
    }
}
/** `ns/name@version` */
export function templateRef(def) {
    return `${def.namespace}/${def.name}@${def.version}`;
}
/**
 * How an invalid template file is reported: `<file>: invalid template ns/name@v
 * (2 problems):` then one line per issue; a syntax error on one line.
 */
export function templateErrorLines(label, err) {
    const details = err.details;
    const issues = Array.isArray(details?.issues) ? details.issues : [];
    if (issues.length === 0)
        return [`${label}: ${err.message}`, ...detailLines(err)];
    const name = typeof details?.template === 'string' ? ` ${details.template}` : '';
    return [`${label}: invalid template${name} (${issues.length} problem${issues.length === 1 ? '' : 's'}):`, ...detailLines(err)];
}
//# sourceMappingURL=template-files.js.map