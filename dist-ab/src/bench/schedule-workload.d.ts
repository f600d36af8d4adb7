import type { BatonEnv } from './baton-env.js';
import type { Metrics } from './baton-workloads.js';
export interface ScheduleBenchSizes {
    /** Schedules at `every: 1m`. @default 1000 */
    schedules?: number;
    /** Ticks timed with nothing due. @default 50 */
    idleTicks?: number;
}
export declare function scheduleBenchSizes(shrink?: number): Required<ScheduleBenchSizes>;
export declare function runScheduleOverhead(env: BatonEnv, schedules: number, idleTicks: number): Promise<Metrics>;
