export const Systems = ['baton', 'graphile-worker', 'pg-boss'];
export const Workloads = ['flat', 'chain', 'chain_flow', 'latency', 'dag', 'history', 'embedded_flat', 'embedded_chain', 'memory', 'embedded_memory'];
/** The figure a workload is judged by, and whether more is better. */
export const Headline = {
    flat: [{ metric: 'jobs_per_s', higherIsBetter: true }],
    chain: [{ metric: 'steps_per_s', higherIsBetter: true }],
    chain_flow: [{ metric: 'steps_per_s', higherIsBetter: true }],
    latency: [
        { metric: 'p50_ms', higherIsBetter: false },
        { metric: 'p99_ms', higherIsBetter: false },
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
//# sourceMappingURL=types.js.map