/**
 * A TypeScript HTTP worker process for bench/http-workers.ts. Prints `ready`
 * once registered; SIGTERM stops it gracefully.
 * env: BATON_URL, CONCURRENCY
 */
import pino from 'pino';
import { startHttpWorker } from '../src/worker/http-worker.js';
import { defineHandler } from '../src/worker/types.js';
const handlers = [defineHandler('bench.noop', () => null), defineHandler('bench.sleep10', () => new Promise((resolve) => setTimeout(() => resolve(null), 10)))];
const { worker } = await startHttpWorker({
    serverUrl: process.env.BATON_URL,
    name: `bench-ts-${process.pid}`,
    handlers,
    concurrency: Number(process.env.CONCURRENCY ?? 10),
    logger: pino({ level: 'warn' }),
});
process.stdout.write('ready\n');
process.on('SIGTERM', () => void worker.stop().then(() => process.exit(0)));
//# sourceMappingURL=http-worker-child.js.map