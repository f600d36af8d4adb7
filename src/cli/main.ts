/**
 * `baton`: finds the command, parses its flags, runs it, and turns the outcome
 * into an exit code. Commands load lazily, so `baton task list` never loads
 * the database or the HTTP server.
 */
import { globalOptions, parseCommandArgs, splitLeadingGlobals, UsageError, type CliContext, type CommandSpec, type OptionSpecs } from './args.js';
import { suggestKey } from '../config/keys.js';
import { exitCodeFor, ExitCode, printError } from './output.js';
import { packageVersion } from './package-info.js';

interface CommandGroup {
  name: string;
  summary: string;
  /** Whether the group's commands take a second word (`task submit`). */
  hasSubcommands: boolean;
  load(): Promise<{ commands: CommandSpec[] }>;
}

const groups: CommandGroup[] = [
  { name: 'start', summary: 'run everything in one process (embedded database by default)', hasSubcommands: false, load: () => import('./commands/start.js') },
  { name: 'server', summary: 'run the API and orchestration, no worker', hasSubcommands: false, load: () => import('./commands/start.js') },
  { name: 'worker', summary: 'run handlers from a module against the shared database', hasSubcommands: false, load: () => import('./commands/worker.js') },
  { name: 'migrate', summary: 'create or upgrade the database schema', hasSubcommands: false, load: () => import('./commands/migrate.js') },
  { name: 'template', summary: 'validate or apply template files', hasSubcommands: true, load: () => import('./commands/template.js') },
  { name: 'task', summary: 'submit, inspect, list, watch, cancel and signal tasks', hasSubcommands: true, load: () => import('./commands/task.js') },
  { name: 'schedule', summary: 'create, apply, list, pause, resume, delete and trigger schedules', hasSubcommands: true, load: () => import('./commands/schedule.js') },
  { name: 'event', summary: 'send external events to the steps waiting for them', hasSubcommands: true, load: () => import('./commands/event.js') },
  { name: 'rate-limit', summary: 'declare and list the named rate limits steps use', hasSubcommands: true, load: () => import('./commands/rate-limit.js') },
  { name: 'prune', summary: 'delete finished tasks older than an age (--older-than 7d)', hasSubcommands: false, load: () => import('./commands/prune.js') },
  { name: 'bench', summary: 'measure throughput and latency on the configured database (JSON lines)', hasSubcommands: false, load: () => import('./commands/bench.js') },
  { name: 'token', summary: 'mint bearer tokens from the configured HS256 secret', hasSubcommands: true, load: () => import('./commands/token.js') },
  { name: 'openapi', summary: 'print the OpenAPI 3.1 document of the HTTP API (baton openapi > baton.json)', hasSubcommands: false, load: () => import('./commands/openapi.js') },
];

function mainHelp(): string[] {
  const width = Math.max(...groups.map((g) => g.name.length));
  return [
    'baton: durable workflows on PostgreSQL',
    '',
    'usage: baton <command> [options]',
    '',
    'commands:',
    ...groups.map((g) => `  ${g.name.padEnd(width)}  ${g.summary}`),
    `  ${'help'.padEnd(width)}  show help for a command: baton help task submit`,
    '',
    'global options:',
    ...optionLines(globalOptions),
    '  --version            print the version',
    '',
    'exit codes: 0 ok, 1 the task ended in error/cancelled/timed_out, 2 usage or validation error, 3 other failure',
  ];
}

function optionLines(options: OptionSpecs): string[] {
  const labels = Object.entries(options).map(([name, o]) => {
    const short = o.short ? `-${o.short}, ` : '';
    return [`${short}--${name}${o.type === 'string' ? ` ${o.valueName ?? 'VALUE'}` : ''}`, o.description] as const;
  });
  const width = Math.max(19, ...labels.map(([l]) => l.length));
  return labels.map(([label, description]) => `  ${label.padEnd(width)}  ${description}`);
}

function commandHelp(spec: CommandSpec): string[] {
  const lines = [`usage: baton ${spec.name} ${spec.usage}`.trimEnd(), '', spec.summary];
  if (spec.description) lines.push('', ...spec.description.split('\n'));
  if (Object.keys(spec.options).length > 0) lines.push('', 'options:', ...optionLines(spec.options));
  lines.push('', 'global options:', ...optionLines(globalOptions));
  return lines;
}

function groupHelp(group: CommandGroup, commands: CommandSpec[]): string[] {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `usage: baton ${group.name} <command> [options]`,
    '',
    ...commands.map((c) => `  baton ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    `run \`baton ${group.name} <command> --help\` for a command's options`,
  ];
}

/** A command the user probably meant: one starting with the word, else one within two edits. */
function closest(word: string, candidates: string[]): string | undefined {
  return candidates.find((c) => word.length >= 2 && c.startsWith(word)) ?? suggestKey(word, candidates);
}

function unknown(kind: string, word: string, candidates: string[], helpFor: string): UsageError {
  const guess = closest(word, candidates);
  const hint = guess === undefined ? '' : ` (did you mean "${guess}"?)`;
  return new UsageError(`unknown ${kind} ${JSON.stringify(word)}${hint}; commands: ${candidates.join(', ')}`, helpFor || undefined);
}

interface Resolved {
  spec?: CommandSpec;
  group?: CommandGroup;
  commands?: CommandSpec[];
  rest: string[];
}

/** Finds the command named by the leading words of `words`. */
async function resolveCommand(words: string[]): Promise<Resolved> {
  const [first, ...afterFirst] = words;
  const group = groups.find((g) => g.name === first);
  if (group === undefined) throw unknown('command', first, [...groups.map((g) => g.name), 'help'], '');
  const { commands } = await group.load();
  if (!group.hasSubcommands) return { spec: commands.find((c) => c.name === group.name)!, rest: afterFirst };
  const [second, ...rest] = afterFirst;
  if (second === undefined || second.startsWith('-')) return { group, commands, rest: afterFirst };
  const spec = commands.find((c) => c.name === `${group.name} ${second}`);
  if (spec === undefined)
    throw unknown(
      `${group.name} command`,
      second,
      commands.map((c) => c.name.split(' ')[1]),
      group.name,
    );
  return { spec, rest };
}

/** Runs one `baton` invocation and returns its exit code; never calls process.exit. */
export async function run(argv: string[], ctx: CliContext): Promise<number> {
  try {
    const { globals, rest } = splitLeadingGlobals(argv);
    const [word] = rest;
    if (word === '--version' || word === '-V' || word === 'version') {
      ctx.out(packageVersion());
      return ExitCode.ok;
    }
    if (word === undefined || word === '--help' || word === '-h') {
      mainHelp().forEach((line) => (word === undefined ? ctx.err(line) : ctx.out(line)));
      return word === undefined ? ExitCode.usage : ExitCode.ok;
    }
    if (word === 'help') {
      if (rest.length === 1) {
        mainHelp().forEach((line) => ctx.out(line));
        return ExitCode.ok;
      }
      const target = await resolveCommand(rest.slice(1));
      (target.spec ? commandHelp(target.spec) : groupHelp(target.group!, target.commands!)).forEach((line) => ctx.out(line));
      return ExitCode.ok;
    }
    if (word.startsWith('-')) throw new UsageError(`expected a command before ${word}`);
    const resolved = await resolveCommand(rest);
    if (resolved.spec === undefined) {
      const asked = resolved.rest.includes('--help') || resolved.rest.includes('-h');
      groupHelp(resolved.group!, resolved.commands!).forEach((line) => (asked ? ctx.out(line) : ctx.err(line)));
      return asked ? ExitCode.ok : ExitCode.usage;
    }
    const args = parseCommandArgs(resolved.spec, [...globals, ...resolved.rest]);
    if (args.values.help === true) {
      commandHelp(resolved.spec).forEach((line) => ctx.out(line));
      return ExitCode.ok;
    }
    return await resolved.spec.run(args, ctx);
  } catch (err) {
    printError(err, ctx);
    return exitCodeFor(err);
  }
}

/** A yes/no question on standard error, answered on standard input; only "y" or "yes" is a yes. */
async function askOnTerminal(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

/** The `baton` executable: runs with the process's arguments and exits with the command's code. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<never> {
  // `baton task list | head -1`: the reader going away is not an error of ours.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  const ctx: CliContext = {
    env: process.env,
    cwd: process.cwd(),
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    ...(process.stdout.isTTY ? { terminal: { columns: process.stdout.columns || 100, write: (text: string) => process.stdout.write(text) } } : {}),
    ...(process.stdin.isTTY ? { confirm: askOnTerminal } : {}),
  };
  const code = await run(argv, ctx);
  // Exit explicitly: an idle keep-alive socket or a library timer must not keep a finished command alive.
  process.exit(code);
}
