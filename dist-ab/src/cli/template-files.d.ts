import { type TemplateFormat } from '../domain/template-parse.js';
import { type ValidateTemplateOptions } from '../domain/template-validate.js';
import type { TemplateDefinition } from '../domain/types.js';
import { BatonError } from '../errors.js';
export declare const TEMPLATE_EXTENSIONS: string[];
export interface TemplateFile {
    /** As shown to the user: relative to the working directory when inside it. */
    label: string;
    path: string;
    format: TemplateFormat;
    source: string;
}
export type CheckedTemplate = (TemplateFile & {
    ok: true;
    definition: TemplateDefinition;
}) | (TemplateFile & {
    ok: false;
    error: BatonError;
});
/**
 * The template files named by `paths`: files as given, directories by their
 * `*.yaml`, `*.yml` and `*.json` entries (not recursive), sorted by name.
 *
 * @throws UsageError for a path that does not exist or a directory with no templates.
 */
export declare function collectTemplateFiles(paths: string[], cwd: string): string[];
export declare function readTemplateFile(path: string, cwd: string): TemplateFile;
/** Parses and validates one file; an invalid template is returned, not thrown. */
export declare function checkTemplateFile(file: TemplateFile, options?: ValidateTemplateOptions): CheckedTemplate;
/** `ns/name@version` */
export declare function templateRef(def: {
    namespace: string;
    name: string;
    version: string;
}): string;
/**
 * How an invalid template file is reported: `<file>: invalid template ns/name@v
 * (2 problems):` then one line per issue; a syntax error on one line.
 */
export declare function templateErrorLines(label: string, err: BatonError): string[];
