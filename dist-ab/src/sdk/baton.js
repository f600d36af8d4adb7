/**
 * Library mode (DESIGN §3): the whole engine inside the user's own Node
 * process: database (embedded PGlite or PostgreSQL), background sweeps, a
 * worker for the given handlers, and (unless `port: false`) the HTTP API.
 */
import { readFileSync } from 'node:fs';
import { configSchema } from '../config/schema.js';
import { parseTemplateSource } from '../domain/template-parse.js';
import { validateTemplate } from '../domain/template-validate.js';
import { BatonError } from '../errors.js';
import { createRuntime } from '../runtime.js';
import { LocalClient } from './local-client.js';
import { Workflow } from './workflow.js';
function isTemplatePath(text) {
    return !text.includes('\n') && /\.(ya?ml|json)$/i.test(text.trim());
}
/** A template as a validated definition: checked before anything is opened. */
function toDefinition(template) {
    if (template instanceof Workflow)
        return template.build();
    if (typeof template !== 'string')
        return validateTemplate(template);
    const source = isTemplatePath(template) ? readFileSync(template.trim(), 'utf8') : template;
    return validateTemplate(parseTemplateSource(source));
}
/** The handlers given, then those of workflow templates; one registration per name. */
function collectHandlers(opts) {
    const byName = new Map();
    const fromWorkflows = (opts.templates ?? []).flatMap((t) => (t instanceof Workflow ? t.handlers : []));
    for (const handler of [...(opts.handlers ?? []), ...fromWorkflows]) {
        const known = byName.get(handler.name);
        if (known !== undefined && known !== handler)
            throw new TypeError(`Baton.start: two different handlers are named "${handler.name}"`);
        byName.set(handler.name, handler);
    }
    return [...byName.values()];
}
function buildConfig(opts) {
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
    if (parsed.success)
        return parsed.data;
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
    runtime;
    url;
    /** In-process typed client: submit, get, wait, cancel. */
    client;
    constructor(runtime, 
    /** The HTTP API's base URL, when it is served. */
    url) {
        this.runtime = runtime;
        this.url = url;
        this.client = new LocalClient(runtime.engine);
    }
    get engine() {
        return this.runtime.engine;
    }
    /** The worker running the handlers, if any (add middleware with `worker.use`). */
    get worker() {
        return this.runtime.worker;
    }
    get config() {
        return this.runtime.config;
    }
    /**
     * Validates the configuration and templates, then opens the database (and
     * migrates it), starts the sweeps and a worker, registers the templates and
     * serves the API. Anything that fails undoes what was started.
     *
     * @throws BatonError `invalid_config`, `invalid_template` or `conflict` (a template version already stored with another definition).
     */
    static async start(opts = {}) {
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
            for (const definition of definitions)
                await runtime.engine.registerTemplate(definition);
            return new Baton(runtime, runtime.app ? await runtime.listen() : undefined);
        }
        catch (err) {
            await runtime.stop();
            throw err;
        }
    }
    /** Stops serving, lets running steps finish (or hands them back), stops the sweeps and closes the database. Safe to call twice. */
    stop() {
        return this.runtime.stop();
    }
}
//# sourceMappingURL=baton.js.map