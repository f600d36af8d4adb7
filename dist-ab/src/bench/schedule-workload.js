/**
 * The `schedules` workload: what the scheduler's tick costs. 1,000 schedules
 * at `every: 1m`; the tick is timed while none is due (what every process
 * pays every `schedules.tick_ms`: one index range read) and once when all of
 * them are due together (a task submitted per schedule, in batches of 100
 * per transaction).
 */
import { performance } from 'node:perf_hooks';
import { ScheduleService } from '../core/schedule-service.js';
import { tickSchedules } from '../core/scheduler.js';
import { readClock, setAllNextFireAt } from '../store/schedules.js';
import { percentile, round2 } from './measure.js';
export function scheduleBenchSizes(shrink = 1) {
    return { schedules: Math.max(10, 1000 / shrink), idleTicks: 50 };
}
const MINUTE = 60_000;
async function timed(fn) {
    const start = performance.now();
    const value = await fn();
    return { ms: performance.now() - start, value };
}
export async function runScheduleOverhead(env, schedules, idleTicks) {
    const { engine } = env.client;
    const service = new ScheduleService(engine);
    for (let i = 0; i < schedules; i++) {
        await service.apply({ name: `bench-${i}`, template: { namespace: 'bench', name: 'one' }, every: '1m', overlap: 'allow', catch_up: 'latest' });
    }
    const tick = () => tickSchedules(env.db, engine, { misfireGraceMs: MINUTE });
    const now = await readClock(env.db);
    // An hour ahead: no minute boundary during the idle ticks can make them due.
    await setAllNextFireAt(env.db, new Date(now.getTime() + 3_600_000));
    await tick(); // warm-up: plans, caches
    const idle = [];
    for (let i = 0; i < idleTicks; i++)
        idle.push((await timed(tick)).ms);
    // The current minute's slot: due now, and within the grace, so every schedule fires it once.
    await setAllNextFireAt(env.db, new Date(Math.floor(now.getTime() / MINUTE) * MINUTE));
    const due = await timed(tick);
    return {
        schedules,
        idle_ticks: idleTicks,
        idle_tick_p50_ms: percentile(idle, 50),
        idle_tick_p99_ms: percentile(idle, 99),
        due_tick_ms: round2(due.ms),
        due_fired: due.value.fired,
        due_per_schedule_ms: round2(due.ms / Math.max(1, due.value.fired)),
    };
}
//# sourceMappingURL=schedule-workload.js.map