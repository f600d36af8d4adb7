import { expect } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { buildTestServer } from '../support/server.js';
import type { SseLimits } from '../../src/api/sse-hub.js';
import type { BatonConfig } from '../../src/config/schema.js';
import type { Execution } from '../../src/core/claim.js';
import type { Backend } from '../support/db.js';
import { startHarness, type Harness } from '../support/harness.js';
import { testLogger } from '../support/logger.js';

/** A listening server (inject cannot stream) on a fresh database, with no workers: tests drive steps by hand. */
export interface EventsServer {
  h: Harness;
  app: FastifyInstance;
  base: string;
  /** Submits a task of the two-step template `t/two`. */
  submit(): Promise<string>;
  /** Claims one ready step (of any task) as worker `w`. */
  claim(): Promise<Execution>;
  complete(e: Execution): Promise<void>;
  close(): Promise<void>;
}

export const TWO_STEPS = `
namespace: t
name: two
version: "1"
steps:
  - { name: a, handler: x, retry: { max_attempts: 1 } }
  - { name: b, handler: x, depends_on: [a], retry: { max_attempts: 1 } }
`;

export async function startEventsServer(backend: Backend, opts: { sse?: Partial<SseLimits>; config?: (c: BatonConfig) => void } = {}): Promise<EventsServer> {
  const h = await startHarness(backend, { sweeper: false, ...(opts.config ? { config: opts.config } : {}) });
  const app = await buildTestServer({ engine: h.engine, config: h.runtime.config, logger: testLogger, ...(opts.sse ? { sse: opts.sse } : {}) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  await h.engine.registerTemplate(TWO_STEPS);
  return {
    h,
    app,
    base,
    async submit() {
      return (await h.engine.submit({ namespace: 't', name: 'two', context: {} })).id;
    },
    async claim() {
      const [e] = await h.engine.claim({ workerId: 'w', handlers: ['x'], labels: {}, limit: 1, leaseMs: 10_000 });
      if (!e) throw new Error('nothing to claim');
      return e;
    },
    async complete(e) {
      expect(await h.engine.complete(e.execution_id, e.lease_id, { step: e.task.id })).toBe('ok');
    },
    async close() {
      await app.close();
      await h.close();
    },
  };
}

/** The ids engine.events reports for a task: what a stream must deliver. */
export async function loggedIds(server: EventsServer, taskId: string): Promise<number[]> {
  return (await server.h.engine.events(taskId, 0, 10_000)).map((e) => e.id);
}
