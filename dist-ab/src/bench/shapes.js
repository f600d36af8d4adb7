export const Shapes = {
    /** One step: a plain job. */
    one: { s: [] },
    /** Three steps in a line. */
    chain3: { a: [], b: ['a'], c: ['b'] },
    /** a fans out to b and c, which join in d. */
    diamond: { a: [], b: ['a'], c: ['a'], d: ['b', 'c'] },
    /** Seven steps mixing a line, a three-way fan-out and a join: a → b → {c, d, e} → f → g. */
    mixed7: { a: [], b: ['a'], c: ['b'], d: ['b'], e: ['b'], f: ['c', 'd', 'e'], g: ['f'] },
};
/** The one handler every benchmark step runs. */
export const BENCH_HANDLER = 'bench.noop';
/** Steps of a shape with no dependencies. */
export function rootsOf(shape) {
    return Object.keys(shape).filter((step) => shape[step].length === 0);
}
/** For each step, the steps that depend on it. */
export function dependentsOf(shape) {
    const out = Object.fromEntries(Object.keys(shape).map((s) => [s, []]));
    for (const [step, deps] of Object.entries(shape))
        for (const dep of deps)
            out[dep].push(step);
    return out;
}
export function stepCount(name) {
    return Object.keys(Shapes[name]).length;
}
/** The Baton template (namespace `bench`) for a shape. */
export function batonTemplate(name) {
    const shape = Shapes[name];
    return {
        namespace: 'bench',
        name,
        version: '1',
        steps: Object.entries(shape).map(([step, deps]) => ({
            name: step,
            handler: BENCH_HANDLER,
            ...(deps.length > 0 ? { depends_on: [...deps] } : {}),
        })),
    };
}
//# sourceMappingURL=shapes.js.map