/**
 * The workflow shapes every benchmark runs, written once so that Baton's
 * templates and the peers' hand-chained jobs describe the same graphs.
 * A shape maps each step to the steps it depends on, in topological order.
 */
export type Shape = Readonly<Record<string, readonly string[]>>;
export declare const Shapes: {
    /** One step: a plain job. */
    readonly one: {
        readonly s: readonly [];
    };
    /** Three steps in a line. */
    readonly chain3: {
        readonly a: readonly [];
        readonly b: readonly ["a"];
        readonly c: readonly ["b"];
    };
    /** a fans out to b and c, which join in d. */
    readonly diamond: {
        readonly a: readonly [];
        readonly b: readonly ["a"];
        readonly c: readonly ["a"];
        readonly d: readonly ["b", "c"];
    };
    /** Seven steps mixing a line, a three-way fan-out and a join: a → b → {c, d, e} → f → g. */
    readonly mixed7: {
        readonly a: readonly [];
        readonly b: readonly ["a"];
        readonly c: readonly ["b"];
        readonly d: readonly ["b"];
        readonly e: readonly ["b"];
        readonly f: readonly ["c", "d", "e"];
        readonly g: readonly ["f"];
    };
};
export type ShapeName = keyof typeof Shapes;
/** The one handler every benchmark step runs. */
export declare const BENCH_HANDLER = "bench.noop";
/** Steps of a shape with no dependencies. */
export declare function rootsOf(shape: Shape): string[];
/** For each step, the steps that depend on it. */
export declare function dependentsOf(shape: Shape): Record<string, string[]>;
export declare function stepCount(name: ShapeName): number;
/** The Baton template (namespace `bench`) for a shape. */
export declare function batonTemplate(name: ShapeName): object;
