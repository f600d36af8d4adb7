import type { TemplateDefinition } from './types.js';
/**
 * Finds one cycle, or returns null when the graph is acyclic.
 *
 * The cycle is returned closed, starting and ending with the same node, in edge
 * direction (`['a', 'b', 'c', 'a']`). Nodes are visited in the order given, so
 * the answer is deterministic. Edge targets missing from `nodes` are still
 * followed (a target with no entry in `edges` simply has no out-edges).
 *
 * @example findCycle(['a', 'b'], new Map([['a', ['b']], ['b', ['a']]])) // ['a', 'b', 'a']
 */
export declare function findCycle(nodes: readonly string[], edges: ReadonlyMap<string, readonly string[]>): string[] | null;
/**
 * Kahn's order of every node that is not on a cycle and waits for none (with
 * `step -> depends_on` edges: dependencies first); nodes on or downstream of a
 * cycle are left out. Ties keep the input order. Edges to nodes not in
 * `nodes` are ignored.
 */
export declare function partialTopologicalOrder(nodes: readonly string[], edges: ReadonlyMap<string, readonly string[]>): string[];
/**
 * Orders nodes so that every node comes after the nodes it points at
 * (with `step -> depends_on` edges: dependencies first). Ties keep the input
 * order, so a template listed in a valid order comes back unchanged.
 *
 * @throws BatonError `invalid_template` naming the cycle when there is one.
 */
export declare function topologicalOrder(nodes: readonly string[], edges: ReadonlyMap<string, readonly string[]>): string[];
/**
 * Every node reachable from `start` by following edges, `start` excluded
 * (unless it lies on a cycle through itself).
 */
export declare function reachableFrom(start: string, edges: ReadonlyMap<string, readonly string[]>): Set<string>;
/** `step -> depends_on` edges of a template. */
export declare function dependencyEdges(def: Pick<TemplateDefinition, 'steps'>): Map<string, string[]>;
/** Direct dependents of every step (`step -> steps that list it in depends_on`), in template order. */
export declare function dependentsOf(def: Pick<TemplateDefinition, 'steps'>): Map<string, string[]>;
/** Every step that `stepName` waits for, directly or transitively. */
export declare function upstreamOf(def: Pick<TemplateDefinition, 'steps'>, stepName: string): Set<string>;
/** Every step that waits for `stepName`, directly or transitively. */
export declare function downstreamOf(def: Pick<TemplateDefinition, 'steps'>, stepName: string): Set<string>;
/** Steps with no dependencies: the ones that are ready when a task starts, in template order. */
export declare function rootSteps(def: Pick<TemplateDefinition, 'steps'>): string[];
