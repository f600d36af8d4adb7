import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { buildServer, type BuildServerOptions } from './api/server.js';
import type { BatonConfig } from './config/schema.js';
import { Engine } from './core/engine.js';
import { NO_OBSERVERS, type CommitObservers } from './core/observers.js';
import { startPruner } from './core/pruner.js';
import { startSweeper } from './core/sweeper.js';
import { startScheduler } from './core/scheduler.js';
import { startTimekeeper } from './core/timekeeper.js';
import { parseRateLimitList } from './domain/rate-limit-list.js';
import { Wakeup } from './core/wakeup.js';
import { WorkerPool } from './core/worker-pool.js';
import { createLogger } from './observability/logger.js';
import { createMetrics, type BatonMetrics } from './observability/metrics.js';
import { startTracing } from './observability/tracing-sdk.js';
import type { Db } from './store/db.js';
import { migrate } from './store/migrate.js';
import { openDatabase } from './store/open.js';
import { DirectTransport } from './worker/direct-transport.js';
import type { HandlerRegistration, Middleware } from './worker/types.js';
import { Worker } from './worker/worker.js';
import { hostname } from 'node:os';
import { retry } from './retry.js';
import { isConnectionError } from './store/sqlstate.js';
import { describeFailure, formatWait, WORKER_RETRY_BACKOFF } from './worker/retry-policy.js';

export interface RuntimeOptions {
  config: BatonConfig;
  logger?: Logger;
  /** An already open database (tests); otherwise opened from `config.database`. */
  db?: Db;
  /** Run the background sweeps (lease reaper, timeouts, reconciler). @default true */
  sweeper?: boolean;
  /** Run the retention pruner (when `retention.finishedTasksDays` > 0). @default the value of `sweeper` */
  pruner?: boolean;
  /**
   * Count this process's commits: metrics made by the caller, or `true` to
   * make them (`runtime.metrics`). The HTTP API always has them.
   * @default none, or made when `http` is set
   */
  metrics?: BatonMetrics | boolean;
  /**
   * Build the HTTP API (`runtime.app`) and the worker pool behind it. It does
   * not listen until `runtime.listen()` (tests use `app.inject()`); `true`, or
   * socket timeouts and event-stream limits beyond the config's (tests).
   * @example createRuntime({ config, http: true })
   * @default false
   */
  http?: boolean | Pick<BuildServerOptions, 'sse' | 'timeouts'>;
  /** Run a worker in this process for these handlers. */
  handlers?: HandlerRegistration[];
  /** Worker labels for placement. */
  labels?: Record<string, string>;
  /** Middleware around every handler call of the worker (DESIGN §3). */
  middleware?: Middleware[];
  /**
   * Wait for a database that does not answer yet, instead of failing: while
   * opening, migrating or registering fails with a connection error (refused,
   * reset, "starting up": `isConnectionError` in src/store/sqlstate.ts), the
   * whole start is undone and tried again with backoff (200 ms doubling to
   * 5 s), each wait logged at warn. Any other error (bad credentials, an
   * unknown database, a schema too new, bad config) still fails at once.
   * `baton worker` sets it, since processes of a deployment start in any order;
   * `Baton.start` passes its `waitForDatabase`.
   * @default false
   */
  waitForDatabase?: boolean;
  /** Ends a wait for the database (`waitForDatabase`): `createRuntime` then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * The composition root, the one place a Baton is put together (`baton start`,
 * `baton server`, `baton worker`, `Baton.start`): it builds the database,
 * metrics, engine, wake-ups, worker pool, HTTP server, background loops and
 * worker from the config and hands each its parts; one `stop()` takes them
 * down in order.
 */
export interface Runtime {
  config: BatonConfig;
  logger: Logger;
  db: Db;
  engine: Engine;
  /** Fed by the engine's and sweeper's commits and the worker pool; with `http` or `metrics`. */
  metrics: BatonMetrics | undefined;
  /** The HTTP worker protocol's pool; with `http`. */
  workers: WorkerPool | undefined;
  /** The HTTP API, not listening until `listen()`; with `http`. */
  app: FastifyInstance | undefined;
  worker: Worker | undefined;
  /** Serves the HTTP API on `config.server.host` and `port`; resolves to its base URL (`http://127.0.0.1:8080`). */
  listen(): Promise<string>;
  /** Stops serving (requests, long-polls, event streams), then the worker, the loops, the wake-ups and the database. Safe to call twice. */
  stop(): Promise<void>;
}

/** The base URL of a listening server; a wildcard address is reached on loopback. */
function urlOf(app: FastifyInstance): string {
  const address = app.server.address() as AddressInfo;
  const host = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

/** Registers a direct worker for `handlers` and starts it. */
async function startWorker(engine: Engine, wakeup: Wakeup, config: BatonConfig, logger: Logger, opts: RuntimeOptions & { handlers: HandlerRegistration[] }): Promise<Worker> {
  const transport = await DirectTransport.create({
    engine,
    wakeup,
    name: `${hostname()}:${process.pid}`,
    capacity: config.worker.concurrency,
    handlers: opts.handlers.map((h) => h.name),
    labels: opts.labels ?? {},
    leaseMs: config.worker.leaseMs,
    mode: config.orchestrator.mode,
    pollIntervalMs: config.orchestrator.pollIntervalMs,
  });
  const worker = new Worker({
    transport,
    handlers: opts.handlers,
    logger: logger.child({ role: 'worker', workerId: transport.workerId }),
    concurrency: config.worker.concurrency,
    claimBatch: config.worker.claimBatch,
    heartbeatMs: config.worker.heartbeatMs,
    shutdownGraceMs: config.worker.shutdownGraceMs,
    idleWaitMs: config.orchestrator.pollIntervalMs,
    ...(opts.middleware ? { middleware: opts.middleware } : {}),
  });
  await worker.start();
  return worker;
}

/**
 * Builds and starts a runtime (see `Runtime`); with `waitForDatabase`, waits
 * for an unreachable database first.
 *
 * @example const runtime = await createRuntime({ config, handlers, waitForDatabase: true });
 */
export async function createRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const { config } = opts;
  const logger = opts.logger ?? createLogger({ level: config.log.level, pretty: config.log.format === 'pretty' }); // library mode: `auto` is JSON
  // Registered before anything runs, so the first submission and claim are traced; flushed after everything stopped.
  const tracing = await startTracing(config.telemetry, logger);
  if (!tracing) return startOrWait(opts, logger);
  const runtime = await startOrWait(opts, logger).catch(async (err: unknown) => {
    await tracing.shutdown();
    throw err;
  });
  return { ...runtime, stop: () => runtime.stop().then(() => tracing.shutdown()) };
}

function startOrWait(opts: RuntimeOptions, logger: Logger): Promise<Runtime> {
  const { config } = opts;
  if (!opts.waitForDatabase) return startRuntime(opts, logger);
  // Each try that fails undoes what it started (the pool and listener are closed), so a retry starts clean.
  return retry(() => startRuntime(opts, logger), {
    attempts: Infinity,
    policy: DATABASE_WAIT_BACKOFF,
    isRetryable: isConnectionError,
    ...(opts.signal ? { signal: opts.signal } : {}),
    onRetry: ({ error, attempt, delayMs }) =>
      logger.warn({ attempt, retryInMs: delayMs }, `waiting for the database${databaseHost(config)}: ${describeFailure(error)}; retrying in ${formatWait(delayMs)}`),
  });
}

/** 200 ms after the first failure, doubling to 5 s, jittered: the worker's own backoff (src/worker/retry-policy.ts). */
const DATABASE_WAIT_BACKOFF = WORKER_RETRY_BACKOFF;

/** ` at host:port` of a PostgreSQL URL, without its credentials; empty for the embedded database. */
function databaseHost(config: BatonConfig): string {
  if (!config.database.url) return '';
  try {
    return ` at ${new URL(config.database.url).host}`;
  } catch {
    return '';
  }
}

async function startRuntime(opts: RuntimeOptions, logger: Logger): Promise<Runtime> {
  const { config } = opts;
  const db =
    opts.db ??
    (await openDatabase({
      ...(config.database.url ? { url: config.database.url } : {}),
      dataDir: config.database.dataDir,
      schema: config.database.schema,
      poolSize: config.database.poolSize,
      onConnectionError: (err) => logger.warn({ error: (err as Error).message, code: (err as { code?: string }).code }, 'database connection error; reconnecting'),
    }));
  const ownsDb = !opts.db;
  try {
    const { newer } = await migrate(db);
    // A rolling upgrade or a rollback: a newer Baton's additive migrations, which this one runs with.
    if (newer.length > 0)
      logger.warn(
        { migrations: newer.map((m) => `${String(m.version).padStart(4, '0')}_${m.name}`) },
        'the database has migrations of a newer Baton; running with them (they are additive)',
      );
  } catch (err) {
    if (ownsDb) await db.close();
    throw err;
  }
  const metrics = typeof opts.metrics === 'object' ? opts.metrics : opts.metrics === true || opts.http ? createMetrics() : undefined;
  // Passed down explicitly: every unit of work and claim the engine and the sweeps commit is counted here.
  const observers: CommitObservers = metrics ? { onUnit: (unit) => metrics.recordUnit(unit), onClaims: (claims) => metrics.recordClaims(claims) } : NO_OBSERVERS;
  const engine = new Engine(
    db,
    logger,
    { maxOutputBytes: config.server.bodyLimitBytes, maxTemplateSteps: config.templates.maxSteps, eventKeepSeconds: config.orchestrator.eventKeepSeconds },
    observers,
  );
  const stopReading = metrics?.readFrom(db);
  // Limits named in the configuration exist before any template that uses them is registered.
  const declared = parseRateLimitList(config.orchestrator.rateLimits);
  if (declared.ok) for (const l of declared.limits) await engine.setRateLimit(l.name, l.limit, l.per);
  const handlers = opts.handlers && opts.handlers.length > 0 ? opts.handlers : undefined;
  let wakeup: Wakeup | undefined;
  let workers: WorkerPool | undefined;
  let app: FastifyInstance | undefined;
  let stopSweeper: (() => Promise<void>) | undefined;
  let stopScheduler: (() => Promise<void>) | undefined;
  let stopTimekeeper: (() => Promise<void>) | undefined;
  let stopPruner: (() => Promise<void>) | undefined;
  let worker: Worker | undefined;
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      // Stop taking requests first (long-polls and event streams end), then the worker (in-flight steps finish or are handed back).
      await app?.close().catch((err: unknown) => logger.warn({ err }, 'error while closing the HTTP server'));
      await worker?.stop();
      await stopSweeper?.();
      await stopScheduler?.();
      await stopTimekeeper?.();
      await stopPruner?.();
      await wakeup?.close();
      stopReading?.();
      if (ownsDb) await db.close();
    })();
    return stopped;
  };
  try {
    // One subscription to the ready channel wakes both the pool's long-polls and this process's worker.
    if (opts.http || handlers || opts.sweeper !== false) wakeup = await Wakeup.create(db, config.orchestrator.mode);
    if (opts.http) {
      workers = new WorkerPool(engine, wakeup!, config.worker.leaseMs, config.orchestrator.pollIntervalMs, metrics!.workerPool);
      // Built before any loop starts: it refuses an unsafe bind (auth off on a public address).
      app = await buildServer({ engine, config, logger, metrics: metrics!, workers, ...(typeof opts.http === 'object' ? opts.http : {}) });
    }
    if (opts.sweeper !== false) {
      const sweepLogger = logger.child({ loop: 'sweeper' });
      stopSweeper = startSweeper(db, {
        intervalMs: config.orchestrator.sweepIntervalMs,
        stepTimeoutGraceMs: 1000,
        workerSilenceMs: config.worker.leaseMs * 2,
        logger: sweepLogger,
        observers,
      });
      stopTimekeeper = startTimekeeper(db, {
        intervalMs: config.orchestrator.timerIntervalMs,
        maxWorkflowDepth: config.orchestrator.maxWorkflowDepth,
        templates: engine.templates,
        logger: logger.child({ loop: 'timers' }),
        observers,
        wakeup: wakeup!,
      });
      // Every process ticks: row locks and the slot's idempotency key make each slot fire once.
      stopScheduler = startScheduler(db, engine, {
        tickMs: config.schedules.tickMs,
        misfireGraceMs: config.schedules.misfireGraceMs,
        logger: logger.child({ loop: 'scheduler' }),
        ...(metrics ? { observer: metrics.schedules } : {}),
      });
    }
    const retentionMs = config.retention.finishedTasksDays * 24 * 3600 * 1000;
    if ((opts.pruner ?? opts.sweeper) !== false && retentionMs > 0) {
      stopPruner = startPruner(db, { retentionMs, intervalMs: config.retention.pruneIntervalMs, logger: logger.child({ loop: 'pruner' }) });
    }
    if (handlers) worker = await startWorker(engine, wakeup!, config, logger, { ...opts, handlers });
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    config,
    logger,
    db,
    engine,
    metrics,
    workers,
    app,
    worker,
    async listen() {
      if (!app) throw new Error('createRuntime: listen() serves the HTTP API, which was not asked for (http: true)');
      await app.listen({ host: config.server.host, port: config.server.port });
      return urlOf(app);
    },
    stop,
  };
}
