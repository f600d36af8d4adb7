/**
 * Baton's benchmark workloads as a library: `runBatonBench` runs them against
 * a configured database and hands back one JSON-ready line per workload (what
 * `baton bench` prints, and what the peer benchmark in bench/peers records
 * for Baton). Only what `baton bench` runs lives under src/; the statements
 * it needs are typed functions in src/store (task-counts, maintenance,
 * history-seed), and what only the repository's benchmarks use lives in
 * bench/. Nothing here knows about other job systems.
 */
import { defaultConfig } from '../config/schema.js';
import { openBatonEnv } from './baton-env.js';
import { benchSizes, runHistory, runLatency, runMemory, runThroughput } from './baton-workloads.js';
import { sampleRss } from './measure.js';
import { runTemplates } from './template-workload.js';
import { runScheduleOverhead, scheduleBenchSizes } from './schedule-workload.js';
import { runSignals, runSleepClaims, runTimers, waitBenchSizes } from './wait-workloads.js';
import { childBenchSizes, runChildren } from './child-workloads.js';
export { benchSizes, ensureHistory } from './baton-workloads.js';
export { openBatonEnv } from './baton-env.js';
export { waitBenchSizes } from './wait-workloads.js';
export { childBenchSizes } from './child-workloads.js';
export { Shapes, batonTemplate, dependentsOf, rootsOf, stepCount, BENCH_HANDLER } from './shapes.js';
export { createStartCounter, createStartSignal, latencyMetrics, maxRssMb, measureLatency, percentile, perSecond, round2, sampleRss, sleep, waitUntil, } from './measure.js';
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
];
/** What `runBatonBench` runs when no workloads are named: everything but `history`, which writes a million tasks. */
export const DefaultBatonWorkloads = [
    'flat',
    'chain',
    'latency',
    'dag',
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
];
function targetFor(workload, config, schema) {
    if (workload.startsWith('embedded_') || !config.database.url)
        return { kind: 'pglite' };
    return { kind: 'pg', url: config.database.url, ...(schema ? { schema } : {}) };
}
/**
 * Runs one workload in a fresh environment and returns its line. `schema`
 * names an existing empty schema to use as is (the peer benchmark gives each
 * workload a fresh database); otherwise a throwaway one is made.
 */
export async function runBatonWorkload(workload, opts) {
    const config = opts.config ?? defaultConfig();
    const sizes = opts.sizes;
    const rss = sampleRss();
    const env = await openBatonEnv(targetFor(workload, config, opts.schema), config, opts.logger);
    try {
        let metrics;
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
        }
        return { bench: 'baton', workload, backend: env.backend, ...metrics, peak_rss_mb: rss.peakMb() };
    }
    finally {
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
export async function runBatonBench(options = {}) {
    const config = options.config ?? defaultConfig();
    const sizes = options.sizes ?? {
        ...benchSizes(options.shrink ?? 1),
        ...waitBenchSizes(options.shrink ?? 1),
        ...scheduleBenchSizes(options.shrink ?? 1),
        ...childBenchSizes(options.shrink ?? 1),
    };
    const lines = [];
    for (const workload of options.workloads ?? DefaultBatonWorkloads) {
        let line;
        try {
            line = await runBatonWorkload(workload, { config, sizes, ...(options.logger ? { logger: options.logger } : {}) });
        }
        catch (err) {
            line = { bench: 'baton', workload, backend: targetFor(workload, config).kind, peak_rss_mb: Math.round(process.memoryUsage().rss / 2 ** 20), error: err.message };
        }
        const chain = lines.find((l) => l.workload === 'chain' && typeof l.steps_per_s === 'number');
        if (workload === 'history' && chain && typeof line.steps_per_s === 'number') {
            line.ratio_to_chain = round(line.steps_per_s / chain.steps_per_s);
        }
        lines.push(line);
        options.onLine?.(line);
    }
    return lines;
}
function round(n) {
    return Math.round(n * 100) / 100;
}
//# sourceMappingURL=index.js.map