import type { TaskDetail, WaitOptions } from './client-types.js';
/** A snapshot key of a task: what `wait` compares to decide whether to report an update. */
export declare function taskFingerprint(task: Pick<TaskDetail, 'status' | 'steps'>): string;
/**
 * Polls `get` every `pollMs` (default `defaultPollMs`) until the task is
 * terminal and returns it. `onUpdate` hears the first snapshot and each one
 * that differs from the last; past `timeoutMs` it throws `wait_timeout` (the
 * task is still running: a client-side limit, not an outage), with
 * `details.timeout` kept for callers of earlier versions; an aborted `signal`
 * rejects with its reason.
 */
export declare function waitUntilTerminal<T extends TaskDetail>(id: string, get: () => Promise<T>, opts: WaitOptions, defaultPollMs: number): Promise<T>;
