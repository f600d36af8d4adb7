/**
 * Template files on disk: finding them (files and directories) and checking
 * them locally with the same parser and validator the server uses.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseTemplateSource, type TemplateFormat } from '../domain/template-parse.js';
import { validateTemplate, type ValidateTemplateOptions } from '../domain/template-validate.js';
import type { TemplateDefinition } from '../domain/types.js';
import { BatonError } from '../errors.js';
import { UsageError } from './args.js';
import { collectDataFiles, fileLabel } from './data-files.js';
import { detailLines } from './output.js';

export interface TemplateFile {
  /** As shown to the user: relative to the working directory when inside it. */
  label: string;
  path: string;
  format: TemplateFormat;
  source: string;
}

export type CheckedTemplate = (TemplateFile & { ok: true; definition: TemplateDefinition }) | (TemplateFile & { ok: false; error: BatonError });

/**
 * The template files named by `paths`: files as given, directories by their
 * `*.yaml`, `*.yml` and `*.json` entries (not recursive), sorted by name.
 *
 * @throws UsageError for a path that does not exist or a directory with no templates.
 */
export function collectTemplateFiles(paths: string[], cwd: string): string[] {
  return collectDataFiles(paths, cwd, 'template');
}

export function readTemplateFile(path: string, cwd: string): TemplateFile {
  const format: TemplateFormat = extname(path).toLowerCase() === '.json' ? 'json' : 'yaml';
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${fileLabel(path, cwd)}: ${(err as Error).message}`);
  }
  return { label: fileLabel(path, cwd), path, format, source };
}

/** Parses and validates one file; an invalid template is returned, not thrown. */
export function checkTemplateFile(file: TemplateFile, options: ValidateTemplateOptions = {}): CheckedTemplate {
  try {
    const definition = validateTemplate(parseTemplateSource(file.source, file.format), options);
    return { ...file, ok: true, definition };
  } catch (err) {
    if (err instanceof BatonError) return { ...file, ok: false, error: err };
    throw err;
  }
}

/** `ns/name@version` */
export function templateRef(def: { namespace: string; name: string; version: string }): string {
  return `${def.namespace}/${def.name}@${def.version}`;
}

/**
 * How an invalid template file is reported: `<file>: invalid template ns/name@v
 * (2 problems):` then one line per issue; a syntax error on one line.
 */
export function templateErrorLines(label: string, err: BatonError): string[] {
  const details = err.details as { template?: unknown; issues?: unknown[] } | undefined;
  const issues = Array.isArray(details?.issues) ? details.issues : [];
  if (issues.length === 0) return [`${label}: ${err.message}`, ...detailLines(err)];
  const name = typeof details?.template === 'string' ? ` ${details.template}` : '';
  return [`${label}: invalid template${name} (${issues.length} problem${issues.length === 1 ? '' : 's'}):`, ...detailLines(err)];
}
