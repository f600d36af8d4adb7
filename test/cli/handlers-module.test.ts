import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadHandlerModule, loadHandlersModule, middlewareOf, registrationsOf } from '../../src/cli/handlers-module.js';
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

describe('the middleware export', () => {
  it('is optional: a module without one has none', async () => {
    expect((await loadHandlerModule(moduleFile(`export default [${registration('plain')}];`), dir.path)).middleware).toEqual([]);
  });

  it('takes one function, or an array of them in order', async () => {
    const one = await loadHandlerModule(
      moduleFile(`export default [${registration('a')}];\nexport const middleware = async function audit(ctx, next) { return next(); };`),
      dir.path,
    );
    expect(one.middleware.map((m) => m.name)).toEqual(['audit']);
    const two = await loadHandlerModule(
      moduleFile(`export default [${registration('a')}];\nexport const middleware = [async function outer(c, n) { return n(); }, async function inner(c, n) { return n(); }];`),
      dir.path,
    );
    expect(two.handlers.map((h) => h.name)).toEqual(['a']);
    expect(two.middleware.map((m) => m.name)).toEqual(['outer', 'inner']);
  });

  it.each([
    ['a string', `'audit'`, /has a middleware export that is a string, not a middleware function or an array of them/],
    ['an object', `{ before() {} }`, /has a middleware export that is an object with keys "before", not a middleware function/],
    ['an array with a non-function', `[async (c, n) => n(), null]`, /has a middleware export that is an array of 2 whose entry \[1\] is null/],
  ])('rejects %s with exit code 2, naming the module', async (_what, value, message) => {
    const file = moduleFile(`export default [${registration('a')}];\nexport const middleware = ${value};`);
    const promise = loadHandlerModule(file, dir.path);
    await expect(promise).rejects.toThrow(message);
    await expect(promise).rejects.toThrow(`handlers module ${file} `);
    await expect(promise).rejects.toMatchObject({ exitCode: 2 });
  });

  it('loads the compiled example module with middleware: the example handlers, timing then freeze', async () => {
    const { handlers, middleware } = await loadHandlerModule('dist/examples/handlers/with-middleware.js', process.cwd());
    expect(handlers.map((h) => h.name)).toEqual((await loadHandlersModule('dist/examples/handlers/index.js', process.cwd())).map((h) => h.name));
    expect(middleware).toHaveLength(2);
    const frozen = { task: { id: 't1', context: { frozen: true } } } as unknown as Parameters<(typeof middleware)[1]>[0];
    await expect(middleware[1](frozen, async () => ({ ran: true }))).rejects.toMatchObject({ name: 'PermanentError', code: 'frozen' });
  });

  it('middlewareOf accepts functions only', () => {
    const fn = async () => null;
    expect(middlewareOf(fn)).toEqual({ middleware: [fn] });
    expect(middlewareOf([fn, fn])).toEqual({ middleware: [fn, fn] });
    expect(middlewareOf([])).toEqual({ middleware: [] });
    expect(middlewareOf(7)).toEqual({ problem: 'a number' });
  });
});
