/**
 * The compiled CLI's exit codes and messages for commands that need no
 * running server, and `baton worker` on its own database.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killAll, ROOT, runBaton, startBaton, tempDir } from './spawn.js';

const dir = tempDir();

afterAll(async () => {
  await killAll();
  dir.remove();
});

describe('baton (no server needed)', () => {
  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const result = await runBaton(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it('an unknown command exits 2 and points at help', async () => {
    const result = await runBaton(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: unknown command "frobnicate"');
    expect(result.stderr).toContain('baton --help');
  });

  it('template validate prints ok per valid template and every issue of an invalid one, exit 2', async () => {
    const bad = join(dir.path, 'bad.yaml');
    writeFileSync(bad, 'namespace: x\nname: bad\nversion: 1.0.0\nsteps:\n  - name: a\n    handler: h\n    depends_on: [missing]\n  - name: b\n    retry: { max_attempts: 0 }\n');
    const result = await runBaton(['template', 'validate', 'examples/templates/diamond.yaml', bad]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^ok examples\/templates\/diamond\.yaml: examples\/diamond@1\.0\.0 \(4 steps\)$/m);
    expect(result.stderr).toContain(`error: ${bad}: invalid template x/bad@1.0.0 (3 problems):`);
    expect(result.stderr).toContain('  - step "a": depends_on[0] names unknown step "missing"');
    expect(result.stderr).toContain('  - step "b": handler is required');
    expect(result.stderr).toContain('  - step "b": retry.max_attempts must be an integer between 1 and 1000');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('template validate on the examples directory exits 0', async () => {
    const result = await runBaton(['template', 'validate', 'examples/templates']);
    expect(result.code, result.stderr).toBe(0);
    expect(
      result.stdout
        .trim()
        .split('\n')
        .every((line) => line.startsWith('ok ')),
    ).toBe(true);
  });

  it('an invalid config value stops start with exit 2, naming the key and where it came from', async () => {
    const result = await runBaton(['start', '--data-dir', join(dir.path, 'never')], { env: { BATON_PORT: 'abc' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('server.port');
    expect(result.stderr).toContain('BATON_PORT');
    expect(result.stderr).toMatch(/^error: invalid configuration/);
  });

  it('a bad flag value is a usage error (exit 2)', async () => {
    const result = await runBaton(['task', 'list', '--limit', 'lots', '--server', 'http://127.0.0.1:1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--limit must be an integer');
  });

  it('a context that is not a JSON object is refused before contacting the server (exit 2)', async () => {
    const result = await runBaton(['task', 'submit', 'a/b', '--context', '[1,2]', '--server', 'http://127.0.0.1:1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('must be a JSON object');
  });

  it('an unreachable server exits 3 with a hint to start one', async () => {
    const result = await runBaton(['task', 'list', '--server', 'http://127.0.0.1:1']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('error: cannot reach Baton at http://127.0.0.1:1: is `baton start` running?');
  });

  it('BATON_SERVER_URL picks the server when --server is absent', async () => {
    const result = await runBaton(['task', 'get', 'x'], { env: { BATON_SERVER_URL: 'http://127.0.0.1:2' } });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('http://127.0.0.1:2');
  });
});

describe('baton worker', () => {
  it('refuses a handlers module with no handler list (exit 2)', async () => {
    const module = join(dir.path, 'not-handlers.mjs');
    writeFileSync(module, 'export default { answer: 42 };\n');
    const result = await runBaton(['worker', '--handlers', module, '--data-dir', join(dir.path, 'unused')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`handlers module ${module} exports no handlers`);
  });

  it('says when it is ready, and SIGINT stops it with exit 0', async () => {
    const worker = startBaton([
      'worker',
      '--handlers',
      'dist/examples/handlers/index.js',
      '--concurrency',
      '3',
      '--data-dir',
      join(dir.path, 'worker-data'),
      '--log-level',
      'warn',
    ]);
    const ready = new Promise<void>((resolve, reject) => {
      const poll = setInterval(() => {
        if (/worker ready: handlers .*examples\.square.*; concurrency 3/.test(worker.stderr())) {
          clearInterval(poll);
          resolve();
        } else if (worker.child.exitCode !== null) {
          clearInterval(poll);
          reject(new Error(`worker exited early: ${worker.stderr()}`));
        }
      }, 25);
    });
    await ready;
    worker.child.kill('SIGINT');
    const done = await worker.exited;
    expect(done.code, done.stderr).toBe(0);
  }, 90_000);
});
