/**
 * Baton's benchmark workloads as a library: `runBatonBench` runs them against
 * a configured database and hands back one JSON-ready line per workload (what
 * `baton bench` prints, and what the peer benchmark in bench/peers records
 * for Baton). Only what `baton bench` runs lives under src/; the statements
 * it needs are typed functions in src/store (task-counts, maintenance,
 * history-seed), and what only the repository's benchmarks use lives in
 * bench/. Nothing here knows about other job systems.
 */
import { defaultConfig, type BatonConfig } from '../config/schema.js';
import type { Logger } from '../observability/logger.js';
import { openBatonEnv, type BatonTarget } from './baton-env.js';
import { benchSizes, runHistory, runLatency, runMemory, runThroughput, type BenchSizes, type Metrics } from './baton-workloads.js';
import { sampleRss } from './measure.js';
import { runTemplates } from './template-workload.js';
import { runScheduleOverhead, scheduleBenchSizes, type ScheduleBenchSizes } from './schedule-workload.js';
import { runSignals, runSleepClaims, runTimers, waitBenchSizes, type WaitBenchSizes } from './wait-workloads.js';
import { childBenchSizes, runChildren, type ChildBenchSizes } from './child-workloads.js';
import { flowBenchSizes, runConcurrency, runRateClaims, type FlowBenchSizes } from './flow-workloads.js';
import { runTraced } from './traced-workload.js';
import { runClaimsBacklog, runFanout, runIsolation, runManyHandlers, scaleBenchSizes, type ScaleBenchSizes } from './scale-workloads.js';

export { benchSizes, ensureHistory, type BenchSizes } from './baton-workloads.js';
export { openBatonEnv, type BatonEnv, type BatonTarget } from './baton-env.js';
export { waitBenchSizes, type WaitBenchSizes } from './wait-workloads.js';
export { childBenchSizes, type ChildBenchSizes } from './child-workloads.js';
export { flowBenchSizes, type FlowBenchSizes } from './flow-workloads.js';
export { scaleBenchSizes, type ScaleBenchSizes } from './scale-workloads.js';
export { Shapes, batonTemplate, dependentsOf, rootsOf, stepCount, BENCH_HANDLER, type Shape, type ShapeName } from './shapes.js';
export {
  createStartCounter,
  createStartSignal,
  latencyMetrics,
  maxRssMb,
  measureLatency,
  percentile,
  perSecond,
  round2,
  sampleRss,
  sleep,
  waitUntil,
  type RssSampler,
  type StartCounter,
  type StartSignal,
} from './measure.js';

export const BatonWorkloads = [
  'flat',
  'chain',
  'latency',
  'dag',
  'history',
  'memory',
  'embedded_flat',
  'embedded_chain',
  'embedded_memory',
  'templates',
  'timers',
  'sleep-claims',
  'signals',
  'schedules',
  'children',
  'concurrency',
  'rate-claims',
  'claims-backlog',
  'isolation',
  'isolation-labels',
  'handlers-1000',
  'fanout',
  'traced',
] as const;
export type BatonWorkload = (typeof BatonWorkloads)[number];

/** Workloads that write a million tasks: run only when named. */
const MillionTaskWorkloads: readonly BatonWorkload[] = ['history', 'claims-backlog', 'isolation', 'isolation-labels'];

/** What `runBatonBench` runs when no workloads are named: everything but the workloads that write a million tasks, and `traced` (flat and chain twice more). */
export const DefaultBatonWorkloads: BatonWorkload[] = BatonWorkloads.filter((w) => !MillionTaskWorkloads.includes(w) && w !== 'traced');

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
  sizes?: BenchSizes & WaitBenchSizes & ScheduleBenchSizes & ChildBenchSizes & FlowBenchSizes & ScaleBenchSizes;
  logger?: Logger;
  /** Called with each line as soon as its workload ends. */
  onLine?: (line: BenchLine) => void;
}

function targetFor(workload: BatonWorkload, config: BatonConfig, schema?: string): BatonTarget {
  if (workload.startsWith('embedded_') || !config.database.url) return { kind: 'pglite' };
  return { kind: 'pg', url: config.database.url, ...(schema ? { schema } : {}) };
}

/**
 * Runs one workload in a fresh environment and returns its line. `schema`
 * names an existing empty schema to use as is (the peer benchmark gives each
 * workload a fresh database); otherwise a throwaway one is made.
 */
export async function runBatonWorkload(
  workload: BatonWorkload,
  opts: { config?: BatonConfig; sizes: BenchSizes & WaitBenchSizes & ScheduleBenchSizes & ChildBenchSizes & FlowBenchSizes & ScaleBenchSizes; schema?: string; logger?: Logger },
): Promise<BenchLine> {
  const config = opts.config ?? defaultConfig();
  const sizes = opts.sizes;
  const rss = sampleRss();
  const env = await openBatonEnv(targetFor(workload, config, opts.schema), config, opts.logger);
  try {
    let metrics: Metrics;
    switch (workload) {
      case 'flat':
      case 'embedded_flat':
        metrics = await runThroughput(env, [['one', sizes.flat]]);
        break;
      case 'chain':
      case 'embedded_chain':
        metrics = await runThroughput(env, [['chain3', sizes.chain]]);
        break;
      case 'dag':
        metrics = await runThroughput(env, [
          ['diamond', sizes.dagDiamond],
          ['mixed7', sizes.dagMixed],
        ]);
        break;
      case 'latency':
        metrics = await runLatency(env, sizes.latencySamples, sizes.latencyWarmup);
        break;
      case 'history':
        metrics = await runHistory(env, sizes.history, sizes.chain);
        break;
      case 'memory':
      case 'embedded_memory':
        metrics = await runMemory(env, sizes.memory, rss);
        break;
      case 'templates':
        metrics = await runTemplates(env, sizes.templateChain ?? 2_000, sizes.templateLarge ?? 10_000);
        break;
      case 'timers':
        metrics = await runTimers(env, sizes.timers ?? 10_000);
        break;
      case 'sleep-claims':
        metrics = await runSleepClaims(env, sizes.sleepers ?? 10_000, sizes.latencySamples, sizes.latencyWarmup);
        break;
      case 'signals':
        metrics = await runSignals(env, sizes.signals ?? 500, sizes.signalChains ?? 200);
        break;
      case 'schedules':
        metrics = await runScheduleOverhead(env, sizes.schedules ?? 1000, sizes.idleTicks ?? 50);
        break;
      case 'children':
        metrics = await runChildren(env, sizes.childParents ?? 1000, sizes.childrenPerParent ?? 10);
        break;
      case 'concurrency':
        metrics = await runConcurrency(env, sizes.concurrencyTasks ?? 2000, sizes.concurrencyHandlerMs ?? 5);
        break;
      case 'rate-claims':
        metrics = await runRateClaims(env, sizes.rateNames ?? 100, sizes.ratePerName ?? 20, sizes.rateClaimBatch ?? 10);
        break;
      case 'claims-backlog':
        metrics = await runClaimsBacklog(env, sizes.claimBacklog ?? 1_000_000, sizes.claimRun ?? 20_000);
        break;
      case 'isolation':
      case 'isolation-labels':
        metrics = await runIsolation(env, sizes.isolationBacklog ?? 1_000_000, sizes.isolationRun ?? 20_000, workload === 'isolation' ? 'handler' : 'labels');
        break;
      case 'handlers-1000':
        metrics = await runManyHandlers(env, sizes.handlers ?? 1_000, sizes.stepsPerHandler ?? 10, sizes.handlerSamples ?? 100, sizes.latencyWarmup);
        break;
      case 'fanout':
        metrics = await runFanout(env, sizes.fanoutItems ?? 100_000);
        break;
      case 'traced':
        // On PostgreSQL each run gets a fresh schema (`env` is left idle); on PGlite every run uses `env`.
        metrics = await runTraced(env, env.backend === 'pg' ? () => openBatonEnv(targetFor(workload, config), config, opts.logger) : undefined, config, sizes, opts.logger);
        break;
    }
    return { bench: 'baton', workload, backend: env.backend, ...metrics, peak_rss_mb: rss.peakMb() };
  } finally {
    rss.stop();
    await env.close();
  }
}

/**
 * Runs Baton's workloads one after another, for users sizing their own
 * hardware (`baton bench`). A workload that fails yields a line with
 * `error` and the rest still run. When both `chain` and `history` ran,
 * the history line carries `ratio_to_chain`.
 */
export async function runBatonBench(options: BatonBenchOptions = {}): Promise<BenchLine[]> {
  const config = options.config ?? defaultConfig();
  const sizes = options.sizes ?? {
    ...benchSizes(options.shrink ?? 1),
    ...waitBenchSizes(options.shrink ?? 1),
    ...scheduleBenchSizes(options.shrink ?? 1),
    ...childBenchSizes(options.shrink ?? 1),
    ...flowBenchSizes(options.shrink ?? 1),
    ...scaleBenchSizes(options.shrink ?? 1),
  };
  const lines: BenchLine[] = [];
  for (const workload of options.workloads ?? DefaultBatonWorkloads) {
    let line: BenchLine;
    try {
      line = await runBatonWorkload(workload, { config, sizes, ...(options.logger ? { logger: options.logger } : {}) });
    } catch (err) {
      line = { bench: 'baton', workload, backend: targetFor(workload, config).kind, peak_rss_mb: Math.round(process.memoryUsage().rss / 2 ** 20), error: (err as Error).message };
    }
    const chain = lines.find((l) => l.workload === 'chain' && typeof l.steps_per_s === 'number');
    if (workload === 'history' && chain && typeof line.steps_per_s === 'number') {
      line.ratio_to_chain = round(line.steps_per_s / (chain.steps_per_s as number));
    }
    lines.push(line);
    options.onLine?.(line);
  }
  return lines;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
