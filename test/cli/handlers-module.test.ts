import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadHandlersModule, registrationsOf } from '../../src/cli/handlers-module.js';
import { CliError } from '../../src/cli/output.js';
import { tempDir } from './spawn.js';

const dir = tempDir('baton-handlers-');
afterAll(() => dir.remove());

let counter = 0;
function moduleFile(source: string, ext = '.mjs'): string {
  const file = join(dir.path, `m${counter++}${ext}`);
  writeFileSync(file, source);
  return file;
}

const registration = (name: string) => `{ name: ${JSON.stringify(name)}, fn: async () => ({ ok: true }) }`;

describe('loadHandlersModule', () => {
  it('takes an array from the default export', async () => {
    const handlers = await loadHandlersModule(moduleFile(`export default [${registration('a')}, ${registration('b')}];`), dir.path);
    expect(handlers.map((h) => h.name)).toEqual(['a', 'b']);
  });

  it('takes the handlers export, and an object whose values are registrations', async () => {
    const handlers = await loadHandlersModule(moduleFile(`export const handlers = { x: ${registration('x')}, y: ${registration('y')} };`), dir.path);
    expect(handlers.map((h) => h.name)).toEqual(['x', 'y']);
  });

  it('falls back to the handlers export when the default export is something else', async () => {
    const handlers = await loadHandlersModule(moduleFile(`export default 'hello';\nexport const handlers = [${registration('z')}];`), dir.path);
    expect(handlers.map((h) => h.name)).toEqual(['z']);
  });

  it('resolves a relative path against the given directory', async () => {
    const file = moduleFile(`export default [${registration('rel')}];`);
    const handlers = await loadHandlersModule(file.slice(dir.path.length + 1), dir.path);
    expect(handlers[0].name).toBe('rel');
  });

  it('loads the compiled examples module', async () => {
    const handlers = await loadHandlersModule('dist/examples/handlers/index.js', process.cwd());
    expect(handlers.map((h) => h.name)).toContain('shop.validate_order');
  });

  it.each([
    ['no usable export', 'export const x = 1;', /exports no handlers: it has neither a default nor a handlers export/],
    ['a number', 'export default 42;', /its default export is a number/],
    ['an empty array', 'export default [];', /its default export is an empty array/],
    ['a bad entry', `export default [${registration('ok')}, { name: 'bad' }];`, /entry \[1\] is an object with keys "name", not a \{name, fn\} registration/],
    ['a duplicate name', `export default [${registration('twice')}, ${registration('twice')}];`, /registers handler "twice" twice/],
    ['a module that throws', 'throw new Error("boom at import");', /cannot load handlers module .*: boom at import/],
  ])('rejects %s with exit code 2', async (_what, source, message) => {
    const promise = loadHandlersModule(moduleFile(source), dir.path);
    await expect(promise).rejects.toThrow(message);
    await expect(promise).rejects.toBeInstanceOf(CliError);
    await expect(promise).rejects.toMatchObject({ exitCode: 2 });
  });

  it('rejects a missing file and a TypeScript file with advice', async () => {
    await expect(loadHandlersModule('nope.js', dir.path)).rejects.toThrow(/handlers module nope.js not found/);
    await expect(loadHandlersModule(moduleFile('export default []', '.ts'), dir.path)).rejects.toThrow(/is TypeScript; compile it/);
  });
});

describe('registrationsOf', () => {
  it('accepts defineHandler-shaped values only', () => {
    const fn = async () => null;
    expect(registrationsOf([{ name: 'a', fn }])).toEqual({ handlers: [{ name: 'a', fn }] });
    expect(registrationsOf([{ name: '', fn }])).toHaveProperty('problem');
    expect(registrationsOf(null)).toEqual({ problem: 'null' });
  });
});
