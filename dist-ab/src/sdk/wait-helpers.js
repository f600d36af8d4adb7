/** The wait loop shared by BatonClient (over HTTP) and LocalClient (in process). */
import { isTerminalTask } from '../domain/state-machine.js';
import { BatonError } from '../errors.js';
import { abortableSleep } from '../sleep.js';
/** A snapshot key of a task: what `wait` compares to decide whether to report an update. */
export function taskFingerprint(task) {
    return JSON.stringify([task.status, task.steps.map((s) => [s.name, s.state, s.attempts])]);
}
/**
 * Polls `get` every `pollMs` (default `defaultPollMs`) until the task is
 * terminal and returns it. `onUpdate` hears the first snapshot and each one
 * that differs from the last; past `timeoutMs` it throws `wait_timeout` (the
 * task is still running: a client-side limit, not an outage), with
 * `details.timeout` kept for callers of earlier versions; an aborted `signal`
 * rejects with its reason.
 */
export async function waitUntilTerminal(id, get, opts, defaultPollMs) {
    const pollMs = opts.pollMs ?? defaultPollMs;
    const deadline = opts.timeoutMs === undefined ? Infinity : Date.now() + opts.timeoutMs;
    let last;
    for (;;) {
        opts.signal?.throwIfAborted();
        const task = await get();
        const current = taskFingerprint(task);
        if (current !== last) {
            last = current;
            opts.onUpdate?.(task);
        }
        if (isTerminalTask(task.status))
            return task;
        if (Date.now() + pollMs > deadline) {
            throw new BatonError('wait_timeout', `task ${id} is still ${task.status} after ${opts.timeoutMs} ms; it goes on running: wait again, with a longer timeoutMs`, {
                details: { timeout: true, task_id: id, status: task.status },
            });
        }
        await abortableSleep(pollMs, opts.signal);
    }
}
//# sourceMappingURL=wait-helpers.js.map