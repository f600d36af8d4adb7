import { BatonClient } from '../sdk/client.js';
import { type CliContext, type ParsedArgs } from './args.js';
/**
 * `--server`, else `BATON_SERVER_URL`, else `http://127.0.0.1:<server.port>`
 * of the loaded config (so a `baton.toml` that moves the port is followed).
 */
export declare function serverUrl(args: ParsedArgs, ctx: CliContext): string;
/** `--token`, else `BATON_TOKEN`. */
export declare function bearerToken(args: ParsedArgs, ctx: CliContext): string | undefined;
/**
 * How long a command retries a transient failure (a server restarting, a 503
 * or 429): long enough to ride out a restart, short enough that a server that
 * is not running is reported promptly.
 */
export declare const CLI_RETRY_DEADLINE_MS = 5000;
export declare function clientFor(args: ParsedArgs, ctx: CliContext): BatonClient;
