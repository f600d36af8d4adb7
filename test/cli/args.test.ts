import { describe, expect, it } from 'vitest';
import { configNumberFlag, globalConfigInput, intFlag, mergeFlags, parseCommandArgs, parseLabels, splitLeadingGlobals, UsageError, type CliContext } from '../../src/cli/args.js';
import { parseTemplateRef, readContext } from '../../src/cli/commands/task.js';
import { run } from '../../src/cli/main.js';
import { CliError } from '../../src/cli/output.js';

const spec = {
  name: 'task submit',
  options: {
    wait: { type: 'boolean', description: '' },
    tag: { type: 'string', multiple: true, description: '' },
    priority: { type: 'string', description: '' },
  },
  positionals: { min: 1, max: 1 },
} as const;

function capture(env: NodeJS.ProcessEnv = {}): CliContext & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { env, cwd: process.cwd(), stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

describe('argument parsing', () => {
  it('parses command flags, repeated flags and global flags in any position', () => {
    const args = parseCommandArgs(spec, ['--config', 'x.toml', 'shop/order', '--tag', 'a', '--wait', '--tag=b', '--data-dir', '/d']);
    expect(args.positionals).toEqual(['shop/order']);
    expect(args.values).toMatchObject({ config: 'x.toml', tag: ['a', 'b'], wait: true, 'data-dir': '/d' });
  });

  it('rejects unknown options, missing and extra arguments as usage errors naming the command', () => {
    expect(() => parseCommandArgs(spec, ['a/b', '--nope'])).toThrow(UsageError);
    expect(() => parseCommandArgs(spec, ['a/b', '--nope'])).toThrow(/unknown option '--nope'/);
    expect(() => parseCommandArgs(spec, [])).toThrow(/missing argument/);
    expect(() => parseCommandArgs(spec, ['a/b', 'c/d'])).toThrow(/unexpected argument: "c\/d"/);
    try {
      parseCommandArgs(spec, ['--wait=yes', 'a/b']);
      expect.unreachable();
    } catch (err) {
      expect((err as UsageError).command).toBe('task submit');
    }
  });

  it('skips leading global flags to find the command word', () => {
    expect(splitLeadingGlobals(['--config', 'b.toml', '--log-level=debug', 'task', 'list'])).toEqual({
      globals: ['--config', 'b.toml', '--log-level=debug'],
      rest: ['task', 'list'],
    });
    expect(() => splitLeadingGlobals(['--config'])).toThrow(/--config needs a value/);
  });

  it('reads integer flags strictly, naming the flag when a value is bad', () => {
    const args = (priority: string) => parseCommandArgs(spec, ['a/b', `--priority=${priority}`]);
    expect(intFlag(args('7'), 'priority')).toBe(7);
    expect(intFlag(args('-3'), 'priority')).toBe(-3);
    expect(() => intFlag(args('1.5'), 'priority')).toThrow('--priority must be an integer, got "1.5"');
    expect(() => intFlag(args('0'), 'priority', { min: 1 })).toThrow('--priority must be an integer >= 1');
  });

  it('passes numeric config flags through as numbers and anything else as text for the config loader to reject', () => {
    const args = (port: string) => parseCommandArgs({ name: 'start', options: { port: { type: 'string', description: '' } }, positionals: { min: 0, max: 0 } }, ['--port', port]);
    expect(configNumberFlag(args('0'), 'port')).toBe(0);
    expect(configNumberFlag(args('abc'), 'port')).toBe('abc');
  });

  it('maps global flags into loadConfig input', () => {
    const args = parseCommandArgs(spec, ['a/b', '--config', 'c.toml', '--database-url', 'postgres://h/db', '--data-dir', 'd', '--log-level', 'debug']);
    expect(globalConfigInput(args)).toEqual({
      file: 'c.toml',
      flags: { database: { url: 'postgres://h/db', dataDir: 'd' }, log: { level: 'debug' } },
    });
    expect(mergeFlags({ database: { dataDir: 'd' } }, { server: { port: 1, host: undefined }, worker: { concurrency: undefined } })).toEqual({
      database: { dataDir: 'd' },
      server: { port: 1 },
    });
  });

  it('parses worker labels from comma lists and repeated flags', () => {
    expect(parseLabels(['gpu=true,zone=eu-1', 'tier = fast'])).toEqual({ gpu: 'true', zone: 'eu-1', tier: 'fast' });
    expect(() => parseLabels(['gpu'])).toThrow(/key=value/);
  });

  it('parses template references and contexts', () => {
    expect(parseTemplateRef('shop/order')).toEqual({ namespace: 'shop', name: 'order' });
    expect(parseTemplateRef('shop/order@1.2.0')).toEqual({ namespace: 'shop', name: 'order', version: '1.2.0' });
    expect(() => parseTemplateRef('order')).toThrow(/namespace\/name/);
    expect(readContext(undefined, '.')).toEqual({});
    expect(readContext('{"a":1}', '.')).toEqual({ a: 1 });
    expect(readContext('@-', '.', () => '{"b":2}')).toEqual({ b: 2 });
    expect(() => readContext('[1]', '.')).toThrow(CliError);
    expect(() => readContext('{oops', '.')).toThrow(/not valid JSON/);
    expect(() => readContext('@/no/such/file.json', '.')).toThrow(/cannot read context file/);
  });
});

describe('run (in process)', () => {
  it('exits 2 for an unknown command and suggests a close one', async () => {
    const ctx = capture();
    expect(await run(['tsk'], ctx)).toBe(2);
    expect(ctx.stderr[0]).toContain('unknown command "tsk" (did you mean "task"?)');
  });

  it('exits 2 for an unknown subcommand, and for a group without one (printing its commands)', async () => {
    const ctx = capture();
    expect(await run(['task', 'destroy'], ctx)).toBe(2);
    expect(ctx.stderr[0]).toContain('unknown task command "destroy"');
    const bare = capture();
    expect(await run(['task'], bare)).toBe(2);
    expect(bare.stderr.join('\n')).toContain('baton task submit');
  });

  it('prints help for a command through `help` and --help', async () => {
    const viaHelp = capture();
    expect(await run(['help', 'task', 'submit'], viaHelp)).toBe(0);
    expect(viaHelp.stdout[0]).toMatch(/^usage: baton task submit <namespace\/name\[@version\]>/);
    const viaFlag = capture();
    expect(await run(['--log-level', 'warn', 'task', 'list', '--help'], viaFlag)).toBe(0);
    expect(viaFlag.stdout.join('\n')).toContain('--status S');
  });

  it('answers --help for every command with exit 0', async () => {
    const commands = [
      ['start'],
      ['server'],
      ['worker'],
      ['migrate'],
      ['template', 'validate'],
      ['template', 'apply'],
      ['task', 'submit'],
      ['task', 'get'],
      ['task', 'list'],
      ['task', 'cancel'],
    ];
    for (const command of commands) {
      const ctx = capture();
      expect(await run([...command, '--help'], ctx), command.join(' ')).toBe(0);
      expect(ctx.stdout[0]).toContain(`usage: baton ${command.join(' ')}`);
      expect(ctx.stdout.join('\n')).toContain('--config FILE');
    }
  });

  it('exits 2 for a config error raised while resolving the server address', async () => {
    const ctx = capture({ BATON_PORT: 'abc' });
    expect(await run(['task', 'list'], ctx)).toBe(2);
    expect(ctx.stderr[0]).toContain('server.port: expected an integer between 0 and 65535, got "abc" (from BATON_PORT)');
  });

  it('shows a stack trace only with BATON_DEBUG=1', async () => {
    const quiet = capture();
    await run(['task', 'list', '--limit', 'x'], quiet);
    expect(quiet.stderr.join('\n')).not.toMatch(/\n\s+at /);
    const debug = capture({ BATON_DEBUG: '1' });
    await run(['task', 'list', '--limit', 'x'], debug);
    expect(debug.stderr.join('\n')).toMatch(/\n\s+at /);
  });
});
