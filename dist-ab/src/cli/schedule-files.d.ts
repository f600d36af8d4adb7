import type { ScheduleInput } from '../core/schedule-service.js';
export interface ScheduleFile {
    label: string;
    schedules: ScheduleInput[];
}
/** Files as given, directories by their `*.yaml`, `*.yml` and `*.json` entries (not recursive), sorted by name. */
export declare function collectScheduleFiles(paths: string[], cwd: string): string[];
/**
 * Reads and checks one file.
 * @throws CliError (exit 2) naming the file: unreadable, not YAML/JSON, or not a `schedules:` list.
 */
export declare function readScheduleFile(path: string, cwd: string): ScheduleFile;
/** Every file of `paths`, all checked before any is applied. */
export declare function readScheduleFiles(paths: string[], cwd: string): ScheduleFile[];
/** `every 1h` or `cron 0 2 * * * (Europe/London)`: a schedule's spec in one phrase. */
export declare function describeScheduleSpec(s: {
    cron?: string | null;
    every?: string | null;
    timezone?: string | null;
}): string;
