/**
 * Loads a `--handlers` module: a JS module whose `default` or `handlers`
 * export is an array of HandlerRegistration (or an object whose values are),
 * and whose optional `middleware` export (a Middleware or an array of them)
 * wraps every one of those handlers.
 */
import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HandlerRegistration, Middleware } from '../worker/types.js';
import { CliError, ExitCode } from './output.js';

const EXAMPLE = 'export default [defineHandler("shop.validate_order", async (ctx) => ({ ok: true }))]';

function isRegistration(value: unknown): value is HandlerRegistration {
  if (typeof value !== 'object' || value === null) return false;
  const { name, fn } = value as { name?: unknown; fn?: unknown };
  return typeof name === 'string' && name !== '' && typeof fn === 'function';
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object')
    return `an object with keys ${
      Object.keys(value)
        .slice(0, 5)
        .map((k) => JSON.stringify(k))
        .join(', ') || '(none)'
    }`;
  return `a ${typeof value}`;
}

/**
 * The registrations in one export, or a reason it is not a list of them.
 * Exported for tests.
 */
export function registrationsOf(value: unknown): { handlers: HandlerRegistration[] } | { problem: string } {
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [`[${i}]`, v]) : typeof value === 'object' && value !== null ? Object.entries(value) : [];
  if (entries.length === 0) return { problem: Array.isArray(value) ? 'an empty array' : describe(value) };
  const bad = entries.filter(([, v]) => !isRegistration(v));
  if (bad.length > 0) {
    const [key, v] = bad[0];
    return { problem: `${describe(value)} whose entry ${key} is ${describe(v)}, not a {name, fn} registration (use defineHandler)` };
  }
  return { handlers: entries.map(([, v]) => v as HandlerRegistration) };
}

/**
 * The middleware in a `middleware` export (a function, or an array of
 * functions, applied in order, the first outermost), or a reason it is not.
 * Exported for tests.
 */
export function middlewareOf(value: unknown): { middleware: Middleware[] } | { problem: string } {
  if (typeof value === 'function') return { middleware: [value as Middleware] };
  if (!Array.isArray(value)) return { problem: describe(value) };
  const bad = value.findIndex((v) => typeof v !== 'function');
  if (bad >= 0) return { problem: `${describe(value)} whose entry [${bad}] is ${describe(value[bad])}` };
  return { middleware: value as Middleware[] };
}

/** What a handlers module gives a worker: its handlers, and the middleware around each of them. */
export interface HandlerModule {
  handlers: HandlerRegistration[];
  /** From the module's `middleware` export, in order (the first outermost); empty when it has none. */
  middleware: Middleware[];
}

/**
 * Imports the module at `spec` (resolved against `cwd`) and returns its handlers.
 *
 * @throws CliError (exit 2) as `loadHandlerModule` does.
 */
export async function loadHandlersModule(spec: string, cwd: string): Promise<HandlerRegistration[]> {
  return (await loadHandlerModule(spec, cwd)).handlers;
}

/**
 * Imports the module at `spec` (resolved against `cwd`) and returns its
 * handlers and middleware.
 *
 * @throws CliError (exit 2) when the module is missing, fails to load, or
 *   exports no usable handler list, or lists one handler name twice, or has a
 *   `middleware` export that is not a function or an array of functions.
 */
export async function loadHandlerModule(spec: string, cwd: string): Promise<HandlerModule> {
  const path = resolve(cwd, spec);
  if (!existsSync(path)) throw new CliError(`handlers module ${spec} not found (looked at ${path})`, ExitCode.usage);
  if (['.ts', '.mts', '.cts'].includes(extname(path))) {
    throw new CliError(`handlers module ${spec} is TypeScript; compile it to JavaScript (npm run build) and pass the .js file`, ExitCode.usage);
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (err) {
    throw new CliError(`cannot load handlers module ${spec}: ${(err as Error).message ?? String(err)}`, ExitCode.usage, [], { cause: err });
  }
  const problems: string[] = [];
  let handlers: HandlerRegistration[] | undefined;
  for (const key of ['default', 'handlers'] as const) {
    if (!(key in mod)) continue;
    const found = registrationsOf(mod[key]);
    if ('handlers' in found) {
      handlers = found.handlers;
      break;
    }
    problems.push(`its ${key} export is ${found.problem}`);
  }
  if (handlers === undefined) {
    const why = problems.length > 0 ? problems.join('; ') : 'it has neither a default nor a handlers export';
    throw new CliError(`handlers module ${spec} exports no handlers: ${why}`, ExitCode.usage, [
      '  a handlers module exports an array of handler registrations, e.g.',
      `    ${EXAMPLE}`,
    ]);
  }
  const seen = new Set<string>();
  for (const h of handlers) {
    if (seen.has(h.name)) throw new CliError(`handlers module ${spec} registers handler "${h.name}" twice`, ExitCode.usage);
    seen.add(h.name);
  }
  if (!('middleware' in mod) || mod.middleware === undefined) return { handlers, middleware: [] };
  const found = middlewareOf(mod.middleware);
  if ('problem' in found) {
    throw new CliError(`handlers module ${spec} has a middleware export that is ${found.problem}, not a middleware function or an array of them`, ExitCode.usage, [
      '  a middleware wraps every handler call: export const middleware = [async (ctx, next) => { const output = await next(); return output; }]',
    ]);
  }
  return { handlers, middleware: found.middleware };
}
