/**
 * A fresh Baton for one benchmark workload: a schema of its own on
 * PostgreSQL (or a temporary PGlite directory), the templates registered, a
 * client runtime to submit and watch from, and a way to start a worker
 * runtime the way `baton worker` would (its own pool, its defaults).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createLogger } from '../observability/logger.js';
import { createRuntime } from '../runtime.js';
import { dropSchema } from '../store/maintenance.js';
import { openDatabase } from '../store/open.js';
import { defineHandler } from '../worker/types.js';
import { BENCH_HANDLER, Shapes, batonTemplate } from './shapes.js';
function handlers(onStart) {
    return [
        defineHandler(BENCH_HANDLER, () => {
            onStart?.();
            return null;
        }),
    ];
}
/**
 * Creates an embedded database directory in a short-lived child process.
 * PGlite runs initdb as a second WebAssembly instance whose memory the
 * process keeps (about 750 MB RSS after a fresh init, against about 290 MB
 * when opening an existing directory): measured in process, every embedded
 * figure would carry a cost that `baton start` pays once, on first start.
 */
function initPgliteDir(dataDir) {
    const entry = pathToFileURL(createRequire(import.meta.url).resolve('@electric-sql/pglite')).href;
    const script = `const { PGlite } = await import(${JSON.stringify(entry)}); const db = await PGlite.create({ dataDir: ${JSON.stringify(dataDir)} }); await db.close();`;
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
}
export async function openBatonEnv(target, config, logger) {
    const log = logger ?? createLogger({ level: 'warn', destination: process.stderr });
    const workers = [];
    let cleanup;
    let shared;
    let workerConfig;
    if (target.kind === 'pg') {
        const schema = target.schema ?? `bench_${randomBytes(4).toString('hex')}`;
        workerConfig = { ...config, database: { ...config.database, url: target.url, schema } };
        cleanup = async () => {
            if (!target.schema)
                await dropSchema(target.url, schema);
        };
    }
    else {
        // PGlite is one connection in one process: client and worker share it.
        const dataDir = mkdtempSync(join(tmpdir(), 'baton-bench-'));
        initPgliteDir(dataDir);
        workerConfig = { ...config, database: { ...config.database, url: undefined, dataDir, schema: 'baton' } };
        shared = await openDatabase({ dataDir, schema: 'baton', poolSize: 1 });
        cleanup = async () => {
            await shared.close();
            rmSync(dataDir, { recursive: true, force: true });
        };
    }
    const client = await createRuntime({ config: workerConfig, logger: log, sweeper: false, ...(shared ? { db: shared } : {}) });
    for (const name of Object.keys(Shapes))
        await client.engine.registerTemplate(batonTemplate(name));
    return {
        backend: target.kind,
        client,
        db: client.db,
        async startWorker(onStart) {
            const worker = await createRuntime({ config: workerConfig, logger: log, handlers: handlers(onStart), ...(shared ? { db: shared } : {}) });
            workers.push(worker);
            return worker;
        },
        async close() {
            for (const w of workers)
                await w.stop();
            await client.stop();
            await cleanup();
        },
    };
}
//# sourceMappingURL=baton-env.js.map