/**
 * Liveness and readiness probes (unauthenticated, outside /v1). Liveness says
 * only that the process answers. Readiness gathers the values (a database
 * round trip, the LISTEN connection, the ready backlog, the shutdown flag)
 * and leaves the decision to the pure evaluator in src/domain/health.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { BatonConfig } from '../../config/schema.js';
import type { Engine } from '../../core/engine.js';
import { evaluateReadiness, failedChecks } from '../../domain/health.js';
import { pingDatabase, readReadyBacklog, type ReadyBacklog } from '../../store/stats.js';

export interface HealthRoutesOptions {
  engine: Engine;
  /** Limits and mode; without it, no backlog limits and `hybrid` mode. */
  config?: BatonConfig;
  /** How long the database check may take before the server counts as unready. @default 2000 */
  checkTimeoutMs?: number;
}

type Gathered = { ok: true; backlog: ReadyBacklog } | { ok: false; error: string };

async function withTimeout<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** `SELECT 1`, then the backlog (one query over the partial ready index); each bounded by the timeout. */
async function gather(engine: Engine, timeoutMs: number): Promise<Gathered> {
  try {
    await withTimeout(pingDatabase(engine.db), timeoutMs, 'SELECT 1');
    return { ok: true, backlog: await withTimeout(readReadyBacklog(engine.db), timeoutMs, 'ready backlog query') };
  } catch (err) {
    return { ok: false, error: String((err as Error)?.message ?? err).slice(0, 200) };
  }
}

export async function healthRoutes(app: FastifyInstance, opts: HealthRoutesOptions): Promise<void> {
  const timeoutMs = opts.checkTimeoutMs ?? 2000;
  const mode = opts.config?.orchestrator.mode ?? 'hybrid';
  let shuttingDown = false;
  // preClose runs as close() begins, before in-flight requests finish: probes see 503 from then on.
  app.addHook('preClose', async () => {
    shuttingDown = true;
  });

  app.get('/health/live', async () => ({ status: 'ok' }));

  app.get('/health/ready', async (request, reply) => {
    const gathered = await gather(opts.engine, timeoutMs);
    const readiness = evaluateReadiness({
      databaseOk: gathered.ok,
      ...(gathered.ok ? {} : { databaseError: gathered.error }),
      listenerOk: opts.engine.db.listenerHealthy(),
      mode,
      readyBacklog: gathered.ok ? gathered.backlog.count : null,
      backlogLimit: opts.config?.orchestrator.admissionLimit ?? 0,
      oldestReadyAgeMs: gathered.ok ? gathered.backlog.oldestAgeMs : null,
      oldestReadyLimitMs: opts.config?.orchestrator.readyAgeLimitMs ?? 0,
      shuttingDown,
    });
    if (!readiness.ready) request.log.warn({ failed: failedChecks(readiness), checks: readiness.checks }, 'not ready');
    return reply.code(readiness.ready ? 200 : 503).send({ status: readiness.ready ? 'ready' : 'unready', checks: readiness.checks });
  });
}
