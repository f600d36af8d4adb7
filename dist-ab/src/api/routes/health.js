import { evaluateReadiness, failedChecks } from '../../domain/health.js';
import { pingDatabase, readReadyBacklog } from '../../store/stats.js';
async function withTimeout(work, timeoutMs, what) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
        return await Promise.race([work, timeout]);
    }
    finally {
        clearTimeout(timer);
    }
}
/** `SELECT 1`, then the backlog (one query over the partial ready index); each bounded by the timeout. */
async function gather(engine, timeoutMs) {
    try {
        await withTimeout(pingDatabase(engine.db), timeoutMs, 'SELECT 1');
        return { ok: true, backlog: await withTimeout(readReadyBacklog(engine.db), timeoutMs, 'ready backlog query') };
    }
    catch (err) {
        return { ok: false, error: String(err?.message ?? err).slice(0, 200) };
    }
}
export async function healthRoutes(app, opts) {
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
        if (!readiness.ready)
            request.log.warn({ failed: failedChecks(readiness), checks: readiness.checks }, 'not ready');
        return reply.code(readiness.ready ? 200 : 503).send({ status: readiness.ready ? 'ready' : 'unready', checks: readiness.checks });
    });
}
//# sourceMappingURL=health.js.map