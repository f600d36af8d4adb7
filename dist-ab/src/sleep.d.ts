export interface SleepOptions {
    /** false: the wait does not keep the process alive (an unref'd timer). @default true */
    ref?: boolean;
}
/** Sleeps `ms`; rejects with the signal's own reason (not an AbortError) when it aborts first. */
export declare function abortableSleep(ms: number, signal?: AbortSignal, opts?: SleepOptions): Promise<void>;
/** Sleeps `ms`, or less: it resolves (never rejects) as soon as `signal` aborts. For loops that stop on a signal. */
export declare function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void>;
