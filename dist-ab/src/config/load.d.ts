import { type BatonConfig, type DeepPartial } from './schema.js';
export { redactConfig, redactUrl } from './redact.js';
export interface LoadConfigOptions {
    /** Config file (`--config`); a missing file is an error. Default: `BATON_CONFIG`, else `baton.toml` in `cwd` if present. */
    file?: string;
    /** Directory to find `baton.toml` in and to resolve `file` against. Default: `process.cwd()`. */
    cwd?: string;
    /** Environment to read `BATON_*` variables from. Default: `process.env`. */
    env?: NodeJS.ProcessEnv;
    /** Command-line flags, applied last. `undefined` values are ignored. */
    flags?: DeepPartial<BatonConfig>;
}
/** One problem found while loading; `BatonError.details.problems` lists them all. */
export interface ConfigProblem {
    /** Dotted TOML key, e.g. `server.port` or `environments.production.server.prot`. */
    key: string;
    /** The full sentence, as shown in the error message. */
    message: string;
    /** Where the value came from: the file, `[environments.x] in <file>`, a `BATON_*` variable, or `flags`. */
    source?: string;
}
export declare const DEFAULT_CONFIG_FILE = "baton.toml";
/**
 * Loads Baton's configuration: the file (`--config`, else `baton.toml` in the
 * working directory), its `[environments.<BATON_ENV>]` table merged over it,
 * then `BATON_*` variables, then flags; validated once against `configSchema`.
 *
 * @throws BatonError `invalid_config` listing every problem (unknown keys with
 *   their full path, bad values with what is expected and where they came from).
 */
export declare function loadConfig(opts?: LoadConfigOptions): BatonConfig;
