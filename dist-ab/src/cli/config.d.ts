/**
 * The CLI's config and logger: global flags (plus a command's own) mapped into
 * loadConfig, and logs on standard error so standard output stays for results.
 */
import { type DestinationStream } from 'pino';
import type { Db } from '../store/db.js';
import type { BatonConfig, DeepPartial } from '../config/schema.js';
import { type Logger } from '../observability/logger.js';
import { type CliContext, type ParsedArgs } from './args.js';
/**
 * Loads the configuration: file, environment overlay, `BATON_*` variables,
 * then the global flags and `extra` (a command's flags such as `--port`).
 *
 * @throws BatonError `invalid_config` naming every bad key (exit 2).
 */
export declare function loadCliConfig(args: ParsedArgs, ctx: CliContext, extra?: DeepPartial<BatonConfig>): BatonConfig;
/**
 * The process's logger, writing to standard error (synchronously, so nothing is
 * lost at exit): readable lines on a terminal, JSON otherwise, unless `log.format` says.
 */
export declare function createCliLogger(config: BatonConfig, destination?: DestinationStream): Logger;
/** The CLI logger with its lines held until `release()`: `baton start` prints its banner first. */
export declare function createHeldCliLogger(config: BatonConfig): {
    logger: Logger;
    release: () => void;
};
/**
 * Opens the configured database with one connection, for one-shot commands
 * (migrate, prune). `where` describes it for messages, with any password masked.
 */
export declare function openConfiguredDatabase(config: BatonConfig): Promise<{
    db: Db;
    where: string;
}>;
