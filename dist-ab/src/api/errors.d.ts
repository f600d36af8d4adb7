import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorCode } from '../errors.js';
/** What a client receives for an error, and how loudly it is logged. */
export interface ErrorReply {
    status: number;
    body: {
        error: {
            code: ErrorCode;
            message: string;
            details?: unknown;
        };
    };
    headers: Record<string, string>;
    /** `error`: a bug or an outage, logged with the error; `info`: the client's mistake. */
    level: 'info' | 'warn' | 'error';
}
export interface ErrorMappingOptions {
    /** The body limit in force, named in 413 messages. */
    bodyLimitBytes: number;
}
/** Seconds a client should wait before retrying when the database is unreachable. */
export declare const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;
/** Maps any thrown value to the reply a client gets. */
export declare function toErrorReply(err: unknown, opts: ErrorMappingOptions): ErrorReply;
/** Sends `err` as the error body, with x-request-id, logging server-side failures with the error itself. */
export declare function sendError(request: FastifyRequest, res: FastifyReply, err: unknown, opts: ErrorMappingOptions): FastifyReply;
/** Installs the error and not-found handlers on the root instance (children inherit them). */
export declare function registerErrorHandling(app: FastifyInstance, opts: ErrorMappingOptions): void;
/**
 * Fastify's `clientErrorHandler`: answers a request Node refused (a slow
 * client's timeout, malformed or oversized headers) in the API's error shape,
 * then closes the socket. Its log line names the error code only: Node attaches
 * the raw bytes of a malformed request (`rawPacket`), headers and tokens included.
 */
export declare function answerClientError(this: FastifyInstance, err: Error & {
    code?: string;
}, socket: Socket): void;
