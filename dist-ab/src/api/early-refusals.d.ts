import type { FastifyInstance } from 'fastify';
/** How much of a refused body is read and discarded before the connection is closed anyway. */
export interface BodyDrainLimits {
    /**
     * Body bytes read and discarded after an early answer; past them the
     * connection is reset. A client that stops sending once it has the answer
     * (fetch, curl) sends far less.
     */
    maxBytes: number;
    /** Time after an early answer by which the client must have finished sending or closed; then the connection is reset. */
    maxMs: number;
}
/**
 * 64 MiB within 10 s: more than any client sends by mistake (a 50 MB upload
 * drains in well under a second on a LAN), little for the server, which reads
 * and drops it chunk by chunk.
 */
export declare const BodyDrain: Readonly<BodyDrainLimits>;
/**
 * Installs the lingering close on every answer sent while its request body is
 * still arriving (an onSend hook on the root instance: routes, hooks, the
 * error and not-found handlers). Answers sent after the body was read are
 * untouched.
 */
export declare function drainEarlyRefusals(app: FastifyInstance, limits?: BodyDrainLimits): void;
/**
 * A request with `Expect: 100-continue` (curl sends it for bodies over 1 MiB)
 * waits for `100 Continue` before it sends its body. Node answers that to every
 * such request before routing; here a body declared over the limit gets its
 * 413 without the invitation, so the client never sends it.
 */
export declare function skipContinueForOversizedBodies(app: FastifyInstance, bodyLimitBytes: number): void;
