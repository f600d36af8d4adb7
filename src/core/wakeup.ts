import { channelName, type Db } from '../store/db.js';

export type WakeMode = 'hybrid' | 'event' | 'polling';

/**
 * Wakes idle claim loops when work becomes ready. A sequence number closes the
 * race between "claimed nothing" and "started waiting": a waiter passes the
 * sequence it saw before claiming and returns at once if it has moved since.
 */
export class Wakeup {
  private seqValue = 0;
  private readonly waiters = new Set<() => void>();
  private unsubscribe: (() => Promise<void>) | undefined;

  private constructor(readonly mode: WakeMode) {}

  static async create(db: Db, mode: WakeMode, topic: 'ready' | 'events' = 'ready'): Promise<Wakeup> {
    const wakeup = new Wakeup(mode);
    if (mode !== 'polling') {
      wakeup.unsubscribe = await db.listen(channelName(db.schema, topic), () => wakeup.notify());
    }
    return wakeup;
  }

  get seq(): number {
    return this.seqValue;
  }

  notify(): void {
    this.seqValue++;
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves on a notification after `seenSeq`, after `timeoutMs`, or when `signal` aborts. */
  wait(seenSeq: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.seqValue !== seenSeq || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, timeoutMs));
      this.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  async close(): Promise<void> {
    for (const wake of [...this.waiters]) wake();
    await this.unsubscribe?.();
  }
}
