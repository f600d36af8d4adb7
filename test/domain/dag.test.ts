import { describe, it, expect } from 'vitest';
import { dependencyEdges, dependentsOf, downstreamOf, findCycle, reachableFrom, rootSteps, topologicalOrder, upstreamOf } from '../../src/domain/dag.js';
import { isBatonError } from '../../src/errors.js';

function edges(pairs: Record<string, string[]>): Map<string, string[]> {
  return new Map(Object.entries(pairs));
}

/** A template-like object: only names and depends_on matter to the DAG helpers. */
function def(deps: Record<string, string[]>) {
  return {
    steps: Object.entries(deps).map(([name, depends_on]) => ({
      name,
      handler: 'h',
      kind: 'task' as const,
      depends_on,
      params: {},
      retry: { max_attempts: 1, backoff: 'none' as const, base_ms: 0, max_ms: 0, jitter: false },
      timeout_seconds: null,
      labels: {},
    })),
  };
}

/** s0 <- s1 <- ... <- s(n-1): each step depends on the one before it. */
function chain(n: number, closed = false): { nodes: string[]; edges: Map<string, string[]> } {
  const nodes = Array.from({ length: n }, (_, i) => `s${i}`);
  const e = new Map(nodes.map((name, i) => [name, i === 0 ? (closed ? [`s${n - 1}`] : []) : [`s${i - 1}`]]));
  return { nodes, edges: e };
}

describe('findCycle', () => {
  it('returns null for an acyclic graph', () => {
    expect(findCycle(['a', 'b', 'c'], edges({ a: [], b: ['a'], c: ['a', 'b'] }))).toBeNull();
  });

  it('returns null for no nodes', () => {
    expect(findCycle([], new Map())).toBeNull();
  });

  it('returns a closed cycle path in edge direction', () => {
    expect(findCycle(['a', 'b', 'c'], edges({ a: ['b'], b: ['c'], c: ['a'] }))).toEqual(['a', 'b', 'c', 'a']);
  });

  it('finds a self-loop', () => {
    expect(findCycle(['a'], edges({ a: ['a'] }))).toEqual(['a', 'a']);
  });

  it('returns only the cycle, not the path that led to it', () => {
    expect(findCycle(['x', 'a', 'b'], edges({ x: ['a'], a: ['b'], b: ['a'] }))).toEqual(['a', 'b', 'a']);
  });

  it('does not mistake a diamond for a cycle', () => {
    expect(findCycle(['d', 'b', 'c', 'a'], edges({ d: ['b', 'c'], b: ['a'], c: ['a'], a: [] }))).toBeNull();
  });

  it('follows edges to targets that are not listed as nodes', () => {
    expect(findCycle(['a'], edges({ a: ['ghost'], ghost: ['a'] }))).toEqual(['a', 'ghost', 'a']);
    expect(findCycle(['a'], edges({ a: ['ghost'] }))).toBeNull();
  });

  it('handles a 10,000-node chain without recursion', () => {
    const { nodes, edges: e } = chain(10_000);
    expect(findCycle(nodes, e)).toBeNull();
    expect(findCycle([...nodes].reverse(), e)).toBeNull();
  });

  it('finds a 10,000-node cycle', () => {
    const { nodes, edges: e } = chain(10_000, true);
    const cycle = findCycle(nodes, e);
    expect(cycle).toHaveLength(10_001);
    expect(cycle?.[0]).toBe('s0');
    expect(cycle?.[1]).toBe('s9999');
    expect(cycle?.[10_000]).toBe('s0');
  });
});

describe('topologicalOrder', () => {
  it('puts dependencies before the nodes that point at them', () => {
    const order = topologicalOrder(['d', 'c', 'b', 'a'], edges({ d: ['b', 'c'], c: ['a'], b: ['a'], a: [] }));
    expect(order.indexOf('a')).toBeLessThan(order.indexOf('b'));
    expect(order.indexOf('a')).toBeLessThan(order.indexOf('c'));
    expect(order.indexOf('b')).toBeLessThan(order.indexOf('d'));
    expect(order.indexOf('c')).toBeLessThan(order.indexOf('d'));
  });

  it('keeps the input order when it is already valid', () => {
    expect(topologicalOrder(['a', 'b', 'c'], edges({ a: [], b: ['a'], c: ['a'] }))).toEqual(['a', 'b', 'c']);
  });

  it('ignores edges to nodes that are not listed', () => {
    expect(topologicalOrder(['a', 'b'], edges({ a: ['zzz'], b: ['a'] }))).toEqual(['a', 'b']);
  });

  it('treats nodes with no edge entry as having no dependencies', () => {
    expect(topologicalOrder(['a', 'b'], new Map())).toEqual(['a', 'b']);
  });

  it('throws invalid_template naming the cycle', () => {
    let caught: unknown;
    try {
      topologicalOrder(['a', 'b'], edges({ a: ['b'], b: ['a'] }));
    } catch (err) {
      caught = err;
    }
    expect(isBatonError(caught, 'invalid_template')).toBe(true);
    expect((caught as Error).message).toBe('steps form a cycle: a -> b -> a');
  });

  it('orders a 10,000-node chain given in reverse', () => {
    const { nodes, edges: e } = chain(10_000);
    expect(topologicalOrder([...nodes].reverse(), e)).toEqual(nodes);
  });
});

describe('reachableFrom', () => {
  it('collects every node reachable by edges, excluding the start', () => {
    expect(reachableFrom('d', edges({ d: ['b', 'c'], b: ['a'], c: ['a'], a: [] }))).toEqual(new Set(['a', 'b', 'c']));
  });

  it('includes the start only when it lies on a cycle', () => {
    expect(reachableFrom('a', edges({ a: ['b'], b: ['a'] }))).toEqual(new Set(['a', 'b']));
  });

  it('returns an empty set for an unknown start', () => {
    expect(reachableFrom('nope', new Map())).toEqual(new Set());
  });
});

describe('template helpers', () => {
  const diamond = def({ a: [], b: ['a'], c: ['a'], d: ['b', 'c'], e: [] });

  it('dependencyEdges maps each step to its depends_on', () => {
    expect(dependencyEdges(diamond).get('d')).toEqual(['b', 'c']);
    expect(dependencyEdges(diamond).get('a')).toEqual([]);
  });

  it('dependentsOf lists direct dependents in template order, with an entry for every step', () => {
    const m = dependentsOf(diamond);
    expect(m.get('a')).toEqual(['b', 'c']);
    expect(m.get('b')).toEqual(['d']);
    expect(m.get('d')).toEqual([]);
    expect(m.get('e')).toEqual([]);
    expect(m.size).toBe(5);
  });

  it('upstreamOf is transitive', () => {
    expect(upstreamOf(diamond, 'd')).toEqual(new Set(['a', 'b', 'c']));
    expect(upstreamOf(diamond, 'a')).toEqual(new Set());
  });

  it('downstreamOf is transitive', () => {
    expect(downstreamOf(diamond, 'a')).toEqual(new Set(['b', 'c', 'd']));
    expect(downstreamOf(diamond, 'e')).toEqual(new Set());
  });

  it('rootSteps are the steps with no dependencies, in template order', () => {
    expect(rootSteps(diamond)).toEqual(['a', 'e']);
  });

  it('upstreamOf handles a 10,000-step chain', () => {
    const { nodes, edges: e } = chain(10_000);
    const long = def(Object.fromEntries(nodes.map((n) => [n, e.get(n) ?? []])));
    expect(upstreamOf(long, 's9999').size).toBe(9_999);
  });
});
