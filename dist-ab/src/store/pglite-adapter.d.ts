import { type Db } from './db.js';
export interface PgliteOptions {
    /** Directory for the data; omit for an in-memory database. */
    dataDir?: string;
    schema: string;
    /** A dump made by `dumpDataDir()` to start from (tests use a migrated template). */
    loadDataDir?: Blob;
}
export declare function openPglite(options: PgliteOptions): Promise<Db>;
/** Snapshot of an in-memory database, to clone migrated databases quickly in tests. */
export declare function dumpPglite(db: Db): Promise<Blob>;
