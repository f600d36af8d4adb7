/**
 * YAML and JSON files the CLI reads (templates, schedules): finding them among
 * files and directories, and naming them the way the user sees them.
 */
import { readdirSync, statSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { UsageError } from './args.js';

export const DATA_FILE_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** As shown to the user: relative to the working directory when inside it. */
export function fileLabel(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') ? rel : path;
}

/**
 * The files named by `paths`: files as given, directories by their `*.yaml`,
 * `*.yml` and `*.json` entries (not recursive), sorted by name, each once.
 *
 * @throws UsageError for a path that does not exist, and, when `what` names
 *   what the files hold ("template"), for a directory with none.
 */
export function collectDataFiles(paths: string[], cwd: string, what?: string): string[] {
  const files: string[] = [];
  for (const given of paths) {
    const path = resolve(cwd, given);
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      throw new UsageError(`${given}: no such file or directory`);
    }
    if (!isDir) {
      files.push(path);
      continue;
    }
    const found = readdirSync(path)
      .filter((name) => DATA_FILE_EXTENSIONS.includes(extname(name).toLowerCase()))
      .sort()
      .map((name) => join(path, name));
    if (found.length === 0 && what !== undefined) {
      throw new UsageError(`${given}: no ${what} files (${DATA_FILE_EXTENSIONS.map((e) => `*${e}`).join(', ')}) in this directory`);
    }
    files.push(...found);
  }
  return [...new Set(files)];
}
