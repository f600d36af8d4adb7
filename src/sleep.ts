/**
 * Sleeps, on `node:timers/promises`. Its abortable `setTimeout` rejects with
 * an `AbortError`; the two flavours here say what an abort means to the caller.
 */
import { setTimeout as delay } from 'node:timers/promises';

export interface SleepOptions {
  /** false: the wait does not keep the process alive (an unref'd timer). @default true */
  ref?: boolean;
}

/** Sleeps `ms`; rejects with the signal's own reason (not an AbortError) when it aborts first. */
export async function abortableSleep(ms: number, signal?: AbortSignal, opts: SleepOptions = {}): Promise<void> {
  try {
    await delay(ms, undefined, { signal, ref: opts.ref ?? true });
  } catch (err) {
    throw signal?.aborted ? signal.reason : err;
  }
}

/** Sleeps `ms`, or less: it resolves (never rejects) as soon as `signal` aborts. For loops that stop on a signal. */
export async function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch (err) {
    if (!signal?.aborted) throw err;
  }
}
