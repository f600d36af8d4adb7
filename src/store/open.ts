import type { Db } from './db.js';
import { openPg } from './pg-adapter.js';
import { openPglite } from './pglite-adapter.js';

export interface OpenDatabaseOptions {
  /** A postgres:// URL; absent means the embedded database. */
  url?: string;
  /** Embedded data directory; `memory://` keeps it in memory. */
  dataDir: string;
  schema: string;
  poolSize: number;
  onConnectionError?: (err: unknown) => void;
}

export async function openDatabase(opts: OpenDatabaseOptions): Promise<Db> {
  if (opts.url) {
    return openPg({ url: opts.url, schema: opts.schema, poolSize: opts.poolSize, ...(opts.onConnectionError ? { onListenerError: opts.onConnectionError } : {}) });
  }
  return openPglite({ schema: opts.schema, ...(opts.dataDir === 'memory://' ? {} : { dataDir: opts.dataDir }) });
}
