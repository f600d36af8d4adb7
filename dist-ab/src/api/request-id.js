import { randomUUID } from 'node:crypto';
/** Longest request id taken from a client; longer ones are cut. */
export const MAX_REQUEST_ID_LENGTH = 128;
// Ids reach log lines and a response header: keep only characters that are
// safe in both (no spaces, quotes, control characters or header injection).
const UNSAFE = /[^A-Za-z0-9._:\-/+=@]/g;
/** The request's `x-request-id`, sanitised and at most 128 characters, else a fresh random id. */
export function generateRequestId(req) {
    const header = req.headers['x-request-id'];
    const given = Array.isArray(header) ? header[0] : header;
    if (given) {
        const clean = given.replace(UNSAFE, '').slice(0, MAX_REQUEST_ID_LENGTH);
        if (clean !== '')
            return clean;
    }
    return randomUUID();
}
//# sourceMappingURL=request-id.js.map