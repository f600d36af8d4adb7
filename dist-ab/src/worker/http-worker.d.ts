/**
 * A Worker wired to a Baton server over HTTP, with the heartbeat cadence that
 * transport needs. What `baton worker --server URL` runs.
 */
import type { Logger } from 'pino';
import { type HttpTransport, type HttpTransportOptions } from './http-transport.js';
import type { HandlerRegistration, Middleware } from './types.js';
import { Worker } from './worker.js';
export interface HttpWorkerOptions extends Omit<HttpTransportOptions, 'handlers' | 'capacity' | 'logger'> {
    handlers: HandlerRegistration[];
    logger: Logger;
    /** Steps run at once. @default 10 */
    concurrency?: number;
    /** Most steps claimed in one round trip (see `WorkerOptions.claimBatch`). @default 500 */
    claimBatch?: number;
    /** On stop, how long running steps may take before the rest are handed back. @default 5000 */
    shutdownGraceMs?: number;
    middleware?: Middleware[];
}
/**
 * Registers with the server and returns a started Worker; `worker.stop()`
 * stops claiming, lets running steps finish within the grace period and hands
 * the rest back (`DELETE /v1/workers/:id`).
 *
 * A server that is not up yet is waited for: registration is retried with
 * backoff (each wait logged at warn) until it answers, or until `signal`
 * aborts. It rejects at once only on a refusal that retrying cannot fix
 * (401/403, a registration the server rejects). Once running, claims and
 * heartbeats ride out outages the same way, and a worker the server no longer
 * knows (removed, or forgotten after being lost) registers again by itself.
 *
 * @example
 * const { worker } = await startHttpWorker({ serverUrl: 'http://127.0.0.1:8080', name: 'w1', handlers, logger });
 * process.on('SIGTERM', () => void worker.stop());
 */
export declare function startHttpWorker(opts: HttpWorkerOptions): Promise<{
    worker: Worker;
    transport: HttpTransport;
}>;
