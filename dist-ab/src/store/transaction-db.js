/**
 * An open transaction seen as a `Db`, so code written against `Db` (the
 * engine's submit and cancel) joins it: what it writes commits or rolls back
 * with the transaction. Its own transactions are savepoints, so one that fails
 * is undone without aborting the outer transaction. On PGlite this is also
 * the only way to run such code while the transaction is open: the single
 * connection is held by it, and a query outside it would wait forever.
 */
export function transactionAsDb(db, tx) {
    let savepoints = 0;
    const view = {
        kind: db.kind,
        schema: db.schema,
        query: (sql, params, options) => tx.query(sql, params, options),
        async transaction(fn) {
            const name = `baton_nested_${++savepoints}`;
            await tx.query(`SAVEPOINT ${name}`);
            try {
                const value = await fn(tx);
                await tx.query(`RELEASE SAVEPOINT ${name}`);
                return value;
            }
            catch (err) {
                await tx.query(`ROLLBACK TO SAVEPOINT ${name}`);
                throw err;
            }
        },
        listen: () => Promise.reject(new Error('a transaction cannot LISTEN; use the database handle')),
        listenerHealthy: () => db.listenerHealthy(),
        poolStats: () => null,
        reserved: () => view,
        // The transaction belongs to its opener, who commits it.
        close: () => Promise.resolve(),
    };
    return view;
}
//# sourceMappingURL=transaction-db.js.map