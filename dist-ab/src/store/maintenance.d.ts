import { type Queryable } from './db.js';
/**
 * ANALYZE on the handle's schema. A bulk insert leaves the planner's row
 * estimates at their empty-table values until autovacuum catches up; a
 * measurement taken right after one would time those plans.
 */
export declare function analyzeTables(db: Queryable): Promise<void>;
/** Drops `schema` and everything in it, over a connection of its own to `url`. */
export declare function dropSchema(url: string, schema: string): Promise<void>;
