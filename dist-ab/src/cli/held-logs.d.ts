/**
 * A log destination that holds its lines until `release()`. `baton start` logs
 * while it starts (auth is off, Fastify listening, the first example steps)
 * and prints its banner only once it listens; on a terminal both streams
 * interleave, so the lines wait and the banner comes first.
 */
import type { DestinationStream } from 'pino';
export interface HeldStream extends DestinationStream {
    fd?: unknown;
    /** Writes the held lines, in order, and every later one at once. Idempotent. */
    release(): void;
}
/**
 * Wraps `target`. Start-up is short and logs nothing while it waits (on a
 * migration lock or a database connection), so there is no time limit: the
 * command releases after its banner, and in its `finally` when start-up fails.
 * `fd` is passed through so the pretty printer still sees a terminal.
 */
export declare function holdLines(target: DestinationStream & {
    fd?: unknown;
}): HeldStream;
