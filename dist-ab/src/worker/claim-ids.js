import { randomUUID } from 'node:crypto';
/**
 * Claim ids for a transport's claim calls (issue #12). Each call gets a new
 * UUID, except a call after one that failed: it is the failed call's retry and
 * carries its id, so if the failed call's claim committed and only its answer
 * was lost, the server hands back the same executions instead of leaving them
 * to wait out their lease.
 */
export class ClaimIds {
    /** Ids of calls that failed and have not been retried yet (one per claim pipeline at most). */
    unanswered = [];
    /**
     * Runs one claim call. `retry` is false when `claimId` is new (nothing can
     * have been claimed under it yet, so the server need not look).
     */
    async run(call) {
        // Taken, not shared: a call running meanwhile gets an id of its own.
        const earlier = this.unanswered.shift();
        const claimId = earlier ?? randomUUID();
        try {
            return await call(claimId, earlier !== undefined);
        }
        catch (err) {
            this.unanswered.push(claimId);
            throw err;
        }
    }
}
//# sourceMappingURL=claim-ids.js.map