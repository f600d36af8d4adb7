/** Source formats a template may be written in. YAML is the default (it also reads JSON). */
export type TemplateFormat = 'yaml' | 'json';
/**
 * Parses template source text into plain data (not yet validated).
 *
 * @param format `yaml` (default; also accepts JSON) or `json` (strict JSON).
 * @throws BatonError `invalid_template` naming the line and column of a syntax
 *   error when known (also for duplicate keys and multiple YAML documents).
 * @example parseTemplateSource('name: order\nversion: 1') // { name: 'order', version: 1 }
 */
export declare function parseTemplateSource(source: string, format?: TemplateFormat): unknown;
