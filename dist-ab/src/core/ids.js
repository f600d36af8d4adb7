/**
 * How the API names things: execution ids (a step's row id), task ids (UUIDs)
 * and the opaque cursors of task lists. A malformed id is a 404, as an
 * unknown one is: it cannot name anything that exists.
 */
import { BatonError } from '../errors.js';
export function parseExecutionId(id) {
    if (!/^[1-9][0-9]{0,15}$/.test(id))
        throw new BatonError('not_found', `execution ${JSON.stringify(id)} does not exist`);
    return Number(id);
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function assertTaskId(id) {
    if (!UUID.test(id))
        throw new BatonError('not_found', `task ${JSON.stringify(id)} does not exist`);
    return id;
}
/** The cursor after `task`: its exact creation time and id, the list's order. */
export function encodeCursor(task) {
    return Buffer.from(JSON.stringify([task.created_exact, task.id])).toString('base64url');
}
const EXACT_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
export function decodeCursor(cursor) {
    try {
        const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
        if (typeof createdAt !== 'string' || !EXACT_TIME.test(createdAt) || typeof id !== 'string' || !UUID.test(id))
            throw new Error('bad cursor');
        return { createdAt, id };
    }
    catch {
        throw new BatonError('invalid_request', 'cursor is not valid; pass the next_cursor of a previous page unchanged');
    }
}
//# sourceMappingURL=ids.js.map