/**
 * `baton start` (API + background sweeps + a worker, one process) and
 * `baton server` (API + sweeps, no worker).
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { loadConfig, redactUrl } from '../../config/load.js';
import { createRuntime, type Runtime } from '../../runtime.js';
import { booleanFlag, configNumberFlag, globalConfigInput, stringFlag, type CliContext, type CommandSpec, type OptionSpecs, type ParsedArgs } from '../args.js';
import { createHeldCliLogger, loadCliConfig } from '../config.js';
import { loadHandlerModule, type HandlerModule } from '../handlers-module.js';
import { CliError, ExitCode, shellQuote } from '../output.js';
import { examplePaths, packageVersion } from '../package-info.js';
import { listenForShutdown } from '../signals.js';
import { readScheduleFiles, type ScheduleFile } from '../schedule-files.js';
import { applyScheduleFiles } from '../startup-schedules.js';
import { applyTemplates, exampleContexts, readTemplateDir, submitExampleTasks, warnUnhandledSteps, type ExampleTask, type ValidTemplate } from '../startup-templates.js';

const serverOptions = {
  port: { type: 'string', valueName: 'N', description: 'API port; 0 picks a free one (default: server.port, 8080)' },
  host: { type: 'string', valueName: 'HOST', description: 'API address (default: 127.0.0.1)' },
  insecure: { type: 'boolean', description: 'allow a non-loopback address with auth off' },
  templates: { type: 'string', valueName: 'DIR', description: 'apply every *.yaml, *.yml and *.json template in DIR at start' },
  schedules: { type: 'string', valueName: 'DIR', description: 'apply the schedules files (*.yaml, *.yml, *.json) in DIR at start' },
} as const satisfies OptionSpecs;

interface ServeMode {
  withWorker: boolean;
  what: string;
}

/** The URL a plain `baton task ...` in this directory would use, to tell whether the hint needs `--server`. */
function defaultClientUrl(args: ParsedArgs, ctx: CliContext): string | undefined {
  if (ctx.env.BATON_SERVER_URL) return ctx.env.BATON_SERVER_URL;
  try {
    const { file, flags } = globalConfigInput(args);
    return `http://127.0.0.1:${loadConfig({ cwd: ctx.cwd, env: ctx.env, flags, ...(file === undefined ? {} : { file }) }).server.port}`;
  } catch {
    return undefined;
  }
}

function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** How to run baton from this shell: `npx baton` when npm started this process (`npm start` or `npx baton` in a clone), where `baton` is not on PATH. */
function batonCommand(ctx: CliContext): string {
  return ['exec', 'start', 'run', 'run-script'].includes(ctx.env.npm_command ?? '') ? 'npx baton' : 'baton';
}

/** The "try it" lines: a `baton task submit` for one example and the same request with curl. */
function tryLines(url: string, example: { namespace: string; name: string; context: object }, needsServerFlag: boolean, baton = 'baton'): string[] {
  const context = JSON.stringify(example.context);
  const server = needsServerFlag ? ` --server ${url}` : '';
  const body = JSON.stringify({ namespace: example.namespace, name: example.name, context: example.context });
  return [
    'try:',
    `  ${baton} task submit ${example.namespace}/${example.name} --context ${shellQuote(context)} --wait${server}`,
    `  curl -s -X POST ${url}/v1/tasks -H 'content-type: application/json' -d ${shellQuote(body)}`,
  ];
}

async function serve(args: ParsedArgs, ctx: CliContext, mode: ServeMode): Promise<number> {
  const shutdown = listenForShutdown(ctx, mode.what);
  let runtime: Runtime | undefined;
  let releaseLogs = (): void => {};
  try {
    const insecure = booleanFlag(args, 'insecure') ? true : undefined;
    const config = loadCliConfig(args, ctx, {
      server: { port: configNumberFlag(args, 'port') as number | undefined, host: stringFlag(args, 'host'), insecure },
      worker: { concurrency: configNumberFlag(args, 'concurrency') as number | undefined },
    });
    // Log lines wait for the banner (or for the finally below, if start-up fails).
    const { logger, release } = createHeldCliLogger(config);
    releaseLogs = release;
    const templatesArg = stringFlag(args, 'templates');
    const handlersArg = mode.withWorker ? stringFlag(args, 'handlers') : undefined;
    const servingExamples = mode.withWorker && templatesArg === undefined && handlersArg === undefined;
    const examples = examplePaths();
    if (servingExamples && !existsSync(examples.handlersModule)) {
      throw new CliError(`the examples are not built (${examples.handlersModule} is missing); run \`npm run build\`, or pass --templates and --handlers`, ExitCode.failure);
    }
    const templatesDir = templatesArg ?? (servingExamples ? examples.templatesDir : undefined);
    const handlersPath = handlersArg ?? (servingExamples ? examples.handlersModule : undefined);

    // Everything that can be checked without the database is checked first.
    const templates: ValidTemplate[] = templatesDir === undefined ? [] : readTemplateDir(templatesDir, ctx.cwd, config.templates.maxSteps);
    const { handlers, middleware }: HandlerModule = handlersPath === undefined ? { handlers: [], middleware: [] } : await loadHandlerModule(handlersPath, ctx.cwd);
    // The examples' schedules sit beside their templates (examples/schedules).
    const exampleSchedules = servingExamples ? join(examples.templatesDir, '..', 'schedules') : undefined;
    const schedulesDir = stringFlag(args, 'schedules') ?? (exampleSchedules !== undefined && existsSync(exampleSchedules) ? exampleSchedules : undefined);
    const schedules: ScheduleFile[] = schedulesDir === undefined ? [] : readScheduleFiles([schedulesDir], ctx.cwd);
    if (mode.withWorker) warnUnhandledSteps(templates, handlers, logger);

    // The HTTP API is built before anything is written: it refuses an unsafe bind (auth off on a public address).
    runtime = await createRuntime({ config, logger, http: true, ...(handlers.length > 0 ? { handlers, middleware } : {}) });
    const applied = await applyTemplates(runtime.engine, templates);
    const scheduled = await applyScheduleFiles(runtime.engine, schedules);
    // Sample contexts sit beside the templates (examples/templates, examples/contexts): used for the hint, and seeded only for the examples.
    const contexts = templatesDir === undefined ? [] : exampleContexts(templates, join(templatesDir, '..', 'contexts'), logger);
    const seeded: ExampleTask[] = servingExamples ? await submitExampleTasks(runtime.engine, contexts, logger) : [];

    const url = await runtime.listen().catch((err: unknown) => {
      const code = (err as NodeJS.ErrnoException).code;
      const reason = code === 'EADDRINUSE' ? 'the address is in use; stop the other process or pass another --port' : (err as Error).message;
      throw new CliError(`cannot listen on ${config.server.host}:${config.server.port}: ${reason}`, code === 'EADDRINUSE' ? ExitCode.failure : ExitCode.usage, [], { cause: err });
    });

    ctx.out(`baton ${packageVersion()} ${mode.withWorker ? 'started' : 'server started'} (pid ${process.pid})`);
    ctx.out(`listening on ${url}`);
    ctx.out(`  database   ${config.database.url ? redactUrl(config.database.url) : `embedded, ${config.database.dataDir}`}`);
    if (templatesDir !== undefined) ctx.out(`  templates  ${templates.length} from ${displayPath(templatesDir, ctx.cwd)} (${applied.created} new, ${applied.unchanged} unchanged)`);
    if (schedulesDir !== undefined) ctx.out(`  schedules  ${scheduled.created + scheduled.replaced} from ${displayPath(schedulesDir, ctx.cwd)} (${scheduled.created} new)`);
    if (mode.withWorker) {
      const withMiddleware = middleware.length > 0 ? `, ${middleware.length} middleware` : '';
      ctx.out(handlers.length > 0 ? `  worker     ${handlers.length} handlers${withMiddleware}, concurrency ${config.worker.concurrency}` : '  worker     none (no --handlers)');
    }
    if (seeded.length > 0) ctx.out(`  submitted  ${seeded.length} example tasks: ${seeded.map((t) => `${t.namespace}/${t.name}`).join(', ')}`);
    const schemaless = templates.find((t) => t.definition.input_schema === undefined)?.definition;
    const example = contexts.find((c) => c.name === 'diamond') ?? contexts[0] ?? (schemaless ? { ...schemaless, context: {} } : undefined);
    if (example !== undefined) tryLines(url, example, defaultClientUrl(args, ctx) !== url, batonCommand(ctx)).forEach((line) => ctx.out(line));
    ctx.out('press Ctrl-C to stop');
    releaseLogs();

    await shutdown.wait();
    return ExitCode.ok;
  } finally {
    releaseLogs();
    // Stops taking requests first, then the worker (in-flight steps finish or are handed back), then the database.
    await runtime?.stop();
    shutdown.dispose();
  }
}

const start: CommandSpec = {
  name: 'start',
  summary: 'run everything in one process: API, orchestration and a worker',
  usage: '[--templates DIR] [--schedules DIR] [--handlers MODULE] [--port N] [--host HOST] [--database-url URL]',
  description:
    'Uses an embedded database (under --data-dir) unless --database-url is given.\n' +
    'With neither --templates nor --handlers it serves the bundled examples and, on a\n' +
    'fresh database, submits one task of each. SIGINT/SIGTERM stop it gracefully.',
  options: {
    ...serverOptions,
    handlers: { type: 'string', valueName: 'MODULE', description: 'JS module exporting the handlers this process runs' },
    concurrency: { type: 'string', valueName: 'N', description: 'steps run at once (default: worker.concurrency, 10)' },
  },
  positionals: { min: 0, max: 0 },
  run: (args, ctx) => serve(args, ctx, { withWorker: true, what: 'baton' }),
};

const server: CommandSpec = {
  name: 'server',
  summary: 'run the API and orchestration without a worker',
  usage: '[--templates DIR] [--schedules DIR] [--port N] [--host HOST] [--database-url URL]',
  description: 'Workers connect separately (`baton worker`, or any HTTP worker). SIGINT/SIGTERM stop it gracefully.',
  options: { ...serverOptions },
  positionals: { min: 0, max: 0 },
  run: (args, ctx) => serve(args, ctx, { withWorker: false, what: 'the server' }),
};

export const commands: CommandSpec[] = [start, server];
