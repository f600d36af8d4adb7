import type { Db } from './db.js';
export interface OpenDatabaseOptions {
    /** A postgres:// URL; absent means the embedded database. */
    url?: string;
    /** Embedded data directory; `memory://` keeps it in memory. */
    dataDir: string;
    schema: string;
    poolSize: number;
    onConnectionError?: (err: unknown) => void;
}
export declare function openDatabase(opts: OpenDatabaseOptions): Promise<Db>;
