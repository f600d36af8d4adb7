import { booleanFlag, clientOptions } from '../args.js';
import { clientFor } from '../client-options.js';
import { ExitCode } from '../output.js';
import { renderOutcome } from '../task-render.js';
import { watchTask } from '../watch-stream.js';
/**
 * Follows a task's live events to its end, drawn in place on a terminal, as
 * appended lines otherwise; returns the exit code (1 unless it completed).
 */
export async function followTask(client, taskId, ctx, opts) {
    const line = opts.progressTo === 'out' ? ctx.out : ctx.err;
    const terminal = opts.progressTo === 'out' && ctx.env.TERM !== 'dumb' ? ctx.terminal : undefined;
    const mode = opts.json ? 'json' : terminal ? 'tty' : 'lines';
    const status = await watchTask(client, taskId, {
        mode,
        line,
        ...(terminal ? { write: terminal.write, columns: terminal.columns } : {}),
    });
    if (opts.outcome)
        renderOutcome(await client.get(taskId)).forEach((l) => ctx.out(l));
    return status === 'complete' ? ExitCode.ok : ExitCode.taskFailed;
}
export const watch = {
    name: 'task watch',
    summary: 'follow a task live until it ends',
    usage: '<task-id> [--json]',
    description: 'Shows each step with its state, attempt and duration as events arrive, redrawn in place on a\n' +
        'terminal (fan-out instances as a progress bar), as appended lines otherwise. With --json, prints\n' +
        'one event per line. A finished task is replayed. Exits 1 if the task ends in error, cancelled or timed_out.',
    options: { json: { type: 'boolean', description: 'print one JSON event per line' }, ...clientOptions },
    positionals: { min: 1, max: 1 },
    async run(args, ctx) {
        const asJson = booleanFlag(args, 'json');
        return followTask(clientFor(args, ctx), args.positionals[0], ctx, { json: asJson, progressTo: 'out', outcome: !asJson });
    },
};
//# sourceMappingURL=task-watch.js.map