/**
 * Schedule files on disk (`baton schedule apply`, `baton start --schedules`):
 * YAML or JSON with a top-level `schedules:` list, each entry the body of
 * `POST /v1/schedules`. Shapes are checked here; meanings (cron, time zone,
 * template) by the server, which refuses a bad one without changing anything.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { ScheduleInput } from '../core/schedule-service.js';
import { parseScheduleFile } from '../domain/schedule-input.js';
import { BatonError } from '../errors.js';
import { collectDataFiles, fileLabel } from './data-files.js';
import { CliError, ExitCode } from './output.js';

export interface ScheduleFile {
  label: string;
  schedules: ScheduleInput[];
}

/** Files as given, directories by their `*.yaml`, `*.yml` and `*.json` entries (not recursive), sorted by name; a directory may hold none. */
export function collectScheduleFiles(paths: string[], cwd: string): string[] {
  return collectDataFiles(paths, cwd);
}

/**
 * Reads and checks one file.
 * @throws CliError (exit 2) naming the file: unreadable, not YAML/JSON, or not a `schedules:` list.
 */
export function readScheduleFile(path: string, cwd: string): ScheduleFile {
  const label = fileLabel(path, cwd);
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${label}: ${(err as Error).message}`, ExitCode.usage);
  }
  const doc = parseDocument(source, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) throw new CliError(`${label} is not valid YAML or JSON: ${doc.errors[0].message.split('\n')[0]}`, ExitCode.usage);
  try {
    // maxAliasCount bounds alias expansion ("billion laughs").
    return { label, schedules: parseScheduleFile(doc.toJS({ maxAliasCount: 100 }), label) };
  } catch (err) {
    if (!(err instanceof BatonError)) throw err;
    const issues = (err.details as { issues: { path: string; message: string }[] }).issues;
    const lines = issues.map((i) => `  - ${i.path || '(top level)'}: ${i.message}`);
    throw new CliError(`${label} is not a schedules file (a top-level "schedules:" list of schedules)`, ExitCode.usage, lines, { cause: err });
  }
}

/** Every file of `paths`, all checked before any is applied. */
export function readScheduleFiles(paths: string[], cwd: string): ScheduleFile[] {
  return collectScheduleFiles(paths, cwd).map((path) => readScheduleFile(path, cwd));
}

/** `every 1h` or `cron 0 2 * * * (Europe/London)`: a schedule's spec in one phrase. */
export function describeScheduleSpec(s: { cron?: string | null; every?: string | null; timezone?: string | null }): string {
  return s.cron ? `cron ${s.cron} (${s.timezone ?? 'UTC'})` : `every ${s.every}`;
}
