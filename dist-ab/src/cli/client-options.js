/**
 * Which server the HTTP commands talk to, and as whom.
 */
import { loadConfig } from '../config/load.js';
import { BatonClient } from '../sdk/client.js';
import { globalConfigInput, stringFlag } from './args.js';
/**
 * `--server`, else `BATON_SERVER_URL`, else `http://127.0.0.1:<server.port>`
 * of the loaded config (so a `baton.toml` that moves the port is followed).
 */
export function serverUrl(args, ctx) {
    const given = stringFlag(args, 'server') ?? nonEmpty(ctx.env.BATON_SERVER_URL);
    if (given !== undefined)
        return given;
    const { file, flags } = globalConfigInput(args);
    const config = loadConfig({ cwd: ctx.cwd, env: ctx.env, flags, ...(file === undefined ? {} : { file }) });
    return `http://127.0.0.1:${config.server.port}`;
}
/** `--token`, else `BATON_TOKEN`. */
export function bearerToken(args, ctx) {
    return stringFlag(args, 'token') ?? nonEmpty(ctx.env.BATON_TOKEN);
}
/**
 * How long a command retries a transient failure (a server restarting, a 503
 * or 429): long enough to ride out a restart, short enough that a server that
 * is not running is reported promptly.
 */
export const CLI_RETRY_DEADLINE_MS = 5_000;
export function clientFor(args, ctx) {
    const token = bearerToken(args, ctx);
    return new BatonClient(serverUrl(args, ctx), { ...(token === undefined ? {} : { token }), retry: { deadlineMs: CLI_RETRY_DEADLINE_MS } });
}
function nonEmpty(value) {
    return value === undefined || value.trim() === '' ? undefined : value;
}
//# sourceMappingURL=client-options.js.map