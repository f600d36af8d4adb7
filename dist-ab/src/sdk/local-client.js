import { isTerminalStatus } from './client.js';
import { Workflow } from './workflow.js';
import { abortableSleep as sleep } from '../sleep.js';
import { waitUntilTerminal } from './wait-helpers.js';
function idOf(task) {
    return typeof task === 'string' ? task : task.id;
}
function withOutputs(task) {
    const outputs = {};
    for (const step of task.steps)
        if (step.state === 'complete' || step.state === 'resolved')
            outputs[step.name] = step.output ?? null;
    return { ...task, outputs: outputs };
}
/**
 * Submits and follows tasks through an Engine in this process (library mode's `baton.client`).
 *
 * @example
 * const task = await baton.client.submit(orderWorkflow, { order_id: 'o-1', items: [] });
 * const done = await baton.client.wait(task, { timeoutMs: 30_000 });
 * done.outputs.ship_order?.tracking_id; // typed from ship_order's handler
 */
export class LocalClient {
    engine;
    constructor(engine) {
        this.engine = engine;
    }
    async submit(target, context, opts = {}) {
        const request = target instanceof Workflow ? { ...opts, namespace: target.namespace, name: target.name, version: target.version, context: (context ?? {}) } : target;
        // The shape BatonClient answers (the correlation id is on the task: `get`).
        const { id, status, created } = await this.engine.submit(request);
        return { id, status, created };
    }
    /** Submits many tasks in one transaction (all or none). */
    async submitMany(requests) {
        return (await this.engine.submitMany(requests)).map(({ id, status, created }) => ({ id, status, created }));
    }
    /** The task with every step, and `outputs` of its finished steps. */
    async get(task) {
        return withOutputs(await this.engine.getTask(idOf(task)));
    }
    /** Polls until the task is terminal (complete, error, cancelled, timed_out) and returns it. */
    async wait(task, opts = {}) {
        const id = idOf(task);
        return waitUntilTerminal(id, () => this.get(id), opts, 50);
    }
    /**
     * Every event of the task (transitions and progress, as `GET /v1/tasks/:id/events`
     * streams them), from `afterId` on, ending once the task is terminal and
     * all its events were yielded. Breaking out of the loop stops polling.
     *
     * @example
     * for await (const event of baton.client.watch(task)) if (event.step) console.log(event.step, event.from, '->', event.to);
     */
    async *watch(task, opts = {}) {
        const id = idOf(task);
        const pollMs = opts.pollMs ?? 50;
        let after = opts.afterId ?? 0;
        for (;;) {
            opts.signal?.throwIfAborted();
            // Read the status first: events written before a terminal status are then all in the next read.
            const terminal = isTerminalStatus((await this.engine.getTask(id)).status);
            for (;;) {
                const events = await this.engine.events(id, after);
                for (const event of events) {
                    after = event.id;
                    yield event;
                }
                if (events.length === 0)
                    break;
            }
            if (terminal)
                return;
            await sleep(pollMs, opts.signal);
        }
    }
    /**
     * Sends signal `name` to a task, as `BatonClient.signal` does over HTTP; a
     * task submitted from a Workflow types the name and the payload.
     *
     * @throws BatonError `not_found`, `invalid_signal` or `conflict`, as over HTTP.
     * @example await baton.client.signal(task, 'approval', { approved: true });
     */
    signal(task, name, payload, opts = {}) {
        const taskId = typeof task === 'string' ? task : task.id;
        return this.engine.signal({ taskId, name, payload: payload ?? null, idempotencyKey: opts.idempotencyKey ?? null });
    }
    /** Sends an external event to every step waiting for its name and key, or keeps it for one, as `BatonClient.sendEvent` does. */
    sendEvent(event) {
        return this.engine.sendEvent({ name: event.name, key: String(event.key), payload: event.payload ?? null, idempotencyKey: event.idempotencyKey ?? null });
    }
    /**
     * Cancels a live task; running handlers see their signal abort.
     * @throws BatonError `conflict` when the task already finished (complete or error), as over HTTP.
     */
    async cancel(task) {
        const id = idOf(task);
        const { changed, status } = await this.engine.cancel(id);
        return { id, changed, status };
    }
}
//# sourceMappingURL=local-client.js.map