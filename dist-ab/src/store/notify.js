import { channelName } from './db.js';
/** Sends the notices in one statement; inside a transaction they go out with its commit. */
export async function sendNotices(q, notices) {
    if (notices.length === 0)
        return;
    await q.query('SELECT pg_notify(n.channel, n.payload) FROM unnest($1::text[], $2::text[]) AS n(channel, payload)', [
        notices.map((n) => n.channel),
        notices.map((n) => n.payload),
    ]);
}
/** Wakes idle claimers (steps became ready outside a task unit: leases handed back). */
export async function notifyReady(db) {
    await db.query("SELECT pg_notify($1, '')", [channelName(db.schema, 'ready')]);
}
//# sourceMappingURL=notify.js.map