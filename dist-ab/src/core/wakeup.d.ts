import { type Db } from '../store/db.js';
export type WakeMode = 'hybrid' | 'event' | 'polling';
/**
 * Wakes idle claim loops when work becomes ready. A sequence number closes the
 * race between "claimed nothing" and "started waiting": a waiter passes the
 * sequence it saw before claiming and returns at once if it has moved since.
 */
export declare class Wakeup {
    readonly mode: WakeMode;
    private seqValue;
    private readonly waiters;
    private unsubscribe;
    private constructor();
    static create(db: Db, mode: WakeMode, topic?: 'ready' | 'events'): Promise<Wakeup>;
    get seq(): number;
    notify(): void;
    /** Resolves on a notification after `seenSeq`, after `timeoutMs`, or when `signal` aborts. */
    wait(seenSeq: number, timeoutMs: number, signal?: AbortSignal): Promise<void>;
    close(): Promise<void>;
}
