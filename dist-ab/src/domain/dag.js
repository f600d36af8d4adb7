/**
 * Graph algorithms over a template's steps.
 *
 * Every algorithm here is iterative: a 10,000-step chain must not hit the call
 * stack limit, and each one runs in O(nodes + edges).
 *
 * Edge convention: `edges.get(a)` lists the nodes `a` points at. For templates
 * we pass `step -> depends_on`, so an edge points from a step to a step it
 * waits for; a cycle `a -> b -> a` then reads "a depends on b depends on a".
 */
import { BatonError } from '../errors.js';
/** Nodes on the current DFS path are grey; finished nodes are black. */
const GREY = 1;
const BLACK = 2;
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
export function findCycle(nodes, edges) {
    const color = new Map();
    for (const start of nodes) {
        if (color.has(start))
            continue;
        // An explicit stack of (node, next edge index) replaces recursion.
        const path = [start];
        const nextEdge = [0];
        const positionOnPath = new Map([[start, 0]]);
        color.set(start, GREY);
        while (path.length > 0) {
            const top = path.length - 1;
            const node = path[top];
            const targets = edges.get(node) ?? [];
            const i = nextEdge[top];
            if (i >= targets.length) {
                color.set(node, BLACK);
                positionOnPath.delete(node);
                path.pop();
                nextEdge.pop();
                continue;
            }
            nextEdge[top] = i + 1;
            const target = targets[i];
            const state = color.get(target);
            if (state === GREY) {
                return [...path.slice(positionOnPath.get(target) ?? 0), target];
            }
            if (state === undefined) {
                color.set(target, GREY);
                positionOnPath.set(target, path.length);
                path.push(target);
                nextEdge.push(0);
            }
        }
    }
    return null;
}
/**
 * Kahn's order of every node that is not on a cycle and waits for none (with
 * `step -> depends_on` edges: dependencies first); nodes on or downstream of a
 * cycle are left out. Ties keep the input order. Edges to nodes not in
 * `nodes` are ignored.
 */
export function partialTopologicalOrder(nodes, edges) {
    const known = new Set(nodes);
    const waitingOn = new Map();
    const unblocks = new Map();
    for (const node of nodes) {
        const targets = (edges.get(node) ?? []).filter((t) => known.has(t));
        waitingOn.set(node, targets.length);
        for (const t of targets) {
            const list = unblocks.get(t);
            if (list)
                list.push(node);
            else
                unblocks.set(t, [node]);
        }
    }
    // A plain array with a read cursor is a FIFO queue.
    const queue = nodes.filter((n) => waitingOn.get(n) === 0);
    for (let head = 0; head < queue.length; head++) {
        for (const next of unblocks.get(queue[head]) ?? []) {
            const left = (waitingOn.get(next) ?? 0) - 1;
            waitingOn.set(next, left);
            if (left === 0)
                queue.push(next);
        }
    }
    return queue;
}
/**
 * Orders nodes so that every node comes after the nodes it points at
 * (with `step -> depends_on` edges: dependencies first). Ties keep the input
 * order, so a template listed in a valid order comes back unchanged.
 *
 * @throws BatonError `invalid_template` naming the cycle when there is one.
 */
export function topologicalOrder(nodes, edges) {
    const order = partialTopologicalOrder(nodes, edges);
    if (order.length < new Set(nodes).size) {
        const cycle = findCycle(nodes, edges) ?? [];
        throw new BatonError('invalid_template', `steps form a cycle: ${cycle.join(' -> ')}`);
    }
    return order;
}
/**
 * Every node reachable from `start` by following edges, `start` excluded
 * (unless it lies on a cycle through itself).
 */
export function reachableFrom(start, edges) {
    const seen = new Set();
    const stack = [...(edges.get(start) ?? [])];
    while (stack.length > 0) {
        const node = stack.pop();
        if (seen.has(node))
            continue;
        seen.add(node);
        for (const next of edges.get(node) ?? []) {
            if (!seen.has(next))
                stack.push(next);
        }
    }
    return seen;
}
/** `step -> depends_on` edges of a template. */
export function dependencyEdges(def) {
    return new Map(def.steps.map((s) => [s.name, s.depends_on]));
}
/** Direct dependents of every step (`step -> steps that list it in depends_on`), in template order. */
export function dependentsOf(def) {
    const out = new Map(def.steps.map((s) => [s.name, []]));
    for (const step of def.steps) {
        for (const dep of step.depends_on)
            out.get(dep)?.push(step.name);
    }
    return out;
}
/** Every step that `stepName` waits for, directly or transitively. */
export function upstreamOf(def, stepName) {
    return reachableFrom(stepName, dependencyEdges(def));
}
/** Every step that waits for `stepName`, directly or transitively. */
export function downstreamOf(def, stepName) {
    return reachableFrom(stepName, dependentsOf(def));
}
/** Steps with no dependencies: the ones that are ready when a task starts, in template order. */
export function rootSteps(def) {
    return def.steps.filter((s) => s.depends_on.length === 0).map((s) => s.name);
}
//# sourceMappingURL=dag.js.map