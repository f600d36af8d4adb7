import { pino } from 'pino';
import { REDACTED, redactQuerySecrets } from '../config/redact.js';
import { createPrettyStream } from './pretty.js';
// Keys whose values never reach a log line, at the top level and two levels
// down (`req.headers.authorization`, `config.auth.hs256Secret`). pino's redaction
// matches exact paths, so each depth is listed.
const SECRET_KEYS = ['authorization', 'cookie', 'password', 'token', 'hs256Secret'];
// Request URLs (Fastify's `incoming request` line) keep their path but lose credential-like query values.
const URL_PATHS = ['url', 'req.url'];
const REDACT_PATHS = [...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]), ...URL_PATHS];
function censor(value, path) {
    return path.at(-1) === 'url' && typeof value === 'string' ? redactQuerySecrets(value) : REDACTED;
}
/** Creates the process's root logger. */
export function createLogger(options) {
    const pinoOptions = { level: options.level, redact: { paths: REDACT_PATHS, censor } };
    if (options.pretty === true) {
        // Redaction happens before serialisation, so pretty lines are redacted too.
        return pino(pinoOptions, createPrettyStream(options.destination ?? process.stdout));
    }
    return options.destination === undefined ? pino(pinoOptions) : pino(pinoOptions, options.destination);
}
//# sourceMappingURL=logger.js.map