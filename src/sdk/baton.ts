/**
 * Library mode (DESIGN §3): the whole engine inside the user's own Node
 * process: database (embedded PGlite or PostgreSQL), background sweeps, a
 * worker for the given handlers, and (unless `port: false`) the HTTP API.
 */
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { configSchema, type BatonConfig, type DeepPartial } from '../config/schema.js';
import type { Engine } from '../core/engine.js';
import { parseTemplateSource } from '../domain/template-parse.js';
import { validateTemplate } from '../domain/template-validate.js';
import type { TemplateDefinition } from '../domain/types.js';
import { BatonError } from '../errors.js';
import { createRuntime, type Runtime } from '../runtime.js';
import type { HandlerRegistration, Middleware } from '../worker/types.js';
import type { Worker } from '../worker/worker.js';
import { LocalClient } from './local-client.js';
import { Workflow, type AnyWorkflow } from './workflow.js';

/** What `Baton.start` takes. */
export interface BatonStartOptions {
  /** PostgreSQL URL; absent means the embedded database. @default config.database.url */
  databaseUrl?: string;
  /** Embedded database directory; `memory://` keeps it in memory. @default config.database.dataDir ('./.baton/data') */
  dataDir?: string;
  /**
   * Templates to register at start: workflows (their handlers are run too),
   * definitions, template source text (YAML or JSON), or paths of `.yaml`,
   * `.yml` or `.json` files.
   */
  templates?: (AnyWorkflow | TemplateDefinition | string)[];
  /** Handlers this process runs; with none (and no workflow handlers), no worker is started. */
  handlers?: HandlerRegistration[];
  /** Middleware around every handler call (DESIGN §3). */
  middleware?: Middleware[];
  /** Port of the HTTP API; `false` serves none, 0 picks a free one. @default config.server.port (8080) */
  port?: number | false;
  /** Address of the HTTP API. @default config.server.host ('127.0.0.1') */
  host?: string;
  /** Any other configuration (DESIGN §6), camelCase, as in `baton.toml`. No file or environment is read. */
  config?: DeepPartial<BatonConfig>;
  /** @default a pino logger at config.log.level */
  logger?: Logger;
  /**
   * Wait for a PostgreSQL that does not answer yet (refused, starting up)
   * rather than reject: the start is retried with backoff, each wait logged at
   * warn, until the database answers. Other errors (bad credentials, bad
   * config) still reject at once. Set it in a process that may start before
   * its database. @default false
   */
  waitForDatabase?: boolean;
  /** Gives up a start still waiting for the database (`waitForDatabase`): `Baton.start` rejects with the signal's reason. */
  signal?: AbortSignal;
}

function isTemplatePath(text: string): boolean {
  return !text.includes('\n') && /\.(ya?ml|json)$/i.test(text.trim());
}

/** A template as a validated definition: checked before anything is opened. */
function toDefinition(template: AnyWorkflow | TemplateDefinition | string): TemplateDefinition {
  if (template instanceof Workflow) return template.build();
  if (typeof template !== 'string') return validateTemplate(template);
  const source = isTemplatePath(template) ? readFileSync(template.trim(), 'utf8') : template;
  return validateTemplate(parseTemplateSource(source));
}

/** The handlers given, then those of workflow templates; one registration per name. */
function collectHandlers(opts: BatonStartOptions): HandlerRegistration[] {
  const byName = new Map<string, HandlerRegistration>();
  const fromWorkflows = (opts.templates ?? []).flatMap((t) => (t instanceof Workflow ? t.handlers : []));
  for (const handler of [...(opts.handlers ?? []), ...fromWorkflows]) {
    const known = byName.get(handler.name);
    if (known !== undefined && known !== handler) throw new TypeError(`Baton.start: two different handlers are named "${handler.name}"`);
    byName.set(handler.name, handler);
  }
  return [...byName.values()];
}

function buildConfig(opts: BatonStartOptions): BatonConfig {
  const input = opts.config ?? {};
  const merged = {
    ...input,
    database: {
      ...input.database,
      ...(opts.databaseUrl !== undefined ? { url: opts.databaseUrl } : {}),
      ...(opts.dataDir !== undefined ? { dataDir: opts.dataDir } : {}),
    },
    server: {
      ...input.server,
      ...(typeof opts.port === 'number' ? { port: opts.port } : {}),
      ...(opts.host !== undefined ? { host: opts.host } : {}),
    },
  };
  const parsed = configSchema.safeParse(merged);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(config)'}: ${issue.message}`);
  throw new BatonError('invalid_config', `Baton.start: invalid configuration: ${problems.join('; ')}`, { details: { problems } });
}

/**
 * A running Baton inside this process.
 *
 * @example
 * const baton = await Baton.start({ dataDir: 'memory://', templates: [orderWorkflow], port: false });
 * const task = await baton.client.submit(orderWorkflow, { order_id: 'o-1', items: [{ sku: 'a', qty: 1, price: 5 }] });
 * console.log((await baton.client.wait(task)).status);
 * await baton.stop();
 */
export class Baton {
  /** In-process typed client: submit, get, wait, cancel. */
  readonly client: LocalClient;

  private constructor(
    readonly runtime: Runtime,
    /** The HTTP API's base URL, when it is served. */
    readonly url: string | undefined,
  ) {
    this.client = new LocalClient(runtime.engine);
  }

  get engine(): Engine {
    return this.runtime.engine;
  }

  /** The worker running the handlers, if any (add middleware with `worker.use`). */
  get worker(): Worker | undefined {
    return this.runtime.worker;
  }

  get config(): BatonConfig {
    return this.runtime.config;
  }

  /**
   * Validates the configuration and templates, then opens the database (and
   * migrates it), starts the sweeps and a worker, registers the templates and
   * serves the API. Anything that fails undoes what was started.
   *
   * @throws BatonError `invalid_config`, `invalid_template` or `conflict` (a template version already stored with another definition).
   */
  static async start(opts: BatonStartOptions = {}): Promise<Baton> {
    const config = buildConfig(opts);
    const handlers = collectHandlers(opts);
    const definitions = (opts.templates ?? []).map(toDefinition);
    const runtime = await createRuntime({
      config,
      http: opts.port !== false,
      ...(opts.logger ? { logger: opts.logger } : {}),
      ...(handlers.length > 0 ? { handlers } : {}),
      ...(opts.middleware ? { middleware: opts.middleware } : {}),
      ...(opts.waitForDatabase ? { waitForDatabase: true } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    try {
      for (const definition of definitions) await runtime.engine.registerTemplate(definition);
      return new Baton(runtime, runtime.app ? await runtime.listen() : undefined);
    } catch (err) {
      await runtime.stop();
      throw err;
    }
  }

  /** Stops serving, lets running steps finish (or hands them back), stops the sweeps and closes the database. Safe to call twice. */
  stop(): Promise<void> {
    return this.runtime.stop();
  }
}
