/**
 * The SDK's compile-time checks, really compiled: `test/sdk/tsconfig.json`
 * (the typing tests, the examples and src) must compile cleanly, and the
 * deliberately wrong `fixtures/type-errors.ts` must fail with exactly the
 * errors it announces, worded as users will read them.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const FIXTURE = 'test/sdk/fixtures/type-errors.ts';

interface Diagnostic {
  file: string;
  line: number;
  text: string;
}

function runTsc(project: string): Promise<{ code: number; diagnostics: Diagnostic[]; output: string }> {
  return new Promise((resolve) => {
    // Incremental: a rerun only rechecks what changed (the build info lives in node_modules/.cache).
    const buildInfo = `node_modules/.cache/baton-types-${project.replace(/[^a-z0-9]+/gi, '-')}.tsbuildinfo`;
    const args = [TSC, '-p', project, '--noEmit', '--pretty', 'false', '--incremental', '--tsBuildInfoFile', buildInfo];
    execFile(process.execPath, args, { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => {
      const diagnostics: Diagnostic[] = [];
      for (const line of stdout.split('\n')) {
        const match = /^(.+?)\((\d+),\d+\): error (TS\d+: .*)$/.exec(line);
        if (match) diagnostics.push({ file: match[1], line: Number(match[2]), text: match[3] });
        // Continuation lines (indented) belong to the diagnostic before them.
        else if (/^\s+\S/.test(line) && diagnostics.length > 0) diagnostics[diagnostics.length - 1].text += `\n${line.trim()}`;
      }
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, diagnostics, output: stdout });
    });
  });
}

/** `// expect-error: <text>` comments: the line after each must have an error containing the text. */
function expectations(): { line: number; text: string }[] {
  return readFileSync(new URL(`../../${FIXTURE}`, import.meta.url), 'utf8')
    .split('\n')
    .flatMap((line, i) => {
      const match = /^\s*\/\/ expect-error: (.+)$/.exec(line);
      return match ? [{ line: i + 2, text: match[1] }] : [];
    });
}

describe('SDK type checks', { timeout: 180_000 }, () => {
  // Both compilations run at once; each test awaits its own.
  const tests = runTsc('test/sdk/tsconfig.json');
  const fixture = runTsc('test/sdk/fixtures/tsconfig.json');

  it('npm run typecheck:tests passes: every expectTypeOf holds and every @ts-expect-error is an error', async () => {
    const { code, output } = await tests;
    expect(output).toBe('');
    expect(code).toBe(0);
  });

  it('the wrong fixture fails with exactly the announced errors', async () => {
    const { code, diagnostics } = await fixture;
    expect(code).not.toBe(0);
    const wanted = expectations();
    expect(wanted.length).toBeGreaterThanOrEqual(10);
    for (const d of diagnostics) expect(d.file, d.text).toBe(FIXTURE);
    const unexpected = diagnostics.filter((d) => !wanted.some((w) => w.line === d.line));
    expect(unexpected, 'errors on lines without an expect-error comment').toEqual([]);
    for (const w of wanted) {
      const found = diagnostics.filter((d) => d.line === w.line);
      expect(found, `line ${w.line}: one error`).toHaveLength(1);
      expect(found[0].text, `line ${w.line}`).toContain(w.text);
    }
  });
});
