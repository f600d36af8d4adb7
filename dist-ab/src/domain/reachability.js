/**
 * Many "does `from` reach `to`?" questions over one graph, answered together
 * (the `${steps.x}` upstream check of a template).
 *
 * Per-node ancestor sets would cost O(n²) memory on a 10,000-step chain (50
 * million entries), and one walk per question O(n) time each. Instead, after
 * one topological order, most questions are settled by rank or by a direct
 * edge; the rest get one bit per distinct target, propagated once in
 * topological order. The cost is O((nodes + edges) × ⌈targets / 32⌉), with
 * targets counting only those still open, and the bit rows are built in
 * chunks that stay under BITSET_BUDGET_WORDS.
 *
 * Edge convention as in `dag.ts`: `edges.get(a)` lists the nodes `a` points at
 * (`step -> depends_on`).
 */
import { partialTopologicalOrder } from './dag.js';
/** Most 32-bit words of bit rows held at once (16 MiB). */
const BITSET_BUDGET_WORDS = 1 << 22;
/** Past this many edges a node's direct-edge test uses a Set rather than a scan. */
const SCAN_LIMIT = 16;
/**
 * For each `[from, to]` pair: true when `to` is reachable from `from` by one
 * or more edges, false when not, and null when `from` is on or downstream of
 * a cycle (its ancestry is then the cycle's, which the caller reports on its
 * own). Nodes outside `nodes` are unknown: nothing reaches them, and a pair
 * starting at one answers false.
 *
 * @example testReachability(['a', 'b', 'c'], new Map([['b', ['a']], ['c', ['b']]]), [['c', 'a'], ['a', 'c']]) // [true, false]
 */
export function testReachability(nodes, edges, pairs) {
    const order = partialTopologicalOrder(nodes, edges);
    const rank = new Map();
    order.forEach((node, r) => rank.set(node, r));
    const known = new Set(nodes);
    const answers = new Array(pairs.length);
    const directSets = new Map();
    const hasEdge = (from, to) => {
        const targets = edges.get(from) ?? [];
        if (targets.length <= SCAN_LIMIT)
            return targets.includes(to);
        let set = directSets.get(from);
        if (!set)
            directSets.set(from, (set = new Set(targets)));
        return set.has(to);
    };
    const open = [];
    pairs.forEach(([from, to], q) => {
        const rankFrom = rank.get(from);
        const rankTo = rank.get(to);
        if (rankFrom === undefined)
            answers[q] = known.has(from) ? null : false;
        // Everything a ranked node reaches is ranked, and ranked lower.
        else if (rankTo === undefined || rankTo >= rankFrom)
            answers[q] = false;
        else if (hasEdge(from, to))
            answers[q] = true;
        else
            open.push(q);
    });
    if (open.length > 0)
        answerByBitsets(order, rank, edges, pairs, open, answers);
    return answers;
}
/** Settles the `open` pairs (both ends ranked, `to` lower) with bit rows, one chunk of targets at a time. */
function answerByBitsets(order, rank, edges, pairs, open, answers) {
    // Dependencies by rank, once (every known dependency of a ranked node is ranked).
    const depRanks = order.map((node) => (edges.get(node) ?? []).map((d) => rank.get(d)).filter((d) => d !== undefined));
    const fromRank = open.map((q) => rank.get(pairs[q][0]));
    const toRank = open.map((q) => rank.get(pairs[q][1]));
    // One column per distinct target.
    const column = new Map();
    for (const t of toRank)
        if (!column.has(t))
            column.set(t, column.size);
    const chunkWords = Math.max(1, Math.min(Math.ceil(column.size / 32), Math.floor(BITSET_BUDGET_WORDS / order.length)));
    const chunkBits = chunkWords * 32;
    const buckets = Array.from({ length: Math.ceil(column.size / chunkBits) }, () => []);
    open.forEach((_, k) => buckets[Math.floor(column.get(toRank[k]) / chunkBits)].push(k));
    const rows = new Uint32Array(order.length * chunkWords);
    buckets.forEach((bucket, chunk) => {
        const first = chunk * chunkBits;
        // A node reaches only lower ranks: rows up to the lowest target stay empty,
        // and rows above the highest asking node are never read.
        let low = Infinity;
        let high = -1;
        for (const k of bucket) {
            low = Math.min(low, toRank[k]);
            high = Math.max(high, fromRank[k]);
        }
        rows.fill(0);
        for (let r = low + 1; r <= high; r++) {
            const base = r * chunkWords;
            // reach(r) is the union, over its dependencies d, of {d} and reach(d).
            for (const d of depRanks[r]) {
                if (d < low)
                    continue;
                if (d > low)
                    for (let w = 0, from = d * chunkWords; w < chunkWords; w++)
                        rows[base + w] |= rows[from + w];
                const c = (column.get(d) ?? -1) - first;
                if (c >= 0 && c < chunkBits)
                    rows[base + (c >>> 5)] |= 1 << (c & 31);
            }
        }
        for (const k of bucket) {
            const c = column.get(toRank[k]) - first;
            answers[open[k]] = ((rows[fromRank[k] * chunkWords + (c >>> 5)] >>> (c & 31)) & 1) === 1;
        }
    });
}
//# sourceMappingURL=reachability.js.map