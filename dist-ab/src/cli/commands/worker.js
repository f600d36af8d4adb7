/**
 * `baton worker --handlers MODULE`: a worker process on the shared database,
 * or, with `--server URL`, on a Baton server over the HTTP worker protocol.
 */
import { hostname } from 'node:os';
import { isBatonError } from '../../errors.js';
import { startMetricsServer } from '../../observability/metrics-server.js';
import { createRuntime } from '../../runtime.js';
import { startHttpWorker } from '../../worker/http-worker.js';
import { clientOptions, configNumberFlag, intFlag, listFlag, parseLabels, stringFlag, UsageError } from '../args.js';
import { bearerToken } from '../client-options.js';
import { createCliLogger, loadCliConfig } from '../config.js';
import { loadHandlersModule } from '../handlers-module.js';
import { CliError, ExitCode } from '../output.js';
import { listenForShutdown } from '../signals.js';
const command = {
    name: 'worker',
    summary: 'run handlers for steps, on the shared database or a server (--server)',
    usage: '--handlers MODULE [--concurrency N] [--labels k=v,k2=v2] [--database-url URL | --server URL [--token T]]',
    description: 'MODULE is a JS file whose default (or `handlers`) export is an array of handler\n' +
        'registrations (defineHandler), or an object whose values are.\n' +
        'With --server the worker reaches that Baton server over HTTP (docs/worker-protocol.md)\n' +
        'and needs no database; otherwise it works on the database directly.\n' +
        'At start it waits for its server (or PostgreSQL) to answer, logging each retry;\n' +
        'it exits only on a refusal that retrying cannot fix (a bad token, a bad registration).\n' +
        'SIGINT/SIGTERM: stop claiming, let running steps finish within worker.shutdown_grace_ms,\n' +
        'hand the rest back for retry, exit 0.',
    options: {
        handlers: { type: 'string', valueName: 'MODULE', description: 'JS module exporting the handlers (required)' },
        concurrency: { type: 'string', valueName: 'N', description: 'steps run at once (default: worker.concurrency, 10)' },
        labels: { type: 'string', multiple: true, valueName: 'k=v,...', description: 'labels for step placement (repeatable)' },
        'metrics-port': { type: 'string', valueName: 'N', description: 'serve GET /metrics on this port (on server.host); off by default' },
        server: { ...clientOptions.server, description: 'work for this Baton server over HTTP instead of on the database' },
        token: clientOptions.token,
    },
    positionals: { min: 0, max: 0 },
    async run(args, ctx) {
        const handlersPath = stringFlag(args, 'handlers');
        if (handlersPath === undefined)
            throw new UsageError('--handlers MODULE is required', 'worker');
        const labels = parseLabels(listFlag(args, 'labels'));
        const metricsPort = intFlag(args, 'metrics-port', { min: 0, max: 65535 });
        const server = stringFlag(args, 'server');
        if (server !== undefined)
            return runOverHttp(server, handlersPath, labels, args, ctx);
        const shutdown = listenForShutdown(ctx, 'the worker');
        const stopWaiting = abortOnShutdown(shutdown);
        let runtime;
        let metricsServer;
        try {
            const config = loadCliConfig(args, ctx, { worker: { concurrency: configNumberFlag(args, 'concurrency') } });
            const handlers = await loadHandlersModule(handlersPath, ctx.cwd);
            const logger = createCliLogger(config);
            try {
                // Workers sweep too (lease reaper, timeouts): sweeps are guarded in SQL, and a
                // deployment of only workers must still recover the leases of dead ones.
                // This process commits its own completions: with --metrics-port they are counted here, not by the API servers.
                // A PostgreSQL not up yet is waited for (each retry logged); a signal meanwhile ends the wait and exits 0.
                runtime = await createRuntime({ config, logger, handlers, labels, metrics: metricsPort !== undefined, waitForDatabase: true, signal: stopWaiting });
            }
            catch (err) {
                if (shutdown.requested && stopWaiting.aborted)
                    return ExitCode.ok;
                if (isBatonError(err, 'conflict') && !config.database.url) {
                    throw new CliError(err.message, ExitCode.failure, ['  a worker beside `baton start` needs a shared PostgreSQL: pass --database-url to both'], { cause: err });
                }
                throw err;
            }
            if (runtime.metrics && metricsPort !== undefined) {
                metricsServer = await startMetricsServer(runtime.metrics, { host: config.server.host, port: metricsPort });
                ctx.err(`metrics on ${metricsServer.url}`);
            }
            ctx.err(readyLine(handlers, config.worker.concurrency, labels));
            await shutdown.wait();
            return ExitCode.ok;
        }
        finally {
            await metricsServer?.close();
            await runtime?.stop();
            shutdown.dispose();
        }
    },
};
/** `--server URL`: the same handlers, the same graceful stop, over the HTTP worker protocol. */
async function runOverHttp(serverUrl, handlersPath, labels, args, ctx) {
    // The server commits this worker's outcomes (and counts them); a database here would be unused.
    for (const flag of ['database-url', 'metrics-port']) {
        if (stringFlag(args, flag) !== undefined)
            throw new UsageError(`--${flag} does not go with --server (the server holds the database and the metrics)`, 'worker');
    }
    const shutdown = listenForShutdown(ctx, 'the worker');
    const stopWaiting = abortOnShutdown(shutdown);
    let worker;
    try {
        const config = loadCliConfig(args, ctx, { worker: { concurrency: configNumberFlag(args, 'concurrency') } });
        const handlers = await loadHandlersModule(handlersPath, ctx.cwd);
        const logger = createCliLogger(config);
        const token = bearerToken(args, ctx);
        const started = await startHttpWorker({
            serverUrl,
            name: `${hostname()}:${process.pid}`,
            handlers,
            labels,
            concurrency: config.worker.concurrency,
            claimBatch: config.worker.claimBatch,
            shutdownGraceMs: config.worker.shutdownGraceMs,
            logger,
            // Registration waits for the server (each retry logged); a signal meanwhile ends the wait and exits 0.
            signal: stopWaiting,
            ...(token === undefined ? {} : { token }),
        }).catch((err) => {
            if (stopWaiting.aborted)
                return undefined;
            // Only a refusal that retrying cannot fix gets here: a bad or missing token, a registration the server rejects.
            const hints = isBatonError(err, 'unauthorized') || isBatonError(err, 'forbidden') ? ['  pass a token with the `workers` scope: --token T, or BATON_TOKEN'] : [];
            throw new CliError(`cannot register with the Baton server at ${serverUrl}: ${err.message}`, ExitCode.failure, hints, { cause: err });
        });
        if (!started)
            return ExitCode.ok;
        worker = started.worker;
        ctx.err(`${readyLine(handlers, config.worker.concurrency, labels)}; server ${serverUrl} (worker ${started.transport.workerId})`);
        await shutdown.wait();
        return ExitCode.ok;
    }
    finally {
        await worker?.stop();
        shutdown.dispose();
    }
}
export const commands = [command];
/** A signal that aborts on SIGINT/SIGTERM: it ends a wait for the server or the database at start. */
function abortOnShutdown(shutdown) {
    const controller = new AbortController();
    void shutdown.wait().then((signal) => controller.abort(new Error(`${signal} while waiting to start`)));
    return controller.signal;
}
/** The line a worker prints once it runs: its handlers, concurrency and labels. */
function readyLine(handlers, concurrency, labels) {
    const labelText = Object.keys(labels).length > 0
        ? `; labels ${Object.entries(labels)
            .map(([k, v]) => `${k}=${v}`)
            .join(',')}`
        : '';
    return `worker ready: handlers ${handlers.map((h) => h.name).join(', ')}; concurrency ${concurrency}${labelText}`;
}
//# sourceMappingURL=worker.js.map