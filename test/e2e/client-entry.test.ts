/**
 * The narrow package entries load only what they need: `baton/client` is for
 * processes that talk HTTP to a server and must not pull in a database driver
 * or a web server. Each entry is imported in a fresh Node process through the
 * package's own name, so package.json `exports` is what resolves it (dist/
 * must be built: `npm test` builds it first). test/e2e/package.test.ts checks
 * the same in a project that installed the packed tarball.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listModules, SERVER_MODULES } from '../support/module-list.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

describe('package entries', () => {
  it('baton/client gives the HTTP client and its errors, and loads no pg, PGlite or Fastify', async () => {
    const list = await listModules('baton/client', ROOT);
    expect(list.exported).toEqual(expect.arrayContaining(['BatonClient', 'BatonError', 'ErrorCodes', 'isBatonError']));
    expect(list.exported).not.toContain('Baton');
    expect(list.loaded.filter((m) => SERVER_MODULES.test(m))).toEqual([]);
    // Nothing but the package's own files and Node's built-ins.
    expect(list.loaded.filter((m) => m.includes('/node_modules/'))).toEqual([]);
    expect(list.loaded).toContain(new URL('dist/src/client.js', `file://${ROOT}/`).href);
  });

  it('baton/worker gives handlers and workers, and loads no pg, PGlite or Fastify', async () => {
    const list = await listModules('baton/worker', ROOT);
    expect(list.exported).toEqual(expect.arrayContaining(['defineHandler', 'Worker', 'startHttpWorker', 'PermanentError', 'isStepAbortedError']));
    expect(list.loaded.filter((m) => SERVER_MODULES.test(m))).toEqual([]);
  });

  it('baton no longer exports the Engine', async () => {
    const list = await listModules('baton', ROOT);
    expect(list.exported).toEqual(expect.arrayContaining(['Baton', 'BatonClient', 'createRuntime', 'defineHandler']));
    expect(list.exported).not.toContain('Engine');
  });
});
