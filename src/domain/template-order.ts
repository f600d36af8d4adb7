/**
 * Registration order for a set of templates: a template's child workflows
 * (`kind: workflow`) first, since registration refuses a parent whose child
 * is not registered. Otherwise the given order is kept. Pure.
 */
import type { TemplateDefinition } from './types.js';

/** `items` reordered so that each one comes after the items holding the templates its workflow steps start. */
export function childrenFirst<T>(items: readonly T[], definitionOf: (item: T) => TemplateDefinition | undefined): T[] {
  const byName = new Map<string, T[]>();
  for (const item of items) {
    const def = definitionOf(item);
    if (!def) continue;
    const key = `${def.namespace}/${def.name}`;
    byName.set(key, [...(byName.get(key) ?? []), item]);
  }
  const placed = new Set<T>();
  const visiting = new Set<T>();
  const out: T[] = [];
  const place = (item: T) => {
    if (placed.has(item) || visiting.has(item)) return; // a cycle: registration names it
    visiting.add(item);
    for (const step of definitionOf(item)?.steps ?? []) {
      if (step.workflow) for (const child of byName.get(`${step.workflow.namespace}/${step.workflow.name}`) ?? []) place(child);
    }
    visiting.delete(item);
    placed.add(item);
    out.push(item);
  };
  for (const item of items) place(item);
  return out;
}
