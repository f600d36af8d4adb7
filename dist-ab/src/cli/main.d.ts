/**
 * `baton`: finds the command, parses its flags, runs it, and turns the outcome
 * into an exit code. Commands load lazily, so `baton task list` never loads
 * the database or the HTTP server.
 */
import { type CliContext } from './args.js';
/** Runs one `baton` invocation and returns its exit code; never calls process.exit. */
export declare function run(argv: string[], ctx: CliContext): Promise<number>;
/** The `baton` executable: runs with the process's arguments and exits with the command's code. */
export declare function main(argv?: string[]): Promise<never>;
