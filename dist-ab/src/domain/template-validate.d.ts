import type { TemplateDefinition } from './types.js';
/** Options for validateTemplate. */
export interface ValidateTemplateOptions {
    /**
     * Handler names known to exist. When given, a step naming any other
     * handler is a problem; when omitted (the usual case: workers register
     * handlers later), handlers are not checked.
     */
    knownHandlers?: Iterable<string>;
    /**
     * Most steps a template may list; the server passes its `templates.max_steps`.
     * @default TemplateLimits.maxSteps (10000)
     */
    maxSteps?: number;
}
/**
 * Validates and normalises a raw template (as parsed from YAML or JSON).
 *
 * The result has exactly the TemplateDefinition shape: no `mode` or
 * `defaults`; every step with depends_on, params, a fully resolved retry
 * (step retry over `defaults.retry` over DEFAULT_RETRY), timeout_seconds,
 * labels and kind; `fan_out` only on fan_out steps. Steps keep their order.
 *
 * @throws BatonError `invalid_template` whose message names the template and
 *   whose `details.issues` lists every problem as `{ path, step?, message }`.
 * @example validateTemplate(parseTemplateSource(yamlText))
 */
export declare function validateTemplate(given: unknown, options?: ValidateTemplateOptions): TemplateDefinition;
