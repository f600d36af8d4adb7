/**
 * Measuring helpers shared by Baton's workloads and the peer benchmark:
 * an RSS sampler, percentiles, and a wait on a condition the database reports.
 */
import { setTimeout as delay } from 'node:timers/promises';
const MB = 1024 * 1024;
/**
 * The process's lifetime peak RSS in MiB, as the kernel counts it. Exact,
 * unlike sampling: PGlite runs its queries synchronously, so an interval
 * timer can starve for seconds while memory is at its highest.
 */
export function maxRssMb() {
    return Math.round(process.resourceUsage().maxRSS / 1024);
}
export function sampleRss(intervalMs = 50) {
    let peak = process.memoryUsage().rss;
    const sample = () => {
        const rss = process.memoryUsage().rss;
        if (rss > peak)
            peak = rss;
    };
    const timer = setInterval(sample, intervalMs);
    timer.unref();
    return {
        peakMb() {
            sample();
            return Math.round(peak / MB);
        },
        reset() {
            peak = process.memoryUsage().rss;
        },
        stop() {
            clearInterval(timer);
        },
    };
}
/** Nearest-rank percentile of `values` (not modified), in their unit, to 0.01. */
export function percentile(values, p) {
    if (values.length === 0)
        return NaN;
    const sorted = [...values].sort((a, b) => a - b);
    const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return round2(sorted[rank]);
}
export function round2(n) {
    return Math.round(n * 100) / 100;
}
/** Events per second over `ms` milliseconds, rounded. */
export function perSecond(count, ms) {
    return Math.round((count / ms) * 1000);
}
export function sleep(ms) {
    return delay(ms);
}
/**
 * Polls `check` until it returns true. The check asks the database, so a
 * workload ends when the rows say so, not when a handler returns. While
 * `gate` (an in-process count, say) returns false the database is not asked
 * at all: polling a table that the system under test is updating slows it
 * down, unevenly across systems. Throws after `timeoutMs` with `describe()`
 * in the message.
 */
export async function waitUntil(check, opts) {
    const deadline = Date.now() + opts.timeoutMs;
    const pollMs = opts.pollMs ?? 25;
    for (;;) {
        if ((!opts.gate || opts.gate()) && (await check()))
            return;
        if (Date.now() > deadline) {
            const state = opts.describe ? await opts.describe().catch((err) => String(err)) : '';
            throw new Error(`benchmark timed out after ${opts.timeoutMs} ms ${state}`.trim());
        }
        await sleep(pollMs);
    }
}
export function createStartCounter() {
    let count = 0;
    return {
        get count() {
            return count;
        },
        add(n = 1) {
            count += n;
        },
        reached(expected) {
            return () => count >= expected;
        },
    };
}
export function createStartSignal() {
    let waiting;
    return {
        mark() {
            const at = performance.now();
            const resolve = waiting;
            waiting = undefined;
            resolve?.(at);
        },
        next() {
            return new Promise((resolve) => (waiting = resolve));
        },
    };
}
/**
 * The latency workload's loop, the same for every system: `warmup` then
 * `samples` times, enqueue one job and time from just before the enqueue call
 * to its handler's start (`signal`), and also the enqueue call alone; then
 * wait until the job is done and 20 ms more, so the worker is idle again.
 */
export async function measureLatency(opts) {
    const times = [];
    // How long the enqueue call itself took: the part of the latency spent before any worker can know.
    const enqueueTimes = [];
    for (let i = 0; i < opts.warmup + opts.samples; i++) {
        const started = opts.signal.next();
        const t0 = performance.now();
        const job = await opts.enqueue();
        const enqueued = performance.now();
        const at = await started;
        if (i >= opts.warmup) {
            times.push(at - t0);
            enqueueTimes.push(enqueued - t0);
        }
        await opts.done(job);
        // Back to idle before the next sample: the worker is waiting, not finishing.
        await sleep(20);
    }
    return latencyMetrics(opts.samples, times, enqueueTimes);
}
/** The latency workload's figures, in milliseconds. */
export function latencyMetrics(samples, times, enqueueTimes) {
    return {
        samples,
        p50_ms: percentile(times, 50),
        p99_ms: percentile(times, 99),
        max_ms: round2(Math.max(...times)),
        mean_ms: round2(times.reduce((a, b) => a + b, 0) / times.length),
        enqueue_p50_ms: percentile(enqueueTimes, 50),
    };
}
//# sourceMappingURL=measure.js.map