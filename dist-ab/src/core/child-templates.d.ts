import type { TemplateDefinition } from '../domain/types.js';
/** Looks a stored template up: the one a step names (a version, or the latest), or null when there is none. */
export type TemplateLookup = (namespace: string, name: string, version?: string) => Promise<TemplateDefinition | null>;
/**
 * @throws BatonError `invalid_template` naming each step whose child template
 *   does not exist, and each cycle (`a -> b -> a`).
 */
export declare function checkChildTemplates(definition: TemplateDefinition, lookup: TemplateLookup): Promise<void>;
