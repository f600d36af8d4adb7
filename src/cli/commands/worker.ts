/**
 * `baton worker --handlers MODULE`: a worker process on the shared database,
 * or, with `--server URL`, on a Baton server over the HTTP worker protocol.
 */
import { hostname } from 'node:os';
import { isBatonError } from '../../errors.js';
import { evaluateWorkerReadiness, type WorkerHealthInput } from '../../domain/worker-health.js';
import { createMetrics } from '../../observability/metrics.js';
import { startMetricsServer, type MetricsServer } from '../../observability/metrics-server.js';
import { startTracing, type Tracing } from '../../observability/tracing-sdk.js';
import { createRuntime, type Runtime } from '../../runtime.js';
import { startHttpWorker } from '../../worker/http-worker.js';
import { httpHeartbeatMs } from '../../worker/http-transport.js';
import type { Worker } from '../../worker/worker.js';
import { clientOptions, configNumberFlag, intFlag, listFlag, parseLabels, stringFlag, UsageError, type CommandSpec } from '../args.js';
import { bearerToken } from '../client-options.js';
import { createCliLogger, loadCliConfig } from '../config.js';
import { loadHandlerModule } from '../handlers-module.js';
import { CliError, ExitCode } from '../output.js';
import { listenForShutdown, type ShutdownSignal } from '../signals.js';

const command: CommandSpec = {
  name: 'worker',
  summary: 'run handlers for steps, on the shared database or a server (--server)',
  usage: '--handlers MODULE [--concurrency N] [--labels k=v,k2=v2] [--database-url URL | --server URL [--token T]]',
  description:
    'MODULE is a JS file whose default (or `handlers`) export is an array of handler\n' +
    'registrations (defineHandler), or an object whose values are; its optional\n' +
    '`middleware` export (a (ctx, next) => output function, or an array of them) wraps every handler.\n' +
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
    'metrics-port': {
      type: 'string',
      valueName: 'N',
      description: 'serve GET /metrics, /health/live and /health/ready on this port (on server.host); off by default',
    },
    server: { ...clientOptions.server, description: 'work for this Baton server over HTTP instead of on the database' },
    token: clientOptions.token,
  },
  positionals: { min: 0, max: 0 },
  async run(args, ctx) {
    const handlersPath = stringFlag(args, 'handlers');
    if (handlersPath === undefined) throw new UsageError('--handlers MODULE is required', 'worker');
    const labels = parseLabels(listFlag(args, 'labels'));
    const metricsPort = intFlag(args, 'metrics-port', { min: 0, max: 65535 });
    const server = stringFlag(args, 'server');
    if (server !== undefined) return runOverHttp(server, handlersPath, labels, args, ctx);
    const shutdown = listenForShutdown(ctx, 'the worker');
    const stopWaiting = abortOnShutdown(shutdown);
    let runtime: Runtime | undefined;
    let metricsServer: MetricsServer | undefined;
    try {
      const config = loadCliConfig(args, ctx, { worker: { concurrency: configNumberFlag(args, 'concurrency') as number | undefined } });
      const { handlers, middleware } = await loadHandlerModule(handlersPath, ctx.cwd);
      const logger = createCliLogger(config);
      // The probes answer from the start: live while it waits for PostgreSQL, ready once its worker runs.
      const metrics = metricsPort === undefined ? undefined : createMetrics();
      if (metrics !== undefined && metricsPort !== undefined) {
        const readiness = () => evaluateWorkerReadiness(runtime?.worker?.health() ?? notRunning(config.worker.heartbeatMs));
        metricsServer = await startMetricsServer(metrics, { host: config.server.host, port: metricsPort, readiness });
        ctx.err(`metrics on ${metricsServer.url}`);
      }
      try {
        // Workers sweep too (lease reaper, timeouts): sweeps are guarded in SQL, and a
        // deployment of only workers must still recover the leases of dead ones.
        // This process commits its own completions: with --metrics-port they are counted here, not by the API servers.
        // A PostgreSQL not up yet is waited for (each retry logged); a signal meanwhile ends the wait and exits 0.
        runtime = await createRuntime({ config, logger, handlers, middleware, labels, metrics: metrics ?? false, waitForDatabase: true, signal: stopWaiting });
      } catch (err) {
        if (shutdown.requested && stopWaiting.aborted) return ExitCode.ok;
        if (isBatonError(err, 'conflict') && !config.database.url) {
          throw new CliError(err.message, ExitCode.failure, ['  a worker beside `baton start` needs a shared PostgreSQL: pass --database-url to both'], { cause: err });
        }
        throw err;
      }
      ctx.err(readyLine(handlers, config.worker.concurrency, labels, middleware.length));
      await shutdown.wait();
      return ExitCode.ok;
    } finally {
      // The probes answer until the worker has drained: `/health/ready` says 503 (draining) meanwhile.
      await runtime?.stop();
      await metricsServer?.close();
      shutdown.dispose();
    }
  },
};

/** `--server URL`: the same handlers, the same graceful stop, over the HTTP worker protocol. */
async function runOverHttp(
  serverUrl: string,
  handlersPath: string,
  labels: Record<string, string>,
  args: Parameters<CommandSpec['run']>[0],
  ctx: Parameters<CommandSpec['run']>[1],
): Promise<number> {
  // The server commits this worker's outcomes (and counts them); a database here would be unused.
  if (stringFlag(args, 'database-url') !== undefined) throw new UsageError('--database-url does not go with --server (the server holds the database)', 'worker');
  // Here --metrics-port serves the probes and the process metrics only: the server counts the steps.
  const metricsPort = intFlag(args, 'metrics-port', { min: 0, max: 65535 });
  const shutdown = listenForShutdown(ctx, 'the worker');
  const stopWaiting = abortOnShutdown(shutdown);
  let worker: Worker | undefined;
  let metricsServer: MetricsServer | undefined;
  let tracing: Tracing | null = null;
  try {
    const config = loadCliConfig(args, ctx, { worker: { concurrency: configNumberFlag(args, 'concurrency') as number | undefined } });
    const { handlers, middleware } = await loadHandlerModule(handlersPath, ctx.cwd);
    const logger = createCliLogger(config);
    const token = bearerToken(args, ctx);
    // The probes answer from the start: live while it waits for its server, ready once registered.
    if (metricsPort !== undefined) {
      const readiness = () => evaluateWorkerReadiness(worker?.health() ?? notRunning(httpHeartbeatMs(config.worker.leaseMs)));
      metricsServer = await startMetricsServer(createMetrics(), { host: config.server.host, port: metricsPort, readiness });
      ctx.err(`metrics on ${metricsServer.url}`);
    }
    // Step spans are made here, on the worker that runs them ([telemetry]); the server makes the claim spans.
    tracing = await startTracing(config.telemetry, logger);
    const started = await startHttpWorker({
      serverUrl,
      name: `${hostname()}:${process.pid}`,
      handlers,
      middleware,
      labels,
      concurrency: config.worker.concurrency,
      claimBatch: config.worker.claimBatch,
      shutdownGraceMs: config.worker.shutdownGraceMs,
      logger,
      // Registration waits for the server (each retry logged); a signal meanwhile ends the wait and exits 0.
      signal: stopWaiting,
      ...(token === undefined ? {} : { token }),
    }).catch((err: unknown) => {
      if (stopWaiting.aborted) return undefined;
      // Only a refusal that retrying cannot fix gets here: a bad or missing token, a registration the server rejects.
      const hints = isBatonError(err, 'unauthorized') || isBatonError(err, 'forbidden') ? ['  pass a token with the `workers` scope: --token T, or BATON_TOKEN'] : [];
      throw new CliError(`cannot register with the Baton server at ${serverUrl}: ${(err as Error).message}`, ExitCode.failure, hints, { cause: err });
    });
    if (!started) return ExitCode.ok;
    worker = started.worker;
    ctx.err(`${readyLine(handlers, config.worker.concurrency, labels, middleware.length)}; server ${serverUrl} (worker ${started.transport.workerId})`);
    await shutdown.wait();
    return ExitCode.ok;
  } finally {
    // The probes answer until the worker has drained: `/health/ready` says 503 (draining) meanwhile.
    await worker?.stop();
    await metricsServer?.close();
    await tracing?.shutdown();
    shutdown.dispose();
  }
}

export const commands: CommandSpec[] = [command];

/** A signal that aborts on SIGINT/SIGTERM: it ends a wait for the server or the database at start. */
function abortOnShutdown(shutdown: ShutdownSignal): AbortSignal {
  const controller = new AbortController();
  void shutdown.wait().then((signal) => controller.abort(new Error(`${signal} while waiting to start`)));
  return controller.signal;
}

/** Readiness input before the worker runs (registering, or waiting for its server or database). */
function notRunning(heartbeatMs: number): WorkerHealthInput {
  return { running: false, draining: false, heartbeatMs, lastHeartbeatOkAt: null, heartbeatFailures: 0, heartbeatInFlightSince: null, now: Date.now() };
}

/** The line a worker prints once it runs: its handlers, middleware, concurrency and labels. */
function readyLine(handlers: { name: string }[], concurrency: number, labels: Record<string, string>, middleware = 0): string {
  const labelText =
    Object.keys(labels).length > 0
      ? `; labels ${Object.entries(labels)
          .map(([k, v]) => `${k}=${v}`)
          .join(',')}`
      : '';
  const middlewareText = middleware > 0 ? `; middleware ${middleware}` : '';
  return `worker ready: handlers ${handlers.map((h) => h.name).join(', ')}${middlewareText}; concurrency ${concurrency}${labelText}`;
}
