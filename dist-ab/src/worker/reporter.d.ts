import type { Logger } from 'pino';
import type { Execution } from '../core/claim.js';
import type { ReportResult } from '../core/outcomes.js';
import type { JsonValue, StepError } from '../domain/types.js';
import type { LeaseHandle, WorkerTransport } from './transport.js';
type Report = (LeaseHandle & {
    kind: 'complete';
    output: JsonValue;
}) | (LeaseHandle & {
    kind: 'fail';
    error: StepError;
    retryable: boolean;
});
/**
 * How the reporter claims along with a batch of completions (when the
 * transport can): `reserve` says how many executions the worker wants now and
 * counts them as on their way; `take` receives what came (possibly fewer, or
 * nothing when the delivery failed) and must be awaited.
 */
export interface ClaimAlong {
    reserve(): number;
    take(claimed: Execution[], reserved: number): Promise<void>;
}
/**
 * Sends outcomes in batches: while one batch is being committed, the next one
 * gathers, so a busy worker pays one commit for many steps and an idle one
 * pays no added latency.
 */
export declare class Reporter {
    private readonly transport;
    private readonly logger;
    private readonly claimAlong?;
    private queue;
    private readonly lanes;
    constructor(transport: WorkerTransport, logger: Logger, claimAlong?: ClaimAlong | undefined);
    /** Reports not yet delivered. */
    get pending(): number;
    private inFlightCount;
    send(report: Report): Promise<ReportResult | 'undelivered'>;
    /**
     * One lane delivers while the next batch gathers; a second opens only when
     * reports pile up behind the first, so two commits overlap their waits.
     */
    private openLanes;
    /** Resolves once everything queued so far has been delivered (or given up on). */
    drain(): Promise<void>;
    private flushLoop;
    private complete;
    private deliver;
}
export {};
