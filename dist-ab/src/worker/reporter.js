import { retryWorkerCall } from './retry-policy.js';
const MAX_BATCH = 500;
const MAX_LANES = 2;
/** Reports waiting behind a busy lane before a second one opens. */
const SECOND_LANE_BACKLOG = 50;
/** With the worker's backoff (200 ms doubling to 5 s, src/worker/retry-policy.ts), about 15 s of trying. */
const MAX_DELIVERY_ATTEMPTS = 8;
/**
 * Sends outcomes in batches: while one batch is being committed, the next one
 * gathers, so a busy worker pays one commit for many steps and an idle one
 * pays no added latency.
 */
export class Reporter {
    transport;
    logger;
    claimAlong;
    queue = [];
    lanes = new Set();
    constructor(transport, logger, claimAlong) {
        this.transport = transport;
        this.logger = logger;
        this.claimAlong = claimAlong;
    }
    /** Reports not yet delivered. */
    get pending() {
        return this.queue.length + this.inFlightCount;
    }
    inFlightCount = 0;
    send(report) {
        return new Promise((resolve) => {
            this.queue.push({ report, resolve });
            this.openLanes();
        });
    }
    /**
     * One lane delivers while the next batch gathers; a second opens only when
     * reports pile up behind the first, so two commits overlap their waits.
     */
    openLanes() {
        while (this.queue.length > 0 && (this.lanes.size === 0 || (this.lanes.size < MAX_LANES && this.queue.length >= SECOND_LANE_BACKLOG))) {
            const lane = this.flushLoop().finally(() => {
                this.lanes.delete(lane);
                // A report sent after the loop's last look at the queue, but while this lane still counted, needs a lane of its own.
                this.openLanes();
            });
            this.lanes.add(lane);
        }
    }
    /** Resolves once everything queued so far has been delivered (or given up on). */
    async drain() {
        while (this.lanes.size > 0)
            await Promise.all([...this.lanes]);
    }
    async flushLoop() {
        while (this.queue.length > 0) {
            const batch = this.queue.splice(0, MAX_BATCH);
            this.inFlightCount += batch.length;
            await Promise.all([this.deliver(batch.filter((p) => p.report.kind === 'complete')), this.deliver(batch.filter((p) => p.report.kind === 'fail'))]);
            this.inFlightCount -= batch.length;
        }
    }
    async complete(items) {
        const reserved = this.transport.completeAndClaim && this.claimAlong ? this.claimAlong.reserve() : 0;
        if (reserved === 0)
            return this.transport.complete(items);
        let claimed = [];
        try {
            const answer = await this.transport.completeAndClaim(items, reserved);
            claimed = answer.claimed;
            return answer.results;
        }
        finally {
            await this.claimAlong.take(claimed, reserved);
        }
    }
    async deliver(batch) {
        if (batch.length === 0)
            return;
        let results;
        try {
            // Every failure is retried: a report is idempotent (`duplicate` on a second arrival), and the lease fences it.
            results = await retryWorkerCall(() => batch[0].report.kind === 'complete'
                ? this.complete(batch.map((p) => p.report))
                : this.transport.fail(batch.map((p) => p.report)), {
                attempts: MAX_DELIVERY_ATTEMPTS,
                isRetryable: () => true,
                onRetry: ({ error, attempt }) => this.logger.warn({ err: error, attempt }, 'reporting step outcomes failed; retrying'),
            });
        }
        catch (err) {
            // The leases will expire and the reaper retries these steps: nothing is lost.
            this.logger.error({ err, count: batch.length }, 'could not report step outcomes; their leases will expire and the steps be retried');
            batch.forEach((p) => p.resolve('undelivered'));
            return;
        }
        batch.forEach((p, i) => p.resolve(results[i]));
    }
}
//# sourceMappingURL=reporter.js.map