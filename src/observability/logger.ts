import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { REDACTED, redactQuerySecrets } from '../config/redact.js';
import type { LogLevel } from '../config/schema.js';
import { createPrettyStream } from './pretty.js';

/** Baton's logger: pino's. Components take it injected and make child loggers with `reqId`, `taskId`, `step`, `workerId`. */
export type Logger = PinoLogger;

export interface CreateLoggerOptions {
  /** Minimum level written; `silent` writes nothing. */
  level: LogLevel;
  /** Human-readable lines (src/observability/pretty.ts) instead of JSON. @default false */
  pretty?: boolean;
  /** Where lines go. Default: standard output. */
  destination?: DestinationStream;
}

// Keys whose values never reach a log line, at the top level and two levels
// down (`req.headers.authorization`, `config.auth.hs256Secret`). pino's redaction
// matches exact paths, so each depth is listed.
const SECRET_KEYS = ['authorization', 'cookie', 'password', 'token', 'hs256Secret'];
// Request URLs (Fastify's `incoming request` line) keep their path but lose credential-like query values.
const URL_PATHS = ['url', 'req.url'];
const REDACT_PATHS = [...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]), ...URL_PATHS];

function censor(value: unknown, path: string[]): unknown {
  return path.at(-1) === 'url' && typeof value === 'string' ? redactQuerySecrets(value) : REDACTED;
}

/** Creates the process's root logger. */
export function createLogger(options: CreateLoggerOptions): Logger {
  const pinoOptions = { level: options.level, redact: { paths: REDACT_PATHS, censor } };
  if (options.pretty === true) {
    // Redaction happens before serialisation, so pretty lines are redacted too.
    return pino(pinoOptions, createPrettyStream(options.destination ?? process.stdout));
  }
  return options.destination === undefined ? pino(pinoOptions) : pino(pinoOptions, options.destination);
}
