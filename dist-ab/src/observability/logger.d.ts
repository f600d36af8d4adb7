import { type DestinationStream, type Logger as PinoLogger } from 'pino';
import type { LogLevel } from '../config/schema.js';
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
/** Creates the process's root logger. */
export declare function createLogger(options: CreateLoggerOptions): Logger;
