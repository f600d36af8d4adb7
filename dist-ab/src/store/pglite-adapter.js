import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { BatonError } from '../errors.js';
import { assertSchemaName } from './db.js';
/**
 * Two processes on one PGlite directory corrupt it (electric-sql/pglite#1106),
 * so the directory is locked with a pid file; a lock whose process is gone is
 * taken over, which is what reopening after SIGKILL needs.
 */
function lockDataDir(dataDir) {
    const lockFile = join(dirname(resolve(dataDir)), `${resolve(dataDir).split('/').pop()}.lock`);
    mkdirSync(dirname(lockFile), { recursive: true });
    try {
        const holder = Number(readFileSync(lockFile, 'utf8').trim());
        if (holder && holder !== process.pid && isAlive(holder)) {
            throw new BatonError('conflict', `the embedded database at ${dataDir} is in use by process ${holder}; stop it first, or use another --data-dir`, {
                details: { pid: holder, lockFile },
            });
        }
    }
    catch (err) {
        if (err instanceof BatonError)
            throw err;
    }
    writeFileSync(lockFile, String(process.pid));
    return () => {
        try {
            if (readFileSync(lockFile, 'utf8').trim() === String(process.pid))
                rmSync(lockFile);
        }
        catch {
            /* already gone */
        }
    };
}
function isAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (err) {
        return err.code === 'EPERM';
    }
}
function wrap(result) {
    return { rows: result.rows, rowCount: result.affectedRows || result.rows.length };
}
class PgliteDb {
    pg;
    schema;
    unlock;
    kind = 'pglite';
    constructor(pg, schema, unlock) {
        this.pg = pg;
        this.schema = schema;
        this.unlock = unlock;
    }
    async query(sql, params) {
        return wrap(await this.pg.query(sql, params));
    }
    transaction(fn) {
        // PGlite is one connection: its transaction() holds the connection's mutex,
        // so concurrent transactions are serialised rather than interleaved.
        return this.pg.transaction(async (tx) => {
            const handle = {
                query: async (sql, params) => wrap(await tx.query(sql, params)),
                exec: async (sql) => {
                    await tx.exec(sql);
                },
            };
            return fn(handle);
        });
    }
    async listen(channel, handler) {
        const unlisten = await this.pg.listen(channel, handler);
        return async () => {
            if (!this.pg.closed)
                await unlisten();
        };
    }
    listenerHealthy() {
        return !this.pg.closed;
    }
    poolStats() {
        return null;
    }
    /** One connection, nothing to reserve: critical work queues with the rest (transactions are serialised anyway). */
    reserved() {
        return this;
    }
    async close() {
        if (this.pg.closed)
            return;
        try {
            // A close that skips the checkpoint can lose the tail of the WAL (electric-sql/pglite#327).
            await this.pg.query('CHECKPOINT');
        }
        catch {
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
export async function openPglite(options) {
    const schema = assertSchemaName(options.schema);
    let unlock = () => { };
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
    }
    catch (err) {
        unlock();
        throw err;
    }
}
/** Snapshot of an in-memory database, to clone migrated databases quickly in tests. */
export async function dumpPglite(db) {
    if (!(db instanceof PgliteDb))
        throw new Error('dumpPglite needs a PGlite database');
    return db.pg.dumpDataDir('none');
}
//# sourceMappingURL=pglite-adapter.js.map