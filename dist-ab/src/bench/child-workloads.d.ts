import type { BatonEnv } from './baton-env.js';
import type { Metrics } from './baton-workloads.js';
/** Sizes of the `children` workload; `childBenchSizes(10)` is the tenfold smaller smoke run. */
export interface ChildBenchSizes {
    /** Parent tasks. @default 1000 */
    childParents?: number;
    /** Children per parent (the items its fan-out step lists). @default 10 */
    childrenPerParent?: number;
}
export declare function childBenchSizes(shrink?: number): Required<ChildBenchSizes>;
/**
 * `parents` parents of `perParent` children each. The worker runtime starts
 * first and reads both templates (on PGlite a timekeeper meeting a template
 * its process has not read yet would read it through the pool from inside its
 * own transaction, which holds the one connection), then every parent is
 * submitted and the clock runs until no task is open. Children are started and
 * their parents woken by the timer loop, one transaction per child each way.
 */
export declare function runChildren(env: BatonEnv, parents: number, perParent: number): Promise<Metrics>;
