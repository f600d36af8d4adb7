import { createHttpTransport } from './http-transport.js';
import { Worker } from './worker.js';
/**
 * Registers with the server and returns a started Worker; `worker.stop()`
 * stops claiming, lets running steps finish within the grace period and hands
 * the rest back (`DELETE /v1/workers/:id`).
 *
 * A server that is not up yet is waited for: registration is retried with
 * backoff (each wait logged at warn) until it answers, or until `signal`
 * aborts. It rejects at once only on a refusal that retrying cannot fix
 * (401/403, a registration the server rejects). Once running, claims and
 * heartbeats ride out outages the same way, and a worker the server no longer
 * knows (removed, or forgotten after being lost) registers again by itself.
 *
 * @example
 * const { worker } = await startHttpWorker({ serverUrl: 'http://127.0.0.1:8080', name: 'w1', handlers, logger });
 * process.on('SIGTERM', () => void worker.stop());
 */
export async function startHttpWorker(opts) {
    const concurrency = opts.concurrency ?? 10;
    const { handlers, logger, shutdownGraceMs, middleware, claimBatch, concurrency: _c, ...transportOpts } = opts;
    const transport = await createHttpTransport({
        ...transportOpts,
        handlers: handlers.map((h) => h.name),
        capacity: concurrency,
        logger,
    });
    const worker = new Worker({
        transport,
        handlers,
        logger: logger.child({ workerId: transport.workerId }),
        concurrency,
        ...(claimBatch !== undefined ? { claimBatch } : {}),
        heartbeatMs: transport.heartbeatMs,
        ...(shutdownGraceMs !== undefined ? { shutdownGraceMs } : {}),
        ...(middleware ? { middleware } : {}),
    });
    try {
        await worker.start();
    }
    catch (err) {
        await transport.close();
        throw err;
    }
    return { worker, transport };
}
//# sourceMappingURL=http-worker.js.map