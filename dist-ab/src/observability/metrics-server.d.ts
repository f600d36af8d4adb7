import type { BatonMetrics } from './metrics.js';
export interface MetricsServer {
    /** `http://host:port/metrics` */
    url: string;
    close(): Promise<void>;
}
export declare function startMetricsServer(metrics: BatonMetrics, opts: {
    host: string;
    port: number;
}): Promise<MetricsServer>;
