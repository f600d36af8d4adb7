/**
 * Submission options and operator actions with `BatonClient`, against a
 * running Baton (`npm start` serves the examples these functions use).
 *
 *   npm run build && node dist/examples/sdk/client.js [http://127.0.0.1:8080]
 *
 * The CLI does the same with `baton task submit --priority/--run-at/--tag/
 * --idempotency-key` and `baton task retry-step|resolve-step`.
 */
import { pathToFileURL } from 'node:url';
import { BatonClient } from '../../src/client.js'; // 'baton/client' in your project
/** Priority, a delayed start, tags and an idempotency key on one submission. */
export async function submitWithOptions(baton) {
    const request = {
        namespace: 'examples',
        name: 'diamond',
        context: { value: 3, label: 'later' },
        priority: 10, // among ready steps, higher priority tasks' steps are claimed first
        run_at: '2030-01-01T00:00:00Z', // nothing of the task runs before this time
        tags: ['demo', 'guide'], // list({ tag: 'guide' }) finds it
        idempotency_key: 'diamond-2030-sdk', // submitting the same key again returns the same task
    };
    const first = await baton.submit(request);
    const again = await baton.submit(request); // again.id === first.id, again.created === false
    const task = await baton.get(first.id); // 'pending' until run_at ('cancelled' when a run before this one cancelled it)
    const { tasks } = await baton.list({ tag: 'guide' });
    await baton.cancel(first.id); // a delayed task can be cancelled before it starts
    return { first, again, status: task.status, tagged: tasks.map((t) => t.id) };
}
const FAILING_IMPORT = { records: 30, fail_at: 25, fail_times: 3 };
/** The import fails more times than its retries allow; an operator retries the step and it resumes from its checkpoint. */
export async function retryFailedStep(baton) {
    const { id } = await baton.submit({ namespace: 'examples', name: 'import_with_checkpoint', context: FAILING_IMPORT });
    const failed = await baton.wait(id, { timeoutMs: 30_000 }); // 'error': import failed 3 times, verify was skipped
    await baton.retryStep(id, 'import'); // the task reopens; the attempts start again, the checkpoint stays
    const done = await baton.wait(id, { timeoutMs: 30_000 }); // 'complete'
    return { id, failed: failed.status, done: done.status, import: done.steps.find((s) => s.name === 'import')?.output };
}
/** The same failure, settled by hand instead: the step is `resolved` with an output, which its dependents read. */
export async function resolveFailedStep(baton) {
    const { id } = await baton.submit({ namespace: 'examples', name: 'import_with_checkpoint', context: FAILING_IMPORT });
    const failed = await baton.wait(id, { timeoutMs: 30_000 });
    await baton.resolveStep(id, 'import', { imported: 30, total: 1525 });
    const done = await baton.wait(id, { timeoutMs: 30_000 });
    return { id, failed: failed.status, done: done.status, verify: done.steps.find((s) => s.name === 'verify')?.output };
}
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
    const baton = new BatonClient(process.argv[2] ?? process.env.BATON_SERVER_URL ?? 'http://127.0.0.1:8080', { token: process.env.BATON_TOKEN });
    console.log(JSON.stringify(await submitWithOptions(baton)));
    console.log(JSON.stringify(await retryFailedStep(baton)));
    console.log(JSON.stringify(await resolveFailedStep(baton)));
}
//# sourceMappingURL=client.js.map