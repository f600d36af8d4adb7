import { type Db, type Queryable } from './db.js';
/** One NOTIFY: a channel (`channelName`) and its payload, an id or empty, never data (NOTIFY's limit is 8,000 bytes). */
export interface Notice {
    channel: string;
    payload: string;
}
/** Sends the notices in one statement; inside a transaction they go out with its commit. */
export declare function sendNotices(q: Queryable, notices: Notice[]): Promise<void>;
/** Wakes idle claimers (steps became ready outside a task unit: leases handed back). */
export declare function notifyReady(db: Db): Promise<void>;
