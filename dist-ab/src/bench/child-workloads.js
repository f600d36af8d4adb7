import { countLiveTasks, countLiveTasksByStatus, countTasksNotComplete, countTasksWithStatus } from '../store/task-counts.js';
import { perSecond, round2, waitUntil } from './measure.js';
import { BENCH_HANDLER } from './shapes.js';
export function childBenchSizes(shrink = 1) {
    return { childParents: Math.max(10, 1000 / shrink), childrenPerParent: 10 };
}
const SUBMIT_BATCH = 500;
/** Longest the workload may take before it is reported as failed. */
const TIMEOUT_MS = 15 * 60_000;
const CHILD = {
    namespace: 'bench',
    name: 'child_one',
    version: '1',
    steps: [{ name: 'work', handler: BENCH_HANDLER }],
};
const PARENT = {
    namespace: 'bench',
    name: 'child_parent',
    version: '1',
    steps: [
        { name: 'list', handler: BENCH_HANDLER, kind: 'fan_out', fan_out: { each: 'child', items: '${context.items}' } },
        { name: 'child', kind: 'workflow', depends_on: ['list'], workflow: { namespace: 'bench', name: 'child_one', context: {} } },
    ],
};
/**
 * `parents` parents of `perParent` children each. The worker runtime starts
 * first and reads both templates (on PGlite a timekeeper meeting a template
 * its process has not read yet would read it through the pool from inside its
 * own transaction, which holds the one connection), then every parent is
 * submitted and the clock runs until no task is open. Children are started and
 * their parents woken by the timer loop, one transaction per child each way.
 */
export async function runChildren(env, parents, perParent) {
    const ids = [];
    for (const template of [CHILD, PARENT])
        ids.push((await env.client.engine.registerTemplate(template)).row.id);
    const worker = await env.startWorker();
    for (const id of ids)
        await worker.engine.templates.byIdOrThrow(id);
    const items = Array.from({ length: perParent }, (_, i) => i);
    const requests = Array.from({ length: parents }, () => ({ namespace: 'bench', name: 'child_parent', context: { items } }));
    const started = performance.now();
    const parentIds = [];
    for (let i = 0; i < requests.length; i += SUBMIT_BATCH) {
        for (const r of await env.client.engine.submitMany(requests.slice(i, i + SUBMIT_BATCH)))
            parentIds.push(r.id);
    }
    const submitMs = performance.now() - started;
    await waitUntil(async () => (await countLiveTasks(env.db)) === 0, {
        timeoutMs: TIMEOUT_MS,
        pollMs: 50,
        describe: async () => `open tasks ${JSON.stringify(await countLiveTasksByStatus(env.db))}`,
    });
    const ms = performance.now() - started;
    const children = parents * perParent;
    // Per parent: the fan-out step, one workflow instance per child, the join; per child: its handler step.
    const steps = parents * (2 + perParent) + children;
    return {
        parents,
        children,
        steps,
        handler_steps: parents + children,
        seconds: round2(ms / 1000),
        steps_per_s: perSecond(steps, ms),
        children_per_s: perSecond(children, ms),
        submit_parents_per_s: perSecond(parents, submitMs),
        tasks_complete: await countTasksWithStatus(env.db, 'complete'),
        not_complete: await countTasksNotComplete(env.db, parentIds),
    };
}
//# sourceMappingURL=child-workloads.js.map