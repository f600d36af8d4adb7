import type { Logger } from 'pino';
import type { Execution } from '../core/claim.js';
import type { WorkerTransport } from './transport.js';
export interface ClaimAheadOptions {
    transport: WorkerTransport;
    logger: Logger;
    /** Steps run at once. */
    concurrency: number;
    /** Most steps claimed in one round trip, and most claimed ahead. */
    claimBatch: number;
    /** Longest idle sleep between claims when no wake-up arrives. */
    idleWaitMs: number;
    /** Aborted when the worker stops: claiming ends, and what arrives after is handed back. */
    signal: AbortSignal;
    /** Reports waiting for their commit: claiming slows down with them. */
    reports: {
        readonly pending: number;
        drain(): Promise<void>;
    };
    /** Steps running now. */
    running(): number;
    /** Starts a claimed execution in a free slot. */
    start(execution: Execution): void;
}
/**
 * The worker's claim-ahead scheduler: claims as many executions as the free
 * slots can start, and, for a worker whose handlers are quick, more ahead of
 * them into a buffer (one commit then serves twice the steps); a worker with
 * slow handlers would otherwise sit on work another worker could start now.
 * It also asks for executions along with a batch of completions (`reserveAlong`
 * and `takeClaimed`, for the reporter) while its own loop waits for work.
 */
export declare class ClaimAhead {
    private readonly opts;
    /** Executions claimed ahead of a free slot. */
    private readonly buffer;
    private handlerMsAverage;
    /** Executions asked for along with a batch of completions, not yet arrived. */
    private claimsOnTheWay;
    /** The claim loop found nothing and sleeps until a wake-up. */
    private waitingForWork;
    private slotFreed;
    constructor(opts: ClaimAheadOptions);
    /** Executions claimed and not started yet (their leases are held: heartbeats extend them). */
    get buffered(): readonly Execution[];
    private get prefetch();
    /** Executions worth claiming now (0 while what is buffered still covers half the target). */
    private get wanted();
    /** How many executions to claim along with the reporter's next batch of completions; counted as on the way. */
    reserveAlong(): number;
    /** Takes what a batch of completions claimed for `reserved` (from `reserveAlong`). */
    takeClaimed(claimed: Execution[], reserved: number): Promise<void>;
    /** Claims until the signal aborts. */
    loop(): Promise<void>;
    /** A step took `durationMs` and its slot is free: start the next, and let the loop count again. */
    finished(durationMs: number): void;
    /** Lets a claim loop that waits for a free slot count again. */
    wake(): void;
    /** Takes the buffered executions that `match` out of the buffer, and returns them. */
    drop(match: (e: Execution) => boolean): Execution[];
    /** Starts buffered executions while slots are free. */
    private pump;
}
