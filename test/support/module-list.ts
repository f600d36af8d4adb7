/**
 * Which modules an `import` loads: runs `node --import record-loads.mjs
 * list-modules.mjs <specifier>` (test/fixtures/package-project) in a fresh
 * process, where a loader hook records every module.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** A user's project: its scripts import `baton`, `baton/worker` and `baton/client`. */
export const PACKAGE_PROJECT = fileURLToPath(new URL('../fixtures/package-project/', import.meta.url));

/** Files of the packages `baton/client` must not load: pg and its parts, PGlite, Fastify and its plugins. */
export const SERVER_MODULES = /node_modules\/(pg|pg-[a-z-]+|pgpass|@electric-sql\/pglite|fastify|@fastify\/[a-z-]+)\//;

export interface ModuleList {
  specifier: string;
  /** The names the entry exports. */
  exported: string[];
  /** Module URLs (ESM) and file paths (CommonJS) the import loaded, built-ins as `node:…`. */
  loaded: string[];
}

/**
 * Imports `specifier` in a fresh `node` run in `cwd`, resolved from `scripts`
 * (a directory holding record-loads.mjs and list-modules.mjs), and lists the
 * modules that import loaded.
 */
export async function listModules(specifier: string, cwd: string, scripts = PACKAGE_PROJECT): Promise<ModuleList> {
  const dir = mkdtempSync(join(tmpdir(), 'baton-loads-'));
  try {
    const args = ['--import', join(scripts, 'record-loads.mjs'), join(scripts, 'list-modules.mjs'), specifier];
    const { stdout } = await promisify(execFile)(process.execPath, args, { cwd, env: { ...process.env, LOAD_LOG: join(dir, 'loads.txt') } });
    return JSON.parse(stdout) as ModuleList;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
