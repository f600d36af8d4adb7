/**
 * Sleeps, on `node:timers/promises`. Its abortable `setTimeout` rejects with
 * an `AbortError`; the two flavours here say what an abort means to the caller.
 */
import { setTimeout as delay } from 'node:timers/promises';
/** Sleeps `ms`; rejects with the signal's own reason (not an AbortError) when it aborts first. */
export async function abortableSleep(ms, signal, opts = {}) {
    try {
        await delay(ms, undefined, { signal, ref: opts.ref ?? true });
    }
    catch (err) {
        throw signal?.aborted ? signal.reason : err;
    }
}
/** Sleeps `ms`, or less: it resolves (never rejects) as soon as `signal` aborts. For loops that stop on a signal. */
export async function sleepUnlessAborted(ms, signal) {
    try {
        await delay(ms, undefined, { signal });
    }
    catch (err) {
        if (!signal?.aborted)
            throw err;
    }
}
//# sourceMappingURL=sleep.js.map