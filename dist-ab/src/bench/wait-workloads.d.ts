import type { BatonEnv } from './baton-env.js';
import type { Metrics } from './baton-workloads.js';
/** Sizes of these workloads; `waitBenchSizes(10)` is the tenfold smaller smoke run. */
export interface WaitBenchSizes {
    /** Sleep steps due together in `timers`. @default 10000 */
    timers?: number;
    /** Tasks sleeping during the second half of `sleep-claims`. @default 10000 */
    sleepers?: number;
    /** Signals timed to the step's completion in `signals`. @default 500 */
    signals?: number;
    /** Signals timed on to the task's completion (a handler step after the wait) in `signals`. @default 200 */
    signalChains?: number;
}
export declare function waitBenchSizes(shrink?: number): Required<WaitBenchSizes>;
/**
 * `tasks` one-step sleep tasks, all `until` one time T a few seconds ahead
 * (on the database clock); a worker runtime's timekeeper starts them waiting
 * and wakes them. Each wake-up's lag is its `waiting -> complete` row's `at`
 * minus its `wake_at` (= T): the timer loop's interval, its batches, and the
 * transactions that complete the steps and settle their tasks.
 */
export declare function runTimers(env: BatonEnv, tasks: number): Promise<Metrics>;
/**
 * Claim latency for other work while steps sleep: the latency workload's
 * measurement with an idle worker and no sleeping task, then again with
 * `sleeping` tasks asleep (for an hour) beside it, and their ratios.
 */
export declare function runSleepClaims(env: BatonEnv, sleeping: number, samples: number, warmup: number): Promise<Metrics>;
/**
 * `signals` tasks whose one step waits for signal `go`, and `chains` tasks
 * whose wait step a handler step follows, all waiting before timing starts.
 * One signal at a time (`engine.signal`, library mode): the call's time (it
 * returns once the step's completion is committed), the database's time from
 * the signal's event row to the step's `waiting -> complete` row, and for the
 * chains, from the call to the handler's start (process clock) and from the
 * signal's row to the task's `complete` row (database clock).
 */
export declare function runSignals(env: BatonEnv, signals: number, chains: number): Promise<Metrics>;
