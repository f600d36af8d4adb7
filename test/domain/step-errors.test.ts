import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../src/errors.js';
import { isStepErrorCode, STEP_ERROR_CODES, stepError } from '../../src/domain/step-errors.js';

const SRC = new URL('../../src/', import.meta.url);

function sourceFiles(dir: URL): { path: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return sourceFiles(new URL(`${entry.name}/`, dir));
    if (!entry.name.endsWith('.ts')) return [];
    const url = new URL(entry.name, dir);
    return [{ path: url.pathname.slice(SRC.pathname.length), text: readFileSync(url, 'utf8') }];
  });
}

/** Literal `code:` values that are neither API nor step error codes, where they belong to something else. */
const FOREIGN_CODES: Record<string, string[]> = {
  // A zod issue code (config validation), not an error Baton answers with.
  'config/schema.ts': ['custom'],
};

describe('step error code registry', () => {
  const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.indexOf('## Step error codes'));
  const documented = new Map([...section.matchAll(/^\| `([a-z_]+)` \| (.+) \|$/gm)].map(([, code, meaning]) => [code, meaning]));

  it('has a "Step error codes" section in docs/errors.md', () => {
    expect(doc).toContain('## Step error codes');
    expect(documented.size).toBeGreaterThan(0);
  });

  it.each(Object.entries(STEP_ERROR_CODES))('documents %s with its registry description', (code, description) => {
    expect(documented.get(code)).toBe(description);
  });

  it('documents no step code that is not in the registry', () => {
    expect([...documented.keys()].filter((code) => !isStepErrorCode(code))).toEqual([]);
  });

  it('shares no code with the API error registry', () => {
    expect(Object.keys(STEP_ERROR_CODES).filter((code) => code in ErrorCodes)).toEqual([]);
  });

  it('makes step errors with registry codes only', () => {
    expect(stepError('timeout', 'step timed out')).toEqual({ message: 'step timed out', code: 'timeout' });
    expect(stepError('invalid_input', 'bad', [{ path: ['a'] }])).toEqual({ message: 'bad', code: 'invalid_input', details: [{ path: ['a'] }] });
    // (A code outside the registry does not type-check: `stepError` takes a StepErrorCode, and `npx tsc` checks src/.)
    expect(isStepErrorCode('made_up')).toBe(false);
    expect(isStepErrorCode('toString')).toBe(false);
  });

  it('is the source of every error code written in src/: no literal code outside the registries, and step codes only through stepError()', () => {
    const problems: string[] = [];
    for (const { path, text } of sourceFiles(SRC)) {
      if (path === 'domain/step-errors.ts' || path === 'errors.ts') continue;
      for (const match of text.matchAll(/\bcode:\s*(?:'([^']*)'|"([^"]*)"|(`[^`]*`))/g)) {
        const [, single, double, template] = match;
        const line = text.slice(0, match.index).split('\n').length;
        if (template !== undefined) {
          problems.push(`${path}:${line}: code built from a template literal ${template}; name a registry code`);
          continue;
        }
        const code = single ?? double;
        if (isStepErrorCode(code)) problems.push(`${path}:${line}: step code '${code}' written by hand; use stepError('${code}', ...)`);
        else if (!(code in ErrorCodes) && !FOREIGN_CODES[path]?.includes(code)) problems.push(`${path}:${line}: code '${code}' is in neither registry`);
      }
      for (const match of text.matchAll(/\bstepError\(\s*'([^']*)'/g)) {
        if (!isStepErrorCode(match[1])) problems.push(`${path}: stepError('${match[1]}') is not a registry code`);
      }
    }
    expect(problems).toEqual([]);
  });
});
