/** The interface each benchmarked system implements, and the names the harness uses. */
import type { BenchSizes, RssSampler } from '../../src/bench/index.js';

export const Systems = ['baton', 'graphile-worker', 'pg-boss', 'dbos'] as const;
export type SystemName = (typeof Systems)[number];

export const Workloads = ['flat', 'chain', 'chain_flow', 'latency', 'dag', 'history', 'embedded_flat', 'embedded_chain', 'memory', 'embedded_memory'] as const;
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
export const Headline: Record<Workload, { metric: string; higherIsBetter: boolean }[]> = {
  flat: [
    { metric: 'jobs_per_s', higherIsBetter: true },
    { metric: 'submit_jobs_per_s', higherIsBetter: true },
  ],
  chain: [{ metric: 'steps_per_s', higherIsBetter: true }],
  chain_flow: [{ metric: 'steps_per_s', higherIsBetter: true }],
  latency: [
    { metric: 'p50_ms', higherIsBetter: false },
    { metric: 'p99_ms', higherIsBetter: false },
    { metric: 'enqueue_p50_ms', higherIsBetter: false },
  ],
  dag: [{ metric: 'steps_per_s', higherIsBetter: true }],
  history: [
    { metric: 'steps_per_s', higherIsBetter: true },
    { metric: 'ratio_to_chain', higherIsBetter: true },
  ],
  embedded_flat: [{ metric: 'jobs_per_s', higherIsBetter: true }],
  embedded_chain: [{ metric: 'steps_per_s', higherIsBetter: true }],
  memory: [
    { metric: 'queued_peak_rss_mb', higherIsBetter: false },
    { metric: 'drain_peak_rss_mb', higherIsBetter: false },
  ],
  embedded_memory: [
    { metric: 'queued_peak_rss_mb', higherIsBetter: false },
    { metric: 'drain_peak_rss_mb', higherIsBetter: false },
  ],
};
