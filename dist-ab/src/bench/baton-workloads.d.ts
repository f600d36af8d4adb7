import type { BatonEnv } from './baton-env.js';
import { type RssSampler } from './measure.js';
import { type ShapeName } from './shapes.js';
/** Workload sizes; `benchSizes(10)` is the tenfold smaller smoke run. */
export interface BenchSizes {
    flat: number;
    chain: number;
    latencySamples: number;
    latencyWarmup: number;
    dagDiamond: number;
    dagMixed: number;
    history: number;
    memory: number;
    /** Steps of the chain template the `templates` workload registers. @default 2000 */
    templateChain?: number;
    /** Steps of the layered template the `templates` workload registers (at most `templates.max_steps`). @default 10000 */
    templateLarge?: number;
}
/** The sizes divided by `shrink` (latency keeps at least 20 samples). */
export declare function benchSizes(shrink?: number): BenchSizes;
export type Metrics = Record<string, number | string | null>;
/**
 * Submits `mix` in bulk, analyses, then starts a worker and times it until
 * the database has no open task: the flat, chain and dag workloads.
 */
export declare function runThroughput(env: BatonEnv, mix: [ShapeName, number][]): Promise<Metrics>;
/** With an idle worker, one one-step task at a time: time from just before the submit call to the handler's start. */
export declare function runLatency(env: BatonEnv, samples: number, warmup: number): Promise<Metrics>;
/**
 * Makes sure at least `history` finished tasks are stored: one real 3-step
 * task is run, then cloned. A schema that already holds them (a copy of a
 * seeded database) is left as it is.
 */
export declare function ensureHistory(env: BatonEnv, history: number): Promise<Metrics>;
/** The chain workload after `history` finished tasks are stored: the engine's cost of a long-lived database. */
export declare function runHistory(env: BatonEnv, history: number, chains: number): Promise<Metrics>;
/**
 * 100,000 one-step tasks submitted in API-sized batches of 1,000, then
 * drained by a worker runtime (sweeps on) in the same process: the process's
 * peak RSS while they are queued, and while they run.
 */
export declare function runMemory(env: BatonEnv, tasks: number, rss: RssSampler): Promise<Metrics>;
