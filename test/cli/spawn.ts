/**
 * Runs the compiled CLI (`node bin/baton.js`) as a child process. dist/ must be
 * fresh: `npm test` compiles first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const BIN = join(ROOT, 'bin', 'baton.js');

if (!existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js'))) {
  throw new Error('dist/ is missing: run `npx tsc -p tsconfig.json` (npm test does) before the CLI tests');
}

/** The environment without any BATON_* variable of the developer's shell, plus `extra`. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('BATON_')) env[key] = value;
  return { ...env, ...extra };
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Running {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout; rejects if the process ends first or after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<Finished>;
}

const children = new Set<ChildProcess>();

export function startBaton(args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}): Running {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: cleanEnv(opts.env), stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<Finished>((resolveExit) => {
    child.on('close', (code, signal) => {
      children.delete(child);
      resolveExit({ code, signal, stdout, stderr });
    });
  });
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolveMatch, reject) => {
        const timer = setTimeout(() => {
          clearInterval(poll);
          reject(new Error(`no ${pattern} in stdout after ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
        }, timeoutMs);
        const poll = setInterval(() => {
          const match = pattern.exec(stdout);
          if (match) {
            clearInterval(poll);
            clearTimeout(timer);
            resolveMatch(match);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            clearInterval(poll);
            clearTimeout(timer);
            reject(new Error(`baton ${args.join(' ')} exited (${child.exitCode ?? child.signalCode}) before printing ${pattern}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
          }
        }, 25);
      });
    },
  };
}

/** Runs one command to completion. */
export function runBaton(args: string[], opts: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): Promise<Finished> {
  const running = startBaton(args, opts);
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const timer = setTimeout(() => running.child.kill('SIGKILL'), timeoutMs);
  return running.exited.finally(() => clearTimeout(timer));
}

/** Kills every child still running (afterAll). */
export async function killAll(): Promise<void> {
  const waits = [...children].map(
    (child) =>
      new Promise<void>((done) => {
        child.once('close', () => done());
        child.kill('SIGKILL');
      }),
  );
  await Promise.all(waits);
}

/** A temporary directory, removed by the returned function. */
export function tempDir(prefix = 'baton-cli-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
