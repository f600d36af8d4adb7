/** The closing table: medians per system × workload, and Baton's ratio to each peer. */
import { type SystemName, type Workload } from './types.js';
export interface ResultLine {
    bench: 'peers';
    round: number;
    system: SystemName;
    workload: Workload;
    peak_rss_mb: number;
    error?: string;
    [metric: string]: unknown;
}
export declare function median(values: number[]): number | null;
export interface MedianRow {
    workload: string;
    metric: string;
    higherIsBetter: boolean;
    values: Partial<Record<SystemName, number | null>>;
}
/** Medians of every headline figure. pg-boss's `chain_flow` is set against Baton's `chain`. */
export declare function medianRows(lines: ResultLine[]): MedianRow[];
/** A Markdown table of the medians, Baton's ratio to each peer (for ms and MB, lower is better). */
export declare function medianTable(lines: ResultLine[]): string;
/** Peak RSS (MiB) of each system's process, median over rounds, per workload. */
export declare function rssTable(lines: ResultLine[]): string;
