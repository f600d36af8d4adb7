import type { DestinationStream } from 'pino';
/** Formats one pino JSON line; a line that is not JSON is returned as it is. */
export declare function formatLogLine(line: string, opts: {
    colours: boolean;
}): string;
/** A pino destination that writes formatted lines to `target` (standard error by default). */
export declare function createPrettyStream(target?: {
    write(text: string): unknown;
    fd?: unknown;
}, opts?: {
    colours?: boolean;
}): DestinationStream;
