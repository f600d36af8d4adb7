/**
 * Runs one system × workload in a process of its own, so that each gets a
 * clean heap, its own peak RSS, and no timers left over from another system.
 * The spec arrives as JSON in argv[2]; the result goes back over IPC.
 */
import { maxRssMb, sampleRss } from '../../src/bench/index.js';
import type { BenchSystem, SystemName, Workload } from './types.js';
import type { BenchSizes } from '../../src/bench/index.js';

export interface ChildSpec {
  system: SystemName;
  workload: Workload;
  /** Run the system's `prepare` step for the workload instead of the workload. */
  prepare?: boolean;
  url: string;
  sizes: BenchSizes;
}

export type ChildResult = { ok: true; metrics: Record<string, number | string | null>; peak_rss_mb: number } | { ok: false; error: string; peak_rss_mb: number };

async function loadSystem(name: SystemName): Promise<BenchSystem> {
  // Loaded lazily: a child holds only the system it measures.
  switch (name) {
    case 'baton':
      return (await import('./baton.js')).batonSystem;
    case 'graphile-worker':
      return (await import('./graphile.js')).graphileSystem;
    case 'pg-boss':
      return (await import('./pgboss.js')).pgBossSystem;
    case 'dbos':
      return (await import('./dbos.js')).dbosSystem;
  }
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2]) as ChildSpec;
  const rss = sampleRss();
  let result: ChildResult;
  try {
    const system = await loadSystem(spec.system);
    const run = spec.prepare ? system.prepare?.[spec.workload] : system.workloads[spec.workload];
    if (!run) throw new Error(`${spec.system} has no ${spec.prepare ? 'preparation for the ' : ''}${spec.workload} workload`);
    const metrics = await run({ url: spec.url, sizes: spec.sizes, rss });
    result = { ok: true, metrics, peak_rss_mb: Math.max(rss.peakMb(), maxRssMb()) };
  } catch (err) {
    result = { ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err), peak_rss_mb: Math.max(rss.peakMb(), maxRssMb()) };
  }
  rss.stop();
  process.send!(result, () => process.exit(0));
}

void main();
