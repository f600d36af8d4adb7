import type { Logger } from 'pino';
import { type BatonConfig, type DeepPartial } from '../config/schema.js';
import type { Engine } from '../core/engine.js';
import type { TemplateDefinition } from '../domain/types.js';
import { type Runtime } from '../runtime.js';
import type { HandlerRegistration, Middleware } from '../worker/types.js';
import type { Worker } from '../worker/worker.js';
import { LocalClient } from './local-client.js';
import { type AnyWorkflow } from './workflow.js';
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
/**
 * A running Baton inside this process.
 *
 * @example
 * const baton = await Baton.start({ dataDir: 'memory://', templates: [orderWorkflow], port: false });
 * const task = await baton.client.submit(orderWorkflow, { order_id: 'o-1', items: [{ sku: 'a', qty: 1, price: 5 }] });
 * console.log((await baton.client.wait(task)).status);
 * await baton.stop();
 */
export declare class Baton {
    readonly runtime: Runtime;
    /** The HTTP API's base URL, when it is served. */
    readonly url: string | undefined;
    /** In-process typed client: submit, get, wait, cancel. */
    readonly client: LocalClient;
    private constructor();
    get engine(): Engine;
    /** The worker running the handlers, if any (add middleware with `worker.use`). */
    get worker(): Worker | undefined;
    get config(): BatonConfig;
    /**
     * Validates the configuration and templates, then opens the database (and
     * migrates it), starts the sweeps and a worker, registers the templates and
     * serves the API. Anything that fails undoes what was started.
     *
     * @throws BatonError `invalid_config`, `invalid_template` or `conflict` (a template version already stored with another definition).
     */
    static start(opts?: BatonStartOptions): Promise<Baton>;
    /** Stops serving, lets running steps finish (or hands them back), stops the sweeps and closes the database. Safe to call twice. */
    stop(): Promise<void>;
}
