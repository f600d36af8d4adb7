/**
 * Registration order for a set of templates: a template's child workflows
 * (`kind: workflow`) first, since registration refuses a parent whose child
 * is not registered. Otherwise the given order is kept. Pure.
 */
import type { TemplateDefinition } from './types.js';
/** `items` reordered so that each one comes after the items holding the templates its workflow steps start. */
export declare function childrenFirst<T>(items: readonly T[], definitionOf: (item: T) => TemplateDefinition | undefined): T[];
