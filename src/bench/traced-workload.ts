/**
 * The cost of tracing (issue #17): the flat and chain workloads with no
 * tracer provider registered, then with Baton's own (`[telemetry]`: a
 * BatchSpanProcessor, every trace sampled) exporting to a sink that only
 * counts spans, so the figure is Baton's and the SDK's work, not a
 * collector's. Off and on alternate, three rounds, medians. `*_ratio` is on / off throughput (1.0: tracing costs nothing).
 */
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { BatonConfig } from '../config/schema.js';
import type { Runtime } from '../runtime.js';
import { createLogger, type Logger } from '../observability/logger.js';
import { startTracing } from '../observability/tracing-sdk.js';
import type { BatonEnv } from './baton-env.js';
import { runThroughput, type Metrics } from './baton-workloads.js';
import { round2 } from './measure.js';

/** A span exporter that keeps nothing: it counts what the batch processor hands it. */
class CountingExporter implements SpanExporter {
  spans = 0;
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.spans += spans.length;
    done({ code: ExportResultCode.SUCCESS });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** The median of some numbers. */
function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs flat (`flat` one-step tasks) and chain (`chain` 3-step tasks), each
 * with tracing off then on, `rounds` times; figures are medians over the
 * rounds (a shared machine drifts between runs, so off and on alternate).
 * With `fresh`, every run gets a new environment from it (PostgreSQL: a
 * schema is cheap); without, every run uses `env` (PGlite: a database
 * directory costs seconds and hundreds of MB to create).
 */
export async function runTraced(
  env: BatonEnv,
  fresh: (() => Promise<BatonEnv>) | undefined,
  config: BatonConfig,
  sizes: { flat: number; chain: number; tracedRounds?: number },
  logger?: Logger,
): Promise<Metrics> {
  const log = logger ?? createLogger({ level: 'warn', destination: process.stderr });
  const exporter = new CountingExporter();
  const rounds = sizes.tracedRounds ?? 3;
  const measure = async (traced: boolean, mix: Parameters<typeof runThroughput>[1]): Promise<Metrics> => {
    const tracing = traced ? await startTracing({ ...config.telemetry, enabled: true, sampleRatio: 1 }, log, { exporter }) : null;
    if (traced && !tracing) throw new Error('traced bench: a tracer provider is already registered in this process');
    const target = fresh ? await fresh() : env;
    // The run's worker stops with it: a worker left from an earlier run on `env` would take this run's steps.
    const workers: Runtime[] = [];
    const view: BatonEnv = { ...target, startWorker: async (onStart) => workers[workers.push(await target.startWorker(onStart)) - 1] };
    try {
      return await runThroughput(view, mix);
    } finally {
      for (const w of workers) await w.stop();
      if (target !== env) await target.close();
      await tracing?.shutdown();
    }
  };
  const runs: Record<'flatOff' | 'flatOn' | 'chainOff' | 'chainOn', Metrics[]> = { flatOff: [], flatOn: [], chainOff: [], chainOn: [] };
  for (let round = 0; round < rounds; round++) {
    runs.flatOff.push(await measure(false, [['one', sizes.flat]]));
    runs.flatOn.push(await measure(true, [['one', sizes.flat]]));
    runs.chainOff.push(await measure(false, [['chain3', sizes.chain]]));
    runs.chainOn.push(await measure(true, [['chain3', sizes.chain]]));
  }
  const med = (ms: Metrics[], key: string) => median(ms.map((m) => Number(m[key])));
  const notComplete = Object.values(runs)
    .flat()
    .reduce((sum, m) => sum + Number(m.not_complete), 0);
  return {
    rounds,
    flat_tasks: sizes.flat,
    flat_off_tasks_per_s: med(runs.flatOff, 'tasks_per_s'),
    flat_on_tasks_per_s: med(runs.flatOn, 'tasks_per_s'),
    flat_ratio: round2(med(runs.flatOn, 'tasks_per_s') / med(runs.flatOff, 'tasks_per_s')),
    flat_submit_ratio: round2(med(runs.flatOn, 'submit_tasks_per_s') / med(runs.flatOff, 'submit_tasks_per_s')),
    chain_tasks: sizes.chain,
    chain_off_steps_per_s: med(runs.chainOff, 'steps_per_s'),
    chain_on_steps_per_s: med(runs.chainOn, 'steps_per_s'),
    chain_ratio: round2(med(runs.chainOn, 'steps_per_s') / med(runs.chainOff, 'steps_per_s')),
    spans_exported: exporter.spans,
    not_complete: notComplete,
  };
}
