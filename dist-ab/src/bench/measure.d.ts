/** Samples `process.memoryUsage().rss` on an interval and keeps the peak. */
export interface RssSampler {
    /** Highest RSS seen so far, in MiB. */
    peakMb(): number;
    /** Starts a fresh window: the peak restarts from the current RSS. */
    reset(): void;
    stop(): void;
}
/**
 * The process's lifetime peak RSS in MiB, as the kernel counts it. Exact,
 * unlike sampling: PGlite runs its queries synchronously, so an interval
 * timer can starve for seconds while memory is at its highest.
 */
export declare function maxRssMb(): number;
export declare function sampleRss(intervalMs?: number): RssSampler;
/** Nearest-rank percentile of `values` (not modified), in their unit, to 0.01. */
export declare function percentile(values: number[], p: number): number;
export declare function round2(n: number): number;
/** Events per second over `ms` milliseconds, rounded. */
export declare function perSecond(count: number, ms: number): number;
export declare function sleep(ms: number): Promise<void>;
/**
 * Polls `check` until it returns true. The check asks the database, so a
 * workload ends when the rows say so, not when a handler returns. While
 * `gate` (an in-process count, say) returns false the database is not asked
 * at all: polling a table that the system under test is updating slows it
 * down, unevenly across systems. Throws after `timeoutMs` with `describe()`
 * in the message.
 */
export declare function waitUntil(check: () => Promise<boolean>, opts: {
    timeoutMs: number;
    pollMs?: number;
    gate?: () => boolean;
    describe?: () => Promise<string>;
}): Promise<void>;
/** Handler starts counted in process: the gate for `waitUntil`. */
export interface StartCounter {
    readonly count: number;
    add(n?: number): void;
    /** True once `expected` starts were counted. */
    reached(expected: number): () => boolean;
}
export declare function createStartCounter(): StartCounter;
/**
 * A callback a handler calls when it starts, and a way to wait for the next
 * call: how latency is timed from enqueue to handler start in one process.
 */
export interface StartSignal {
    /** Called by the handler as its first action. */
    mark(): void;
    /** Resolves with `performance.now()` of the next `mark()` after this call. */
    next(): Promise<number>;
}
export declare function createStartSignal(): StartSignal;
/**
 * The latency workload's loop, the same for every system: `warmup` then
 * `samples` times, enqueue one job and time from just before the enqueue call
 * to its handler's start (`signal`), and also the enqueue call alone; then
 * wait until the job is done and 20 ms more, so the worker is idle again.
 */
export declare function measureLatency<T>(opts: {
    samples: number;
    warmup: number;
    signal: StartSignal;
    enqueue: () => Promise<T>;
    done: (job: T) => Promise<void>;
}): Promise<Record<string, number>>;
/** The latency workload's figures, in milliseconds. */
export declare function latencyMetrics(samples: number, times: number[], enqueueTimes: number[]): Record<string, number>;
