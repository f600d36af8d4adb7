import type { Logger } from 'pino';
import type { BatonConfig } from './config/schema.js';
import { Engine } from './core/engine.js';
import { startPruner } from './core/pruner.js';
import { startSweeper } from './core/sweeper.js';
import { createLogger } from './observability/logger.js';
import type { BatonMetrics } from './observability/metrics.js';
import type { Db } from './store/db.js';
import { migrate } from './store/migrate.js';
import { openDatabase } from './store/open.js';
import { DirectTransport } from './worker/direct-transport.js';
import type { HandlerRegistration, Middleware } from './worker/types.js';
import { Worker } from './worker/worker.js';
import { hostname } from 'node:os';

export interface RuntimeOptions {
  config: BatonConfig;
  logger?: Logger;
  /** An already open database (tests); otherwise opened from `config.database`. */
  db?: Db;
  /** Run the background sweeps (lease reaper, timeouts, reconciler). @default true */
  sweeper?: boolean;
  /** Run the retention pruner (when `retention.finishedTasksDays` > 0). @default the value of `sweeper` */
  pruner?: boolean;
  /** Counts this process's commits (attached before the worker starts, detached on stop). */
  metrics?: BatonMetrics;
  /** Run a worker in this process for these handlers. */
  handlers?: HandlerRegistration[];
  /** Worker labels for placement. */
  labels?: Record<string, string>;
  /** Middleware around every handler call of the worker (DESIGN §3). */
  middleware?: Middleware[];
}

/**
 * The composition root: one place builds the database, engine, background
 * loops and worker from the config, and one `stop()` takes them down in order.
 */
export interface Runtime {
  config: BatonConfig;
  logger: Logger;
  db: Db;
  engine: Engine;
  worker: Worker | undefined;
  stop(): Promise<void>;
}

export async function createRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const { config } = opts;
  const logger = opts.logger ?? createLogger({ level: config.log.level, ...(config.log.pretty !== undefined ? { pretty: config.log.pretty } : {}) });
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
    await migrate(db);
  } catch (err) {
    if (ownsDb) await db.close();
    throw err;
  }
  const engine = new Engine(db, logger, { maxOutputBytes: config.server.bodyLimitBytes, maxTemplateSteps: config.templates.maxSteps });
  const detachMetrics = opts.metrics?.attach(db);
  const stopSweeper =
    opts.sweeper === false
      ? async () => {}
      : startSweeper(db, { intervalMs: config.orchestrator.sweepIntervalMs, stepTimeoutGraceMs: 1000, workerSilenceMs: config.worker.leaseMs * 2, logger: logger.child({ loop: 'sweeper' }) });
  const retentionMs = config.retention.finishedTasksDays * 24 * 3600 * 1000;
  const stopPruner =
    (opts.pruner ?? opts.sweeper) === false || retentionMs === 0
      ? async () => {}
      : startPruner(db, { retentionMs, intervalMs: config.retention.pruneIntervalMs, logger: logger.child({ loop: 'pruner' }) });
  let worker: Worker | undefined;
  if (opts.handlers && opts.handlers.length > 0) {
    const transport = await DirectTransport.create({
      engine,
      name: `${hostname()}:${process.pid}`,
      capacity: config.worker.concurrency,
      handlers: opts.handlers.map((h) => h.name),
      labels: opts.labels ?? {},
      leaseMs: config.worker.leaseMs,
      mode: config.orchestrator.mode,
      pollIntervalMs: config.orchestrator.pollIntervalMs,
    });
    worker = new Worker({
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
  }
  let stopped: Promise<void> | undefined;
  return {
    config,
    logger,
    db,
    engine,
    worker,
    stop() {
      stopped ??= (async () => {
        await worker?.stop();
        await stopSweeper();
        await stopPruner();
        detachMetrics?.();
        if (ownsDb) await db.close();
      })();
      return stopped;
    },
  };
}
