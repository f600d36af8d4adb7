/**
 * `baton task watch`, and the live view `task submit --wait` shares with it.
 */
import type { BatonClient } from '../../sdk/client.js';
import { type CliContext, type CommandSpec } from '../args.js';
export interface FollowOptions {
    /** One JSON event per line instead of text. */
    json: boolean;
    /** Where progress goes: standard output, or standard error (when stdout is kept for a final JSON document). */
    progressTo: 'out' | 'err';
    /** Print the outcome (status, outputs, errors) at the end. */
    outcome: boolean;
}
/**
 * Follows a task's live events to its end, drawn in place on a terminal, as
 * appended lines otherwise; returns the exit code (1 unless it completed).
 */
export declare function followTask(client: BatonClient, taskId: string, ctx: CliContext, opts: FollowOptions): Promise<number>;
export declare const watch: CommandSpec;
