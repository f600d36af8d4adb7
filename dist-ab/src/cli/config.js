/**
 * The CLI's config and logger: global flags (plus a command's own) mapped into
 * loadConfig, and logs on standard error so standard output stays for results.
 */
import { pino } from 'pino';
import { loadConfig, redactUrl } from '../config/load.js';
import { openDatabase } from '../store/open.js';
import { createLogger } from '../observability/logger.js';
import { globalConfigInput, mergeFlags } from './args.js';
import { holdLines } from './held-logs.js';
/**
 * Loads the configuration: file, environment overlay, `BATON_*` variables,
 * then the global flags and `extra` (a command's flags such as `--port`).
 *
 * @throws BatonError `invalid_config` naming every bad key (exit 2).
 */
export function loadCliConfig(args, ctx, extra = {}) {
    const { file, flags } = globalConfigInput(args);
    return loadConfig({ cwd: ctx.cwd, env: ctx.env, flags: mergeFlags(flags, extra), ...(file === undefined ? {} : { file }) });
}
/**
 * The process's logger, writing to standard error (synchronously, so nothing is
 * lost at exit): readable lines on a terminal, JSON otherwise, unless `log.format` says.
 */
export function createCliLogger(config, destination = pino.destination({ fd: 2, sync: true })) {
    const { format } = config.log;
    return createLogger({ level: config.log.level, pretty: format === 'pretty' || (format === 'auto' && process.stderr.isTTY === true), destination });
}
/** The CLI logger with its lines held until `release()`: `baton start` prints its banner first. */
export function createHeldCliLogger(config) {
    const held = holdLines(pino.destination({ fd: 2, sync: true }));
    return { logger: createCliLogger(config, held), release: () => held.release() };
}
/**
 * Opens the configured database with one connection, for one-shot commands
 * (migrate, prune). `where` describes it for messages, with any password masked.
 */
export async function openConfiguredDatabase(config) {
    const { database } = config;
    const where = database.url ? redactUrl(database.url) : `embedded database at ${database.dataDir}`;
    const db = await openDatabase({
        ...(database.url ? { url: database.url } : {}),
        dataDir: database.dataDir,
        schema: database.schema,
        poolSize: 1,
    });
    return { db, where };
}
//# sourceMappingURL=config.js.map