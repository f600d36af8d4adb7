/**
 * A Baton server in the test process (real socket) and worker processes that
 * reach it over HTTP: the TypeScript fixture and the Python one. Side effects
 * are counted in per-process ledger files.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildTestServer } from '../support/server.js';
import type { BatonConfig } from '../../src/config/schema.js';
import type { Backend } from '../support/db.js';
import { startHarness, type Harness } from '../support/harness.js';
import { testLogger } from '../support/logger.js';
import { FIXTURES } from '../support/processes.js';

export interface LedgerLine {
  event: 'started' | 'done' | 'cancelled';
  task_id: string;
  step: string;
  attempt: number;
  pid: number;
  worker: 'ts' | 'py' | 'cli';
}

export interface WorkerProcess {
  proc: ChildProcess;
  output(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
}

export interface HttpServer {
  h: Harness;
  app: FastifyInstance;
  url: string;
  dir: string;
  /** Every ledger line written by every worker process so far. */
  ledger(): LedgerLine[];
  spawnWorker(kind: 'ts' | 'py', env?: Record<string, string>): WorkerProcess;
  /** `node bin/baton.js <args>`, its side effects in a ledger of its own. */
  spawnCli(args: string[]): WorkerProcess;
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export async function startHttpServer(backend: Backend, config: (c: BatonConfig) => void = () => {}): Promise<HttpServer> {
  const h = await startHarness(backend, { config });
  const app = await buildTestServer({ engine: h.engine, config: h.runtime.config, logger: testLogger });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), 'baton-http-'));
  const children = new Set<ChildProcess>();
  let ledgers = 0;
  const files: string[] = [];

  function spawnWorker(kind: 'ts' | 'py', env: Record<string, string> = {}): WorkerProcess {
    const script = kind === 'ts' ? [process.execPath, `${FIXTURES}http-ts-worker.mjs`] : ['python3', `${FIXTURES}http-python-worker.py`];
    return spawnLogged(kind, script, env);
  }

  function spawnLogged(kind: string, [cmd, ...args]: string[], env: Record<string, string> = {}): WorkerProcess {
    const ledger = join(dir, `ledger-${kind}-${++ledgers}.jsonl`);
    files.push(ledger);
    const proc = spawn(cmd, args, { env: { ...process.env, BATON_URL: url, LEDGER: ledger, PYTHONUNBUFFERED: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(proc);
    let out = '';
    const listeners = new Set<() => void>();
    const onData = (d: Buffer) => {
      out += d.toString();
      for (const l of [...listeners]) l();
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code, signal) => (children.delete(proc), resolve(code ?? (signal ? -1 : null)))));
    return {
      proc,
      output: () => out,
      exited,
      waitFor(pattern, timeoutMs = 30_000) {
        return new Promise((resolve, reject) => {
          const check = () => {
            const m = out.match(pattern);
            if (!m) return;
            listeners.delete(check);
            clearTimeout(timer);
            resolve(m);
          };
          const timer = setTimeout(() => (listeners.delete(check), reject(new Error(`timed out waiting for ${pattern}; output:\n${out}`))), timeoutMs);
          listeners.add(check);
          // `exited` never rejects.
          void exited.then(() => {
            if (listeners.has(check)) {
              listeners.delete(check);
              clearTimeout(timer);
              reject(new Error(`worker exited before ${pattern}; output:\n${out}`));
            }
          });
          check();
        });
      },
    };
  }

  return {
    h,
    app,
    url,
    dir,
    spawnWorker,
    spawnCli: (args) => spawnLogged('cli', [process.execPath, fileURLToPath(new URL('../../bin/baton.js', import.meta.url)), ...args]),
    ledger: () =>
      files.flatMap((f) =>
        existsSync(f)
          ? readFileSync(f, 'utf8')
              .split('\n')
              .filter(Boolean)
              .map((l) => JSON.parse(l) as LedgerLine)
          : [],
      ),
    async call(method, path, body) {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    async close() {
      for (const c of children) c.kill('SIGKILL');
      const closing = app.close();
      app.server.closeAllConnections();
      await closing;
      await h.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
