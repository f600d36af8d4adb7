import { openPg } from './pg-adapter.js';
import { openPglite } from './pglite-adapter.js';
export async function openDatabase(opts) {
    if (opts.url) {
        return openPg({ url: opts.url, schema: opts.schema, poolSize: opts.poolSize, ...(opts.onConnectionError ? { onListenerError: opts.onConnectionError } : {}) });
    }
    return openPglite({ schema: opts.schema, ...(opts.dataDir === 'memory://' ? {} : { dataDir: opts.dataDir }) });
}
//# sourceMappingURL=open.js.map