import type { CliContext } from './args.js';
/** The CLI's exit codes (DESIGN §5, plus 3 for failures that are not the caller's). */
export declare const ExitCode: {
    readonly ok: 0;
    /** The task ended in error, cancelled or timed_out. */
    readonly taskFailed: 1;
    /** Bad flags, invalid config, invalid template or context. */
    readonly usage: 2;
    /** Anything else: the server cannot be reached, a conflict, an internal error. */
    readonly failure: 3;
};
/** An error that carries the exit code the CLI should end with. */
export declare class CliError extends Error {
    readonly exitCode: number;
    readonly detailLines: string[];
    constructor(message: string, exitCode: number, detailLines?: string[], options?: {
        cause?: unknown;
    });
}
export declare function exitCodeFor(err: unknown): number;
/** The lines under `error: <message>` that spell out an error's details (template issues, context errors, ...). */
export declare function detailLines(err: unknown): string[];
/** Prints `error: <message>`, its detail lines, and a stack only with BATON_DEBUG=1. */
export declare function printError(err: unknown, ctx: CliContext): void;
/** Left-aligned columns separated by two spaces; the last column is not padded. */
export declare function formatTable(headers: string[], rows: string[][]): string[];
/** `850ms`, `12.3s`, `4m05s`, `2h03m`. */
export declare function formatDuration(ms: number): string;
/** Duration between two ISO times; to now when `end` is missing; '' without a start. */
export declare function durationBetween(start: string | null, end: string | null, now?: number): string;
/** JSON on one line, cut to `max` characters. */
export declare function compactJson(value: unknown, max?: number): string;
/** Shell-quotes a string for a copy-paste command line. */
export declare function shellQuote(text: string): string;
