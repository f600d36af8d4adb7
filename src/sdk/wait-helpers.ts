import type { TaskDetail } from './client.js';

/** Sleeps `ms`; rejects with the signal's reason when it aborts first. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A snapshot key of a task: what `wait` compares to decide whether to report an update. */
export function taskFingerprint(task: Pick<TaskDetail, 'status' | 'steps'>): string {
  return JSON.stringify([task.status, task.steps.map((s) => [s.name, s.state, s.attempts])]);
}
