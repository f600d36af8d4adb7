import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach } from 'vitest';
import { createTestDb, type TestDb } from './db.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export interface Child {
  proc: ChildProcess;
  output: () => string;
  /** Resolves when the process prints `line` on stdout. */
  waitFor(line: string | RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<number | null>;
}

/** Spawns a fixture (or any node script) and collects its output; children are killed by `killAll`. */
export function spawnNode(script: string, args: string[], env: Record<string, string>): Child {
  const proc = spawn(process.execPath, [script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  children.add(proc);
  // `exited` never rejects.
  void exited.then(() => children.delete(proc));
  return {
    proc,
    output: () => out,
    exited,
    waitFor(line, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const match = () => (typeof line === 'string' ? out.includes(line) : line.test(out));
        if (match()) return resolve();
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${line}; output so far:\n${out}`)), timeoutMs);
        const check = () => {
          if (match()) {
            clearTimeout(timer);
            resolve();
          }
        };
        proc.stdout.on('data', check);
        proc.stderr.on('data', check);
        void exited.then(() => {
          if (!match()) {
            clearTimeout(timer);
            reject(new Error(`process exited before printing ${line}; output:\n${out}`));
          }
        });
      });
    },
  };
}

const children = new Set<ChildProcess>();

export function killAll(): void {
  for (const c of children) c.kill('SIGKILL');
  children.clear();
}

/** Columns of the side-effect tables the fixture workers write (`ledger`, `started`). */
export const LEDGER_COLUMNS = '(task_id uuid, step text, attempt int, pid int)';

/**
 * For tests that spawn processes against real PostgreSQL: `open` makes this
 * test's fresh schema, with the named side-effect tables; after each test
 * every spawned process is killed and the schema dropped.
 */
export function useProcessSchema(): { open(tables: Record<string, string>): Promise<TestDb>; readonly current: TestDb } {
  let testDb: TestDb | undefined;
  afterEach(async () => {
    killAll();
    await testDb?.close();
    testDb = undefined;
  });
  afterAll(() => killAll());
  return {
    async open(tables) {
      testDb = await createTestDb('pg');
      for (const [name, columns] of Object.entries(tables)) await testDb.db.query(`CREATE TABLE ${name} ${columns}`);
      return testDb;
    },
    get current() {
      if (!testDb) throw new Error('useProcessSchema: open() has not been called in this test');
      return testDb;
    },
  };
}
