import type { IncomingMessage } from 'node:http';
/** Longest request id taken from a client; longer ones are cut. */
export declare const MAX_REQUEST_ID_LENGTH = 128;
/** The request's `x-request-id`, sanitised and at most 128 characters, else a fresh random id. */
export declare function generateRequestId(req: IncomingMessage): string;
