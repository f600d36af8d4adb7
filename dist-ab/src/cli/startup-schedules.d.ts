/** Schedules `baton start` / `baton server` apply at start-up (`--schedules DIR`; the examples' by default). */
import type { Engine } from '../core/engine.js';
import type { ScheduleFile } from './schedule-files.js';
/**
 * Creates or replaces every schedule of `files` (checked already). An
 * unchanged schedule keeps its next fire time, so a restart fires no slot twice.
 *
 * @throws CliError (exit 2) naming the file and schedule the server refused (unknown template, bad cron).
 */
export declare function applyScheduleFiles(engine: Engine, files: ScheduleFile[]): Promise<{
    created: number;
    replaced: number;
}>;
