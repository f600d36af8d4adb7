import { describe, expect, it } from 'vitest';
import { reachableFrom } from '../../src/domain/dag.js';
import { testReachability } from '../../src/domain/reachability.js';

/** A seeded generator, so a failing graph can be rebuilt. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('testReachability', () => {
  it('answers direct, transitive, reverse and unrelated pairs', () => {
    const edges = new Map([
      ['b', ['a']],
      ['c', ['b']],
      ['d', ['a']],
    ]);
    const pairs: [string, string][] = [
      ['b', 'a'],
      ['c', 'a'],
      ['a', 'c'],
      ['c', 'd'],
      ['c', 'c'],
      ['ghost', 'a'],
      ['c', 'ghost'],
    ];
    expect(testReachability(['a', 'b', 'c', 'd'], edges, pairs)).toEqual([true, true, false, false, false, false, false]);
  });

  it('answers null for a node on or after a cycle, and still answers the rest', () => {
    const edges = new Map([
      ['a', ['c']],
      ['b', ['a']],
      ['c', ['b']],
      ['d', ['c']],
      ['f', ['e']],
    ]);
    expect(
      testReachability(['a', 'b', 'c', 'd', 'e', 'f'], edges, [
        ['a', 'b'],
        ['d', 'a'],
        ['f', 'e'],
        ['e', 'f'],
      ]),
    ).toEqual([null, null, true, false]);
  });

  it('agrees with a walk from each node on random graphs', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const next = random(seed);
      const n = 60;
      const nodes = Array.from({ length: n }, (_, i) => `n${i}`);
      // Edges only to lower indexes: acyclic, listed out of order to exercise the ranking.
      const edges = new Map(nodes.map((node, i) => [node, nodes.slice(0, i).filter(() => next() < 0.06)]));
      const shuffled = [...nodes].sort(() => next() - 0.5);
      const pairs: [string, string][] = [];
      for (const from of nodes) for (const to of nodes) if (next() < 0.3) pairs.push([from, to]);
      const expected = pairs.map(([from, to]) => reachableFrom(from, edges).has(to));
      expect(testReachability(shuffled, edges, pairs)).toEqual(expected);
    }
  });

  it('answers pairs over more targets than one chunk of bit rows holds', () => {
    // Two 12,000-node chains: 24,000 nodes and 23,996 distinct open targets
    // need several 16 MiB chunks.
    const n = 12_000;
    const nodes: string[] = [];
    const edges = new Map<string, string[]>();
    for (const p of ['a', 'b']) {
      for (let i = 0; i < n; i++) {
        nodes.push(`${p}${i}`);
        edges.set(`${p}${i}`, i === 0 ? [] : [`${p}${i - 1}`]);
      }
    }
    const pairs: [string, string][] = [];
    for (let i = 2; i < n; i++) pairs.push([`a${i}`, `a${i - 2}`], [`b${i}`, `a${i - 2}`], [`b${i}`, `b${i - 2}`]);
    const answers = testReachability(nodes, edges, pairs);
    expect(answers.filter((a) => a === true)).toHaveLength(2 * (n - 2));
    expect(answers.filter((_, k) => k % 3 === 1).every((a) => a === false)).toBe(true);
  });
});
