/** `baton task retry-step|resolve-step`: operator actions on one step, over the HTTP API. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { booleanFlag, clientOptions, stringFlag, UsageError, type CliContext, type CommandSpec } from '../args.js';
import { clientFor } from '../client-options.js';
import { ExitCode } from '../output.js';
import { renderTaskDetail } from '../task-render.js';

const json = { type: 'boolean', description: 'print the task as JSON' } as const;

function show(ctx: CliContext, asJson: boolean, task: Parameters<typeof renderTaskDetail>[0]): void {
  if (asJson) ctx.out(JSON.stringify(task, null, 2));
  else renderTaskDetail(task).forEach((line) => ctx.out(line));
}

function readOutput(value: string | undefined, cwd: string): unknown {
  if (value === undefined) return null;
  const text = value.startsWith('@') ? readFileSync(resolve(cwd, value.slice(1)), 'utf8') : value;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--output is not valid JSON: ${(err as Error).message}`);
  }
}

export const retryStep: CommandSpec = {
  name: 'task retry-step',
  summary: 're-run a step in error and what it blocked (the task reopens)',
  usage: '<task-id> <step> [--json]',
  options: { json, ...clientOptions },
  positionals: { min: 2, max: 2 },
  async run(args, ctx) {
    const [id, step] = args.positionals;
    show(ctx, booleanFlag(args, 'json'), await clientFor(args, ctx).retryStep(id, step));
    return ExitCode.ok;
  },
};

export const resolveStep: CommandSpec = {
  name: 'task resolve-step',
  summary: 'mark a step resolved with an output; its dependents go on',
  usage: '<task-id> <step> [--output <json|@file>] [--json]',
  options: { output: { type: 'string', valueName: 'JSON', description: 'the output the dependents receive (default null)' }, json, ...clientOptions },
  positionals: { min: 2, max: 2 },
  async run(args, ctx) {
    const [id, step] = args.positionals;
    const output = readOutput(stringFlag(args, 'output'), ctx.cwd);
    show(ctx, booleanFlag(args, 'json'), await clientFor(args, ctx).resolveStep(id, step, output));
    return ExitCode.ok;
  },
};
