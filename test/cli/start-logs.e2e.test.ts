/**
 * What a first `baton start` shows. On a terminal (a pseudo-terminal from
 * util-linux `script`): the banner, then readable log lines. Through a pipe:
 * the banner on stdout and JSON lines on stderr. Either way the examples'
 * simulated failure (examples/import_with_checkpoint fails once at record 25)
 * is one line without a stack.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, killAll, ROOT, startBaton, tempDir } from './spawn.js';

const FAILURE = 'simulated failure at record 25 (1 of 1)';
const PRETTY_LINE = /^\d\d:\d\d:\d\d\.\d{3} (TRACE|DEBUG|INFO |WARN |ERROR|FATAL) /;
// PGlite's first start takes ~3 s alone, far longer on a loaded machine.
const START_MS = 80_000;

const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

async function waitUntil(done: () => boolean, describeState: () => string): Promise<void> {
  const deadline = Date.now() + START_MS;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out; output so far:\n${describeState()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const shellQuote = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`;

describe('baton start logs', () => {
  const dir = tempDir();
  let scriptChild: ChildProcess | undefined;
  let batonPid: number | undefined;

  afterAll(async () => {
    if (batonPid !== undefined && scriptChild?.exitCode === null) process.kill(batonPid, 'SIGKILL');
    scriptChild?.kill('SIGKILL');
    await killAll();
    dir.remove();
  });

  it.skipIf(!hasScript)(
    'on a terminal: the banner first, then readable lines; the simulated failure is one line, no stack',
    async () => {
      const command = [process.execPath, BIN, 'start', '--port', '0', '--data-dir', join(dir.path, 'tty')].map(shellQuote).join(' ');
      // `script` runs the command on a pseudo-terminal (its stdin, stdout and stderr) and copies the terminal's output to its stdout.
      const child = spawn('script', ['-qfc', command, '/dev/null'], { cwd: ROOT, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
      scriptChild = child;
      let output = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
      const exited = new Promise<void>((resolveExit) => child.on('close', () => resolveExit()));
      // eslint-disable-next-line no-control-regex -- strips ANSI colour codes, which start with ESC
      const text = () => output.replaceAll('\r', '').replace(/\x1b\[[0-9;]*m/g, '');

      await waitUntil(() => text().includes('press Ctrl-C to stop') && text().includes(FAILURE), text);
      batonPid = Number(/started \(pid (\d+)\)/.exec(text())![1]);
      process.kill(batonPid, 'SIGINT');
      await exited;

      expect(output).toContain('\x1b['); // coloured: the logger saw a terminal
      const lines = text()
        .split('\n')
        .filter((l) => l !== '');
      expect(lines[0]).toMatch(/^baton \S+ started \(pid \d+\)$/);
      expect(lines[1]).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
      const end = lines.indexOf('press Ctrl-C to stop');
      expect(lines.slice(0, end).filter((l) => PRETTY_LINE.test(l))).toEqual([]);
      const logs = lines.slice(end + 1).filter((l) => !l.startsWith('SIGINT: stopping baton'));
      expect(logs.length).toBeGreaterThan(0);
      // Every line after the banner is a readable log line: no JSON, no stack lines.
      for (const line of logs) expect(line).toMatch(PRETTY_LINE);
      expect(logs.filter((l) => l.includes(FAILURE))).toEqual([
        expect.stringMatching(/^\S+ INFO {2}step attempt failed {2}.*step=import .*error="simulated failure at record 25 \(1 of 1\)" code=simulated_failure$/),
      ]);
    },
    START_MS + 20_000,
  );

  it(
    'through a pipe: the banner on stdout, JSON lines on stderr; the simulated failure is one line, no stack',
    async () => {
      const server = startBaton(['start', '--port', '0', '--data-dir', join(dir.path, 'piped')]);
      await waitUntil(
        () => server.stdout().includes('press Ctrl-C to stop') && server.stderr().includes(FAILURE),
        () => server.stdout() + server.stderr(),
      );
      server.child.kill('SIGINT');
      const done = await server.exited;
      expect(done.code, done.stderr).toBe(0);

      expect(done.stdout).toMatch(/^baton \S+ started \(pid \d+\)\nlistening on /);
      const lines = done.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('SIGINT: stopping baton'));
      const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(entries.filter((e) => e.error === FAILURE)).toEqual([
        expect.objectContaining({ level: 30, msg: 'step attempt failed', step: 'import', attempt: 1, code: 'simulated_failure' }),
      ]);
      expect(lines.find((l) => l.includes(FAILURE))).not.toMatch(/"err"|stack|\\n\s+at /);
    },
    START_MS + 20_000,
  );
});
