/**
 * The CLI's config and logger: global flags (plus a command's own) mapped into
 * loadConfig, and logs on standard error so standard output stays for results.
 */
import { pino } from 'pino';
import { loadConfig } from '../config/load.js';
import type { BatonConfig, DeepPartial } from '../config/schema.js';
import { createLogger, type Logger } from '../observability/logger.js';
import { globalConfigInput, mergeFlags, type CliContext, type ParsedArgs } from './args.js';

/**
 * Loads the configuration: file, environment overlay, `BATON_*` variables,
 * then the global flags and `extra` (a command's flags such as `--port`).
 *
 * @throws BatonError `invalid_config` naming every bad key (exit 2).
 */
export function loadCliConfig(args: ParsedArgs, ctx: CliContext, extra: DeepPartial<BatonConfig> = {}): BatonConfig {
  const { file, flags } = globalConfigInput(args);
  return loadConfig({ cwd: ctx.cwd, env: ctx.env, flags: mergeFlags(flags, extra), ...(file === undefined ? {} : { file }) });
}

/**
 * The process's logger, writing to standard error (synchronously, so nothing is
 * lost at exit): readable lines on a terminal, JSON otherwise, unless `log.pretty` says.
 */
export function createCliLogger(config: BatonConfig): Logger {
  return createLogger({
    level: config.log.level,
    pretty: config.log.pretty ?? process.stderr.isTTY === true,
    destination: pino.destination({ fd: 2, sync: true }),
  });
}
