/**
 * `baton template validate|apply <file|dir>...`
 */
import { childrenFirst } from '../../domain/template-order.js';
import { BatonError } from '../../errors.js';
import { clientOptions } from '../args.js';
import { clientFor } from '../client-options.js';
import { exitCodeFor, ExitCode } from '../output.js';
import { checkTemplateFile, collectTemplateFiles, readTemplateFile, templateErrorLines, templateRef } from '../template-files.js';
/** `error: <file>: ...` and one line per issue. */
export function printTemplateError(label, err, ctx) {
    const [first, ...rest] = templateErrorLines(label, err);
    ctx.err(`error: ${first}`);
    for (const line of rest)
        ctx.err(line);
}
function checkAll(paths, ctx) {
    return collectTemplateFiles(paths, ctx.cwd).map((path) => checkTemplateFile(readTemplateFile(path, ctx.cwd)));
}
const validate = {
    name: 'template validate',
    summary: 'check template files locally (no server needed)',
    usage: '<file|dir>...',
    description: 'Directories are searched for *.yaml, *.yml and *.json files. Exits 2 if any template is invalid.',
    options: {},
    positionals: { min: 1, max: Infinity },
    async run(args, ctx) {
        let invalid = 0;
        for (const t of checkAll(args.positionals, ctx)) {
            if (t.ok)
                ctx.out(`ok ${t.label}: ${templateRef(t.definition)} (${t.definition.steps.length} step${t.definition.steps.length === 1 ? '' : 's'})`);
            else {
                invalid++;
                printTemplateError(t.label, t.error, ctx);
            }
        }
        return invalid > 0 ? ExitCode.usage : ExitCode.ok;
    },
};
const apply = {
    name: 'template apply',
    summary: 'register template files with a running server',
    usage: '<file|dir>... [--server URL]',
    description: 'Each template is checked locally first, then registered through the HTTP API.\n' +
        'Prints "created" or "unchanged" (identical template already registered) per template.\n' +
        'Changing a registered version is refused: give the changed template a new version.',
    options: { ...clientOptions },
    positionals: { min: 1, max: Infinity },
    async run(args, ctx) {
        // Child workflows are registered before the templates that start them.
        const checked = childrenFirst(checkAll(args.positionals, ctx), (t) => (t.ok ? t.definition : undefined));
        const client = clientFor(args, ctx);
        let worst = ExitCode.ok;
        for (const t of checked) {
            if (!t.ok) {
                printTemplateError(t.label, t.error, ctx);
                worst = Math.max(worst, ExitCode.usage);
                continue;
            }
            try {
                const { created } = await client.registerTemplate(t.source, { format: t.format });
                ctx.out(`${created ? 'created' : 'unchanged'} ${templateRef(t.definition)} (${t.label})`);
            }
            catch (err) {
                // The server is unreachable or refuses auth: every other file would fail the same way.
                if (err instanceof BatonError && ['unavailable', 'unauthorized', 'forbidden'].includes(err.code))
                    throw err;
                if (err instanceof BatonError)
                    printTemplateError(t.label, err, ctx);
                else
                    throw err;
                worst = Math.max(worst, exitCodeFor(err));
            }
        }
        return worst;
    },
};
export const commands = [validate, apply];
//# sourceMappingURL=template.js.map