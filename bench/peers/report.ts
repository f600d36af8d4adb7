/** The closing table: medians per system × workload, and Baton's ratio to each peer. */
import { Headline, Systems, Workloads, type SystemName, type Workload } from './types.js';

export interface ResultLine {
  bench: 'peers';
  round: number;
  system: SystemName;
  workload: Workload;
  peak_rss_mb: number;
  error?: string;
  [metric: string]: unknown;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function medianOf(lines: ResultLine[], system: SystemName, workload: Workload, metric: string): number | null {
  return median(lines.filter((l) => l.system === system && l.workload === workload && !l.error && typeof l[metric] === 'number').map((l) => l[metric] as number));
}

const fmt = (n: number | null, digits = 0): string => (n === null ? '–' : n >= 100 || digits === 0 ? Math.round(n).toLocaleString('en-US') : n.toFixed(digits));
const ratio = (a: number | null, b: number | null): string => (a === null || b === null || b === 0 ? '–' : `${(a / b).toFixed(2)}×`);

export interface MedianRow {
  workload: string;
  metric: string;
  higherIsBetter: boolean;
  values: Partial<Record<SystemName, number | null>>;
}

/** Medians of every headline figure. pg-boss's `chain_flow` is set against Baton's `chain`. */
export function medianRows(lines: ResultLine[]): MedianRow[] {
  const rows: MedianRow[] = [];
  for (const workload of Workloads) {
    for (const { metric, higherIsBetter } of Headline[workload]) {
      const values: Partial<Record<SystemName, number | null>> = {};
      for (const system of Systems) {
        const source: Workload = workload === 'chain_flow' && system === 'baton' ? 'chain' : workload;
        values[system] = medianOf(lines, system, source, metric);
      }
      // chain_flow borrows Baton's chain: without pg-boss's own figure the row says nothing.
      if (workload === 'chain_flow' && values['pg-boss'] === null) continue;
      if (Object.values(values).some((v) => v !== null)) rows.push({ workload, metric, higherIsBetter, values });
    }
  }
  return rows;
}

const LABELS: Partial<Record<Workload, string>> = {
  chain_flow: 'chain (pg-boss via flow(); Baton: chain)',
  dag: 'dag (graphile hand-chained; pg-boss via flow())',
  embedded_flat: 'embedded flat (PGlite)',
  embedded_chain: 'embedded chain (PGlite)',
  history: 'history (chain with 1M finished tasks kept)',
};

export const SystemLabels: Record<SystemName, string> = { baton: 'Baton', 'graphile-worker': 'graphile-worker', 'pg-boss': 'pg-boss', dbos: 'DBOS' };

/** A Markdown table of the medians, Baton's ratio to each peer (for ms and MB, lower is better). */
export function medianTable(lines: ResultLine[]): string {
  const peers = Systems.filter((s) => s !== 'baton');
  const out = [
    `| workload | figure | ${Systems.map((s) => SystemLabels[s]).join(' | ')} | ${peers.map((p) => `Baton ÷ ${SystemLabels[p]}`).join(' | ')} |`,
    `| --- | --- | ${Systems.map(() => '---:').join(' | ')} | ${peers.map(() => '---:').join(' | ')} |`,
  ];
  for (const row of medianRows(lines)) {
    const v = row.values;
    const digits = row.metric.endsWith('_ms') || row.metric.startsWith('ratio') ? 2 : 0;
    const unit = row.metric.replace(/_/g, ' ').replace(' per s', '/s');
    const cells = Systems.map((s) => fmt(v[s] ?? null, digits));
    const ratios = peers.map((p) => ratio(v.baton ?? null, v[p] ?? null));
    out.push(`| ${LABELS[row.workload as Workload] ?? row.workload} | ${unit}${row.higherIsBetter ? '' : ' (lower is better)'} | ${cells.join(' | ')} | ${ratios.join(' | ')} |`);
  }
  return out.join('\n');
}

/** Peak RSS (MiB) of each system's process, median over rounds, per workload. */
export function rssTable(lines: ResultLine[]): string {
  const out = [`| workload | ${Systems.map((s) => SystemLabels[s]).join(' | ')} |`, `| --- | ${Systems.map(() => '---:').join(' | ')} |`];
  for (const workload of Workloads) {
    const values = Systems.map((s) => medianOf(lines, s, workload, 'peak_rss_mb'));
    if (values.some((v) => v !== null)) out.push(`| ${workload} | ${values.map((v) => fmt(v)).join(' | ')} |`);
  }
  return out.join('\n');
}
