import { createHash } from 'node:crypto';
import pg from 'pg';
import { retry } from '../retry.js';
import { assertSchemaName } from './db.js';
// int8 as number, the same as PGlite: Baton's ids and counts stay far below 2^53.
const parseInt8 = (value) => Number(value);
const types = {
    getTypeParser: ((oid, format) => oid === 20 ? parseInt8 : pg.types.getTypeParser(oid, format ?? 'text')),
};
/** Waits between reconnects: 200 ms after the first failure, doubling to 5 s, each cut by up to half at random. */
const RECONNECT_BACKOFF = { backoff: 'exponential', base_ms: 200, max_ms: 5000, jitter: true };
/**
 * One dedicated LISTEN connection. It reconnects with jittered backoff and
 * re-issues every LISTEN (graphile/worker#541), and checks itself with a
 * periodic round trip because a half-open socket raises nothing (pg-boss#850).
 */
class Listener {
    config;
    healthCheckMs;
    onError;
    client;
    handlers = new Map();
    connecting;
    healthy = false;
    closed = false;
    healthTimer;
    reconnecting;
    /** Aborted by `close()`: ends a reconnect loop's wait. */
    closing = new AbortController();
    constructor(config, healthCheckMs, onError) {
        this.config = config;
        this.healthCheckMs = healthCheckMs;
        this.onError = onError;
    }
    /** Receiving notifications; with no subscription there is nothing to receive, which is healthy too. */
    isHealthy() {
        return this.healthy || (this.handlers.size === 0 && !this.closed);
    }
    async subscribe(channel, handler) {
        let set = this.handlers.get(channel);
        const isNew = !set;
        if (!set) {
            set = new Set();
            this.handlers.set(channel, set);
        }
        set.add(handler);
        await this.ensureConnected().catch(() => this.reconnect());
        if (isNew && this.client && this.healthy)
            await this.client.query(`LISTEN "${channel}"`);
        return async () => {
            set.delete(handler);
            if (set.size === 0 && this.handlers.get(channel) === set) {
                this.handlers.delete(channel);
                if (this.client && this.healthy)
                    await this.client.query(`UNLISTEN "${channel}"`).catch(() => { });
            }
        };
    }
    /** One connection attempt (shared by concurrent callers); rejects when it fails. */
    ensureConnected() {
        if (this.healthy || this.closed)
            return Promise.resolve();
        this.connecting ??= this.connect().finally(() => (this.connecting = undefined));
        return this.connecting;
    }
    async connect() {
        const client = new pg.Client(this.config);
        client.on('error', (err) => this.lost(client, err));
        client.on('end', () => this.lost(client, new Error('LISTEN connection ended')));
        client.on('notification', (msg) => {
            for (const handler of this.handlers.get(msg.channel) ?? [])
                handler(msg.payload ?? '');
        });
        try {
            await client.connect();
            for (const channel of this.handlers.keys())
                await client.query(`LISTEN "${channel}"`);
        }
        catch (err) {
            client.end().catch(() => { });
            this.onError(err);
            throw err;
        }
        if (this.closed) {
            await client.end().catch(() => { });
            return;
        }
        this.client = client;
        this.healthy = true;
        // Notifications sent while we were away are gone: a synthetic wake-up makes
        // every subscriber look at the tables once.
        for (const set of this.handlers.values())
            for (const handler of set)
                handler('');
        this.healthTimer = setInterval(() => {
            client.query('SELECT 1').catch((err) => this.lost(client, err));
        }, this.healthCheckMs);
        this.healthTimer.unref();
    }
    lost(client, err) {
        if (this.client !== client)
            return;
        this.client = undefined;
        this.healthy = false;
        clearInterval(this.healthTimer);
        client.end().catch(() => { });
        if (this.closed)
            return;
        this.onError(err);
        this.reconnect();
    }
    /** Connects again in the background until it succeeds or `close()`; the failure that led here counts as the first. */
    reconnect() {
        if (this.closed || this.reconnecting)
            return;
        this.reconnecting = retry(() => this.ensureConnected(), { attempts: Infinity, policy: RECONNECT_BACKOFF, failedBefore: 1, signal: this.closing.signal, ref: false })
            .catch(() => { }) // only close() ends the loop early
            .finally(() => (this.reconnecting = undefined));
    }
    async close() {
        this.closed = true;
        this.healthy = false;
        clearInterval(this.healthTimer);
        this.closing.abort();
        const client = this.client;
        this.client = undefined;
        if (client)
            await client.end().catch(() => { });
    }
}
/** 0 for a pool of 1 (nothing to spare), 1 for 2 to 7, 2 from 8: reports are batched, so one or two connections carry them. */
export function defaultReservedConnections(poolSize) {
    return poolSize >= 8 ? 2 : poolSize >= 2 ? 1 : 0;
}
const counts = (pool) => (pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : { total: 0, idle: 0, waiting: 0 });
const statementNames = new Map();
function statement(sql, params, options) {
    if (!options?.prepare)
        return { text: sql, values: params ?? [] };
    let name = statementNames.get(sql);
    if (!name) {
        name = `baton_${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`;
        statementNames.set(sql, name);
    }
    return { name, text: sql, values: params ?? [] };
}
class PgDb {
    shared;
    pool;
    schema;
    kind = 'pg';
    constructor(shared, 
    /** The pool this handle queries: the ordinary one, or the reserve. */
    pool, schema) {
        this.shared = shared;
        this.pool = pool;
        this.schema = schema;
    }
    reserved() {
        return this.shared.reservedDb ?? this;
    }
    async query(sql, params, options) {
        const result = await this.pool.query(statement(sql, params, options));
        return { rows: result.rows, rowCount: result.rowCount ?? result.rows.length };
    }
    async transaction(fn) {
        const client = await this.pool.connect();
        // A checked-out client whose backend dies emits 'error'; unheard, that would
        // crash the process. The failing query rejects as well, which is what we act on.
        const onError = (err) => (broken = err);
        client.on('error', onError);
        let broken;
        try {
            await client.query('BEGIN');
            const handle = {
                query: async (sql, params, options) => {
                    const result = await client.query(statement(sql, params, options));
                    return { rows: result.rows, rowCount: result.rowCount ?? result.rows.length };
                },
                exec: async (sql) => {
                    await client.query(sql);
                },
            };
            const value = await fn(handle);
            await client.query('COMMIT');
            return value;
        }
        catch (err) {
            await client.query('ROLLBACK').catch((rollbackErr) => (broken = rollbackErr));
            throw err;
        }
        finally {
            client.off('error', onError);
            // A connection whose ROLLBACK failed (or that errored) is in an unknown state: destroy it.
            client.release(broken instanceof Error ? broken : undefined);
        }
    }
    listen(channel, handler) {
        return this.shared.listener.subscribe(channel, handler);
    }
    listenerHealthy() {
        return this.shared.listener.isHealthy();
    }
    /** Both pools added up (so `total` never exceeds `database.pool_size`), and the reserve alone. */
    poolStats() {
        const ordinary = counts(this.shared.ordinary);
        const reserve = counts(this.shared.reserve);
        return {
            total: ordinary.total + reserve.total,
            idle: ordinary.idle + reserve.idle,
            waiting: ordinary.waiting + reserve.waiting,
            max: this.shared.poolSize,
            reserved: { ...reserve, max: this.shared.reservedMax },
        };
    }
    /** Closes the database, whichever handle it is called on. */
    close() {
        const shared = this.shared;
        shared.closing ??= (async () => {
            await shared.listener.close();
            await Promise.all([shared.ordinary.end(), shared.reserve?.end()]);
        })();
        return shared.closing;
    }
}
/**
 * Opens a pool of `poolSize` connections: `reservedConnections` of them only
 * for `db.reserved()`, the rest for everything else. Both pools share the
 * session settings and `application_name`, so operators and fault tests see
 * one set of `baton:<schema>` sessions.
 */
export function openPg(options) {
    const schema = assertSchemaName(options.schema);
    const reservedMax = options.reservedConnections ?? defaultReservedConnections(options.poolSize);
    if (!Number.isInteger(reservedMax) || reservedMax < 0 || reservedMax >= options.poolSize) {
        throw new RangeError(`reservedConnections must be an integer from 0 to poolSize - 1 (${options.poolSize - 1}); got ${reservedMax}`);
    }
    const config = {
        connectionString: options.url,
        // Names Baton's sessions in pg_stat_activity (operators, and fault tests that terminate them).
        application_name: `baton:${schema}`,
        options: `-c search_path=${schema},public`,
        types,
        // Bounds both a new connection and the wait for a free one: a request never hangs on an unreachable database.
        connectionTimeoutMillis: options.connectionTimeoutMs ?? 5000,
    };
    // An idle client that loses its connection emits here; without a listener it would crash the process.
    const onIdleError = (err) => options.onListenerError?.(err);
    const ordinary = new pg.Pool({ ...config, max: options.poolSize - reservedMax, idleTimeoutMillis: 30_000 });
    ordinary.on('error', onIdleError);
    // `min`: a reserved connection, once open, is kept even when idle, so a server
    // at max_connections cannot take it away between two heartbeats.
    const reserve = reservedMax > 0 ? new pg.Pool({ ...config, max: reservedMax, min: reservedMax, idleTimeoutMillis: 30_000 }) : undefined;
    reserve?.on('error', onIdleError);
    const listener = new Listener({ ...config, application_name: `baton:${schema}:listen` }, options.listenHealthCheckMs ?? 5000, options.onListenerError ?? (() => { }));
    const shared = { ordinary, reserve, listener, poolSize: options.poolSize, reservedMax };
    const db = new PgDb(shared, ordinary, schema);
    shared.reservedDb = reserve ? new PgDb(shared, reserve, schema) : db;
    return db;
}
//# sourceMappingURL=pg-adapter.js.map