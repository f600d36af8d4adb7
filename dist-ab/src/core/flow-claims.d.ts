/**
 * The flow-controlled side of an engine's claims (DESIGN §8): steps with a
 * concurrency key, and rate-limited steps. Each has a cursor into what has
 * ready steps (keys; limit windows), advanced past what each claim served, so
 * they are served in turn; and a short pause after finding none, so a claim
 * of plain work then costs nothing more.
 */
import type { Db } from '../store/db.js';
import type { ClaimedStep, ClaimRequest } from '../store/leases.js';
export declare class FlowClaimer {
    private readonly keyed;
    private readonly limited;
    claim(db: Db, req: ClaimRequest): Promise<ClaimedStep[]>;
}
