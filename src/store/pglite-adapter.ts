import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { BatonError } from '../errors.js';
import { assertSchemaName, type Db, type NotificationHandler, type QueryResult, type Tx } from './db.js';

export interface PgliteOptions {
  /** Directory for the data; omit for an in-memory database. */
  dataDir?: string;
  schema: string;
  /** A dump made by `dumpDataDir()` to start from (tests use a migrated template). */
  loadDataDir?: Blob;
}

/**
 * Two processes on one PGlite directory corrupt it (electric-sql/pglite#1106),
 * so the directory is locked with a pid file; a lock whose process is gone is
 * taken over, which is what reopening after SIGKILL needs.
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = join(dirname(resolve(dataDir)), `${resolve(dataDir).split('/').pop()}.lock`);
  mkdirSync(dirname(lockFile), { recursive: true });
  try {
    const holder = Number(readFileSync(lockFile, 'utf8').trim());
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new BatonError('conflict', `the embedded database at ${dataDir} is in use by process ${holder}; stop it first, or use another --data-dir`, {
        details: { pid: holder, lockFile },
      });
    }
  } catch (err) {
    if (err instanceof BatonError) throw err;
  }
  writeFileSync(lockFile, String(process.pid));
  return () => {
    try {
      if (readFileSync(lockFile, 'utf8').trim() === String(process.pid)) rmSync(lockFile);
    } catch {
      /* already gone */
    }
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function wrap<Row>(result: { rows: unknown[]; affectedRows?: number }): QueryResult<Row> {
  return { rows: result.rows as Row[], rowCount: result.affectedRows || result.rows.length };
}

class PgliteDb implements Db {
  readonly kind = 'pglite' as const;

  constructor(
    private readonly pg: PGlite,
    readonly schema: string,
    private readonly unlock: () => void,
  ) {}

  async query<Row>(sql: string, params?: unknown[]): Promise<QueryResult<Row>> {
    return wrap<Row>(await this.pg.query(sql, params as unknown[]));
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    // PGlite is one connection: its transaction() holds the connection's mutex,
    // so concurrent transactions are serialised rather than interleaved.
    return this.pg.transaction(async (tx) => {
      const handle: Tx = {
        query: async <Row>(sql: string, params?: unknown[]) => wrap<Row>(await tx.query(sql, params as unknown[])),
        exec: async (sql: string) => {
          await tx.exec(sql);
        },
      };
      return fn(handle);
    });
  }

  async listen(channel: string, handler: NotificationHandler): Promise<() => Promise<void>> {
    const unlisten = await this.pg.listen(channel, handler);
    return async () => {
      if (!this.pg.closed) await unlisten();
    };
  }

  listenerHealthy(): boolean {
    return !this.pg.closed;
  }

  poolStats(): null {
    return null;
  }

  /** One connection, nothing to reserve: critical work queues with the rest (transactions are serialised anyway). */
  reserved(): Db {
    return this;
  }

  async close(): Promise<void> {
    if (this.pg.closed) return;
    try {
      // A close that skips the checkpoint can lose the tail of the WAL (electric-sql/pglite#327).
      await this.pg.query('CHECKPOINT');
    } catch {
      /* in-memory or already failing: close anyway */
    }
    await this.pg.close();
    this.unlock();
  }
}

/**
 * PostgreSQL's default of 128MB is touched in full when PGlite starts: the
 * embedded process sat near 300 MB RSS before any work. The data directory
 * is on the local file system, whose page cache serves what the buffers
 * miss; measured in bench/peers (embedded workloads), see docs/performance.md.
 */
const EMBEDDED_SHARED_BUFFERS = '16MB';

export async function openPglite(options: PgliteOptions): Promise<Db> {
  const schema = assertSchemaName(options.schema);
  let unlock = () => {};
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    unlock = lockDataDir(options.dataDir);
  }
  try {
    const pg = await PGlite.create({
      startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${EMBEDDED_SHARED_BUFFERS}`],
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
    await pg.exec(`SET search_path TO ${schema}, public`);
    return new PgliteDb(pg, schema, unlock);
  } catch (err) {
    unlock();
    throw err;
  }
}

/** Snapshot of an in-memory database, to clone migrated databases quickly in tests. */
export async function dumpPglite(db: Db): Promise<Blob> {
  if (!(db instanceof PgliteDb)) throw new Error('dumpPglite needs a PGlite database');
  return (db as unknown as { pg: PGlite }).pg.dumpDataDir('none');
}
