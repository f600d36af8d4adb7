import { sleepUnlessAborted as sleep } from '../sleep.js';
/** Handlers faster than this on average make the worker claim ahead (see `ClaimAhead`). */
const PREFETCH_BELOW_MS = 50;
/** A prefetching worker claims ahead about this much work (at the handlers' average speed), at most `claimBatch` steps. */
const PREFETCH_WINDOW_MS = 100;
/**
 * The worker's claim-ahead scheduler: claims as many executions as the free
 * slots can start, and, for a worker whose handlers are quick, more ahead of
 * them into a buffer (one commit then serves twice the steps); a worker with
 * slow handlers would otherwise sit on work another worker could start now.
 * It also asks for executions along with a batch of completions (`reserveAlong`
 * and `takeClaimed`, for the reporter) while its own loop waits for work.
 */
export class ClaimAhead {
    opts;
    /** Executions claimed ahead of a free slot. */
    buffer = [];
    handlerMsAverage = 1000;
    /** Executions asked for along with a batch of completions, not yet arrived. */
    claimsOnTheWay = 0;
    /** The claim loop found nothing and sleeps until a wake-up. */
    waitingForWork = false;
    slotFreed;
    constructor(opts) {
        this.opts = opts;
    }
    /** Executions claimed and not started yet (their leases are held: heartbeats extend them). */
    get buffered() {
        return this.buffer;
    }
    get prefetch() {
        if (this.handlerMsAverage >= PREFETCH_BELOW_MS)
            return 0;
        // Enough to keep every slot busy for the window: quick handlers get large
        // claims (one commit serves hundreds of steps), slower ones hold back less.
        const perSlot = Math.ceil(PREFETCH_WINDOW_MS / Math.max(this.handlerMsAverage, 0.1));
        return Math.min(this.opts.claimBatch, this.opts.concurrency * perSlot);
    }
    /** Executions worth claiming now (0 while what is buffered still covers half the target). */
    get wanted() {
        const target = this.opts.concurrency + this.prefetch;
        const wanted = Math.min(this.opts.claimBatch, target - this.opts.running() - this.buffer.length - this.claimsOnTheWay);
        return wanted <= 0 || (this.buffer.length > 0 && wanted < Math.ceil(target / 2)) ? 0 : wanted;
    }
    /** How many executions to claim along with the reporter's next batch of completions; counted as on the way. */
    reserveAlong() {
        // Only while the claim loop waits for work: a busy loop claims in parallel
        // with the reports (measured: two pipelines beat one on a busy database),
        // an idle one would wait for a NOTIFY about steps this commit releases.
        if (this.opts.signal.aborted || !this.waitingForWork)
            return 0;
        const wanted = this.wanted;
        this.claimsOnTheWay += wanted;
        return wanted;
    }
    /** Takes what a batch of completions claimed for `reserved` (from `reserveAlong`). */
    async takeClaimed(claimed, reserved) {
        this.claimsOnTheWay -= reserved;
        // The claim loop may be waiting on these: let it count again.
        this.wake();
        if (claimed.length === 0)
            return;
        if (this.opts.signal.aborted) {
            // Claimed while stopping: hand them back at once, uncounted.
            await this.opts.transport
                .release(claimed.map((e) => ({ executionId: e.execution_id, leaseId: e.lease_id })))
                .catch((err) => this.opts.logger.warn({ err }, 'could not hand claimed leases back; they will expire and the steps be retried'));
            return;
        }
        this.buffer.push(...claimed);
        this.pump();
    }
    /** Claims until the signal aborts. */
    async loop() {
        const { transport, logger, signal: stop } = this.opts;
        let woken = false;
        while (!stop.aborted) {
            // Bound the reports waiting for their commit, so a slow database slows claiming too.
            if (this.opts.reports.pending > (this.opts.concurrency + this.prefetch) * 2)
                await this.opts.reports.drain();
            let wanted = this.wanted;
            if (wanted === 0) {
                await new Promise((resolve) => (this.slotFreed = resolve));
                continue;
            }
            // Woken from idle, ask first for what the slots can start: a small claim
            // is quick to plan (the pickup latency of a lone step); if it comes back
            // full, the next round asks for the rest.
            if (woken)
                wanted = Math.min(wanted, this.opts.concurrency);
            woken = false;
            let claimed;
            try {
                claimed = await transport.claim(wanted, stop);
            }
            catch (err) {
                logger.warn({ err }, 'claim failed; retrying');
                await sleep(Math.min(this.opts.idleWaitMs, 1000), stop);
                continue;
            }
            this.buffer.push(...claimed);
            this.pump();
            const drained = claimed.length === 0 || (claimed.length < wanted && transport.shortClaimMeansEmpty === true);
            // Nothing else is ready for us: wait for a wake-up rather than ask again.
            if (drained && !stop.aborted) {
                this.waitingForWork = true;
                await transport.waitForWork(this.opts.idleWaitMs, stop).catch(() => sleep(this.opts.idleWaitMs, stop));
                this.waitingForWork = false;
                woken = true;
            }
        }
    }
    /** A step took `durationMs` and its slot is free: start the next, and let the loop count again. */
    finished(durationMs) {
        this.handlerMsAverage = this.handlerMsAverage * 0.8 + durationMs * 0.2;
        this.pump();
        this.wake();
    }
    /** Lets a claim loop that waits for a free slot count again. */
    wake() {
        this.slotFreed?.();
        this.slotFreed = undefined;
    }
    /** Takes the buffered executions that `match` out of the buffer, and returns them. */
    drop(match) {
        const dropped = this.buffer.filter(match);
        for (const e of dropped)
            this.buffer.splice(this.buffer.indexOf(e), 1);
        return dropped;
    }
    /** Starts buffered executions while slots are free. */
    pump() {
        while (this.opts.running() < this.opts.concurrency && this.buffer.length > 0 && !this.opts.signal.aborted) {
            this.opts.start(this.buffer.shift());
        }
    }
}
//# sourceMappingURL=claim-ahead.js.map