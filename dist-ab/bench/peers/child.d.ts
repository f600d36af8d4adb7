import type { SystemName, Workload } from './types.js';
import type { BenchSizes } from '../../src/bench/index.js';
export interface ChildSpec {
    system: SystemName;
    workload: Workload;
    /** Run the system's `prepare` step for the workload instead of the workload. */
    prepare?: boolean;
    url: string;
    sizes: BenchSizes;
}
export type ChildResult = {
    ok: true;
    metrics: Record<string, number | string | null>;
    peak_rss_mb: number;
} | {
    ok: false;
    error: string;
    peak_rss_mb: number;
};
