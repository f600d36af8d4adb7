/** Helpers the peer modules share: package versions, the done-wait, the workload shapes as job payloads. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import pg from 'pg';
import { dependentsOf, Shapes } from '../../src/bench/index.js';
const require = createRequire(import.meta.url);
export function packageVersion(name) {
    // The package's own package.json, found from its entry point (exports may hide ./package.json).
    let dir = require.resolve(name);
    for (let i = 0; i < 6; i++) {
        dir = dir.slice(0, dir.lastIndexOf('/'));
        try {
            const pkg = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8'));
            if (pkg.name === name)
                return pkg.version ?? 'unknown';
        }
        catch {
            /* keep walking up */
        }
    }
    return 'unknown';
}
/** One connection for the harness's own queries (counting rows), apart from the system's pool. */
export async function connect(url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return client;
}
/** Counts one integer. */
export async function count(client, sql, params = []) {
    const { rows } = await client.query(sql, params);
    return Number(rows[0].n);
}
/** The DAG mix of the `dag` workload, interleaved the same way as Baton's submissions. */
export function dagInstances(diamond, mixed) {
    const out = [];
    let w = 0;
    for (let i = 0; i < Math.max(diamond, mixed); i++) {
        if (i < diamond)
            out.push({ w: w++, shape: 'diamond' });
        if (i < mixed)
            out.push({ w: w++, shape: 'mixed7' });
    }
    return out;
}
export const dependents = Object.fromEntries(Object.keys(Shapes).map((name) => [name, dependentsOf(Shapes[name])]));
export function stepsOf(instances) {
    return instances.reduce((sum, i) => sum + Object.keys(Shapes[i.shape]).length, 0);
}
/** Splits `items` into arrays of at most `size`. */
export function batches(items, size) {
    const out = [];
    for (let i = 0; i < items.length; i += size)
        out.push(items.slice(i, i + size));
    return out;
}
//# sourceMappingURL=common.js.map