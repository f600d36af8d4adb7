import type { TaskStatus } from '../domain/types.js';
import type { BatonClient } from '../sdk/client.js';
export type WatchMode = 'tty' | 'lines' | 'json';
export interface WatchTaskOptions {
    mode: WatchMode;
    /** Writes one line (modes `lines` and `json`). */
    line(text: string): void;
    /** Writes raw text to the terminal (mode `tty`). */
    write?: (text: string) => void;
    /** Terminal width; longer lines are cut so that redrawing can count them. @default 100 */
    columns?: number;
    /** Redraws at most this often on a TTY. @default 100 */
    redrawMs?: number;
    signal?: AbortSignal;
}
/** Redraws a block of lines in place with ANSI cursor movement. */
export declare class InPlaceDrawer {
    private readonly write;
    private readonly columns;
    private drawn;
    constructor(write: (text: string) => void, columns: number);
    draw(lines: string[]): void;
}
/**
 * Streams the task's events until its end and returns its final status. The
 * stream replays the task from its first event, so a finished task is shown
 * whole too.
 */
export declare function watchTask(client: BatonClient, taskId: string, opts: WatchTaskOptions): Promise<TaskStatus>;
