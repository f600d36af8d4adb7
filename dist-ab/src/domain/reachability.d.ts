/**
 * For each `[from, to]` pair: true when `to` is reachable from `from` by one
 * or more edges, false when not, and null when `from` is on or downstream of
 * a cycle (its ancestry is then the cycle's, which the caller reports on its
 * own). Nodes outside `nodes` are unknown: nothing reaches them, and a pair
 * starting at one answers false.
 *
 * @example testReachability(['a', 'b', 'c'], new Map([['b', ['a']], ['c', ['b']]]), [['c', 'a'], ['a', 'c']]) // [true, false]
 */
export declare function testReachability(nodes: readonly string[], edges: ReadonlyMap<string, readonly string[]>, pairs: readonly (readonly [string, string])[]): (boolean | null)[];
