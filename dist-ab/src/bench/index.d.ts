/**
 * Baton's benchmark workloads as a library: `runBatonBench` runs them against
 * a configured database and hands back one JSON-ready line per workload (what
 * `baton bench` prints, and what the peer benchmark in bench/peers records
 * for Baton). Only what `baton bench` runs lives under src/; the statements
 * it needs are typed functions in src/store (task-counts, maintenance,
 * history-seed), and what only the repository's benchmarks use lives in
 * bench/. Nothing here knows about other job systems.
 */
import { type BatonConfig } from '../config/schema.js';
import type { Logger } from '../observability/logger.js';
import { type BenchSizes } from './baton-workloads.js';
import { type ScheduleBenchSizes } from './schedule-workload.js';
import { type WaitBenchSizes } from './wait-workloads.js';
import { type ChildBenchSizes } from './child-workloads.js';
export { benchSizes, ensureHistory, type BenchSizes } from './baton-workloads.js';
export { openBatonEnv, type BatonEnv, type BatonTarget } from './baton-env.js';
export { waitBenchSizes, type WaitBenchSizes } from './wait-workloads.js';
export { childBenchSizes, type ChildBenchSizes } from './child-workloads.js';
export { Shapes, batonTemplate, dependentsOf, rootsOf, stepCount, BENCH_HANDLER, type Shape, type ShapeName } from './shapes.js';
export { createStartCounter, createStartSignal, latencyMetrics, maxRssMb, measureLatency, percentile, perSecond, round2, sampleRss, sleep, waitUntil, type RssSampler, type StartCounter, type StartSignal, } from './measure.js';
export declare const BatonWorkloads: readonly ["flat", "chain", "latency", "dag", "history", "memory", "embedded_flat", "embedded_chain", "embedded_memory", "templates", "timers", "sleep-claims", "signals", "schedules", "children"];
export type BatonWorkload = (typeof BatonWorkloads)[number];
/** What `runBatonBench` runs when no workloads are named: everything but `history`, which writes a million tasks. */
export declare const DefaultBatonWorkloads: BatonWorkload[];
/** One result line: the workload, where it ran, its figures, the process's peak RSS. */
export interface BenchLine {
    bench: 'baton';
    workload: BatonWorkload;
    backend: 'pg' | 'pglite';
    peak_rss_mb: number;
    [metric: string]: number | string | null;
}
export interface BatonBenchOptions {
    /**
     * Database, pool size and worker concurrency to measure. With
     * `database.url` set, each workload gets a fresh schema there (dropped
     * afterwards); without it, a temporary embedded database.
     * @default defaultConfig()
     */
    config?: BatonConfig;
    /** @default DefaultBatonWorkloads */
    workloads?: BatonWorkload[];
    /** Divide every workload size by this (10 for a smoke run). @default 1 */
    shrink?: number;
    /** Exact sizes, overriding `shrink`. */
    sizes?: BenchSizes & WaitBenchSizes & ScheduleBenchSizes & ChildBenchSizes;
    logger?: Logger;
    /** Called with each line as soon as its workload ends. */
    onLine?: (line: BenchLine) => void;
}
/**
 * Runs one workload in a fresh environment and returns its line. `schema`
 * names an existing empty schema to use as is (the peer benchmark gives each
 * workload a fresh database); otherwise a throwaway one is made.
 */
export declare function runBatonWorkload(workload: BatonWorkload, opts: {
    config?: BatonConfig;
    sizes: BenchSizes & WaitBenchSizes & ScheduleBenchSizes & ChildBenchSizes;
    schema?: string;
    logger?: Logger;
}): Promise<BenchLine>;
/**
 * Runs Baton's workloads one after another, for users sizing their own
 * hardware (`baton bench`). A workload that fails yields a line with
 * `error` and the rest still run. When both `chain` and `history` ran,
 * the history line carries `ratio_to_chain`.
 */
export declare function runBatonBench(options?: BatonBenchOptions): Promise<BenchLine[]>;
