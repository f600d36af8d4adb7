/**
 * Claim ids for a transport's claim calls (issue #12). Each call gets a new
 * UUID, except a call after one that failed: it is the failed call's retry and
 * carries its id, so if the failed call's claim committed and only its answer
 * was lost, the server hands back the same executions instead of leaving them
 * to wait out their lease.
 */
export declare class ClaimIds {
    /** Ids of calls that failed and have not been retried yet (one per claim pipeline at most). */
    private readonly unanswered;
    /**
     * Runs one claim call. `retry` is false when `claimId` is new (nothing can
     * have been claimed under it yet, so the server need not look).
     */
    run<T>(call: (claimId: string, retry: boolean) => Promise<T>): Promise<T>;
}
