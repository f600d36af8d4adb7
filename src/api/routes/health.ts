/** Liveness and readiness probes (unauthenticated, outside /v1). */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../core/engine.js';

export interface HealthRoutesOptions {
  engine: Engine;
  /** How long the database check may take before the server counts as unready. @default 2000 */
  checkTimeoutMs?: number;
}

interface CheckResult {
  ok: boolean;
  error?: string;
}

async function checkDatabase(engine: Engine, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([engine.db.query('SELECT 1'), timeout]);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: String((err as Error)?.message ?? err).slice(0, 200) };
  } finally {
    clearTimeout(timer);
  }
}

export async function healthRoutes(app: FastifyInstance, opts: HealthRoutesOptions): Promise<void> {
  const timeoutMs = opts.checkTimeoutMs ?? 2000;

  app.get('/health/live', async () => ({ status: 'ok' }));

  app.get('/health/ready', async (request, reply) => {
    const database = await checkDatabase(opts.engine, timeoutMs);
    if (!database.ok) request.log.warn({ check: 'database', error: database.error }, 'not ready');
    return reply.code(database.ok ? 200 : 503).send({ status: database.ok ? 'ready' : 'unready', checks: { database } });
  });
}
