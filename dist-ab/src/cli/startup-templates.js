/**
 * Templates `baton start` / `baton server` apply at start-up, and the example
 * tasks `baton start` submits on a fresh database.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTemplateSource } from '../domain/template-parse.js';
import { childrenFirst } from '../domain/template-order.js';
import { BatonError } from '../errors.js';
import { CliError, detailLines, ExitCode } from './output.js';
import { checkTemplateFile, collectTemplateFiles, readTemplateFile, templateErrorLines, templateRef } from './template-files.js';
/**
 * Reads and validates every template in `dir` before anything starts, with
 * the server's step cap (`templates.max_steps`).
 *
 * @throws CliError (exit 2) naming each invalid file and listing its issues.
 */
export function readTemplateDir(dir, cwd, maxSteps) {
    const options = maxSteps === undefined ? {} : { maxSteps };
    const checked = collectTemplateFiles([dir], cwd).map((path) => checkTemplateFile(readTemplateFile(path, cwd), options));
    const invalid = checked.filter((t) => !t.ok);
    if (invalid.length > 0) {
        const lines = invalid.flatMap((t) => templateErrorLines(t.label, t.error));
        throw new CliError(`${invalid.length} of ${checked.length} templates in ${dir} ${invalid.length === 1 ? 'is' : 'are'} invalid; nothing was started`, ExitCode.usage, lines);
    }
    return checked;
}
/** Warns about steps whose handler this process does not provide (they wait for another worker). */
export function warnUnhandledSteps(templates, handlers, logger) {
    const names = new Set(handlers.map((h) => h.name));
    for (const t of templates) {
        const missing = [...new Set(t.definition.steps.map((s) => s.handler).filter((h) => !names.has(h)))];
        if (missing.length > 0) {
            logger.warn({ template: templateRef(t.definition), handlers: missing }, 'no handler in this process for some steps; they wait for a worker that has them');
        }
    }
}
/**
 * Registers each template; identical ones already stored count as unchanged.
 *
 * @throws CliError (exit 2) when a stored version differs (a changed template needs a new version).
 */
export async function applyTemplates(engine, templates) {
    let created = 0;
    for (const t of childrenFirst(templates, (x) => x.definition)) {
        try {
            const result = await engine.registerTemplate(parseTemplateSource(t.source, t.format));
            if (result.created)
                created++;
        }
        catch (err) {
            if (err instanceof BatonError && (err.code === 'conflict' || err.code === 'invalid_template')) {
                throw new CliError(`${t.label}: ${err.message}`, ExitCode.usage, detailLines(err), { cause: err });
            }
            throw err;
        }
    }
    return { created, unchanged: templates.length - created };
}
/** Each template that has `<contextsDir>/<name>.json`, with that context. */
export function exampleContexts(templates, contextsDir, logger) {
    const found = [];
    for (const { definition: def } of templates) {
        const file = join(contextsDir, `${def.name}.json`);
        if (!existsSync(file))
            continue;
        try {
            const context = JSON.parse(readFileSync(file, 'utf8'));
            if (typeof context !== 'object' || context === null || Array.isArray(context))
                throw new Error('not a JSON object');
            found.push({ namespace: def.namespace, name: def.name, context: context });
        }
        catch (err) {
            logger.warn({ file, err }, 'skipping an example context that is not a JSON object');
        }
    }
    return found;
}
/** On a database with no tasks yet, submits one task per example that has a context. */
export async function submitExampleTasks(engine, examples, logger) {
    const { tasks } = await engine.listTasks({ limit: 1 });
    if (tasks.length > 0)
        return [];
    const submitted = [];
    for (const example of examples) {
        try {
            const { id } = await engine.submit({ namespace: example.namespace, name: example.name, context: example.context, tags: ['example'] });
            submitted.push({ ...example, id });
        }
        catch (err) {
            logger.warn({ err, template: `${example.namespace}/${example.name}` }, 'could not submit an example task');
        }
    }
    return submitted;
}
//# sourceMappingURL=startup-templates.js.map