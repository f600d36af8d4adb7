import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import type { LogLevel } from '../config/schema.js';

/** Baton's logger: pino's. Components take it injected and make child loggers with `reqId`, `taskId`, `step`, `workerId`. */
export type Logger = PinoLogger;

export interface CreateLoggerOptions {
  /** Minimum level written; `silent` writes nothing. */
  level: LogLevel;
  /** Human-readable output through pino-pretty when it is installed; JSON otherwise. */
  pretty?: boolean;
  /** Where lines go. Default: standard output. */
  destination?: DestinationStream;
}

// Keys whose values never reach a log line, at the top level and two levels
// down (`req.headers.authorization`, `config.auth.hs256Secret`). pino's redaction
// matches exact paths, so each depth is listed.
const SECRET_KEYS = ['authorization', 'cookie', 'password', 'token', 'hs256Secret'];
const REDACT_PATHS = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

/** Creates the process's root logger. */
export function createLogger(options: CreateLoggerOptions): Logger {
  const pinoOptions = { level: options.level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  if (options.pretty === true) {
    const pretty = loadPinoPretty();
    if (pretty !== undefined) {
      return pino(pinoOptions, pretty(options.destination === undefined ? {} : { destination: options.destination }));
    }
    const logger = options.destination === undefined ? pino(pinoOptions) : pino(pinoOptions, options.destination);
    logger.warn('log.pretty is set but pino-pretty is not installed; writing JSON logs (npm install pino-pretty)');
    return logger;
  }
  return options.destination === undefined ? pino(pinoOptions) : pino(pinoOptions, options.destination);
}

type PinoPretty = (options: { destination?: DestinationStream }) => DestinationStream;

/** pino-pretty is an optional peer: resolved at call time, never a dependency. */
function loadPinoPretty(): PinoPretty | undefined {
  try {
    const loaded = createRequire(import.meta.url)('pino-pretty') as PinoPretty | { default: PinoPretty };
    return typeof loaded === 'function' ? loaded : loaded.default;
  } catch {
    return undefined;
  }
}
