/** The interface each benchmarked system implements, and the names the harness uses. */
import type { BenchSizes, RssSampler } from '../../src/bench/index.js';
export declare const Systems: readonly ["baton", "graphile-worker", "pg-boss"];
export type SystemName = (typeof Systems)[number];
export declare const Workloads: readonly ["flat", "chain", "chain_flow", "latency", "dag", "history", "embedded_flat", "embedded_chain", "memory", "embedded_memory"];
export type Workload = (typeof Workloads)[number];
export type Metrics = Record<string, number | string | null>;
export interface WorkloadContext {
    /** A freshly created, empty database of its own. */
    url: string;
    sizes: BenchSizes;
    rss: RssSampler;
}
export interface BenchSystem {
    name: SystemName;
    /** The installed version, recorded in the output. */
    version(): string;
    workloads: Partial<Record<Workload, (ctx: WorkloadContext) => Promise<Metrics>>>;
    /** Prepares a database once for a workload whose setup is too slow to repeat each round (Baton's history). */
    prepare?: Partial<Record<Workload, (ctx: WorkloadContext) => Promise<Metrics>>>;
}
/** The figure a workload is judged by, and whether more is better. */
export declare const Headline: Record<Workload, {
    metric: string;
    higherIsBetter: boolean;
}[]>;
