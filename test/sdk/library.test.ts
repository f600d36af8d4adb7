/**
 * Library mode: `Baton.start` runs the engine inside this process, its typed
 * client submits and follows tasks, the API is served when asked, and
 * `stop()` leaves nothing running (twice in a row, in one process).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { Baton, BatonClient, defineHandler, ref, workflow, type BatonStartOptions, type EventView, type JsonValue, type Middleware } from '../../src/index.js';
import { backends, PG_URL, type Backend } from '../support/db.js';
import { testLogger } from '../support/logger.js';

const price = defineHandler('lib.price', { input: z.object({ sku: z.string(), qty: z.number().int() }), output: z.object({ sku: z.string(), cents: z.number() }) }, (ctx) => ({
  sku: ctx.params.sku,
  cents: ctx.params.qty * 250,
}));
const receipt = defineHandler('lib.receipt', { upstream: { price } }, (ctx) => ({ line: `${ctx.results.price.sku}: ${ctx.results.price.cents / 100}` }));

const checkout = workflow('lib', 'checkout', '1.0.0', { input: z.object({ sku: z.string(), qty: z.number().int().positive() }) })
  .step('price', price, { params: { sku: ref.context('sku'), qty: ref.context('qty') } })
  .step('receipt', receipt, { dependsOn: ['price'] });

const fast = { worker: { leaseMs: 2000, heartbeatMs: 500, shutdownGraceMs: 1000 }, orchestrator: { pollIntervalMs: 100, sweepIntervalMs: 200 } };

/** Resource kinds that would keep a process alive or leak across starts. */
function liveResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) if (kind !== 'TTYWrap' && kind !== 'PipeWrap') counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/**
 * Nothing new is left running: no kind of resource grew. (Unrelated timers of
 * the test runner may end meanwhile, so counts may only shrink, not must match.)
 */
function expectNoNewResources(before: Record<string, number>): void {
  const after = liveResources();
  const grown = Object.fromEntries(Object.entries(after).filter(([kind, n]) => n > (before[kind] ?? 0)));
  expect(grown).toEqual({});
}

async function settle(): Promise<void> {
  // Closed sockets and cleared timers leave the active list on the next turns of the loop.
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 20));
}

describe.each(backends)('library mode on %s', (backend: Backend) => {
  const schemas: string[] = [];

  afterAll(async () => {
    if (schemas.length === 0) return;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      for (const schema of schemas.splice(0)) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await admin.end();
    }
  });

  /** Options for this backend: in memory, or a fresh schema (created by Baton's migrations) on PostgreSQL. */
  function options(extra: Partial<BatonStartOptions> = {}): BatonStartOptions {
    const base: BatonStartOptions = { templates: [checkout], port: false, logger: testLogger, config: fast, ...extra };
    if (backend === 'pglite') return { dataDir: 'memory://', ...base };
    const schema = `t_${randomBytes(6).toString('hex')}`;
    schemas.push(schema);
    return { ...base, databaseUrl: PG_URL!, config: { ...base.config, database: { schema } } };
  }

  describe('a running Baton', () => {
    let baton: Baton;
    const seen: string[] = [];
    const audit: Middleware = async (ctx, next) => {
      seen.push(ctx.step.name);
      return next();
    };

    beforeAll(async () => {
      baton = await Baton.start(
        options({ middleware: [audit], port: 0, host: '127.0.0.1', templates: [checkout, workflow('lib', 'idle', '1').step('never', 'nobody.runs.this')] }),
      );
    });
    afterAll(async () => baton?.stop());

    it('runs a workflow end to end through the typed in-process client', async () => {
      const task = await baton.client.submit(checkout, { sku: 'tea', qty: 3 }, { tags: ['sdk'] });
      expect(task.created).toBe(true);
      const done = await baton.client.wait(task, { timeoutMs: 20_000 });
      expect(done.status).toBe('complete');
      expect(done.tags).toEqual(['sdk']);
      expect(done.outputs).toEqual({ price: { sku: 'tea', cents: 750 }, receipt: { line: 'tea: 7.5' } });
      expectTypeOf(done.outputs.price).toEqualTypeOf<{ sku: string; cents: number } | undefined>();
      expectTypeOf(done.outputs.receipt).toEqualTypeOf<{ line: string } | undefined>();
      // watch replays the task's transitions in order and ends (the task is terminal).
      const events: EventView[] = [];
      for await (const event of baton.client.watch(task)) events.push(event);
      expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort((a, b) => a - b));
      const stepStates = (step: string) => events.filter((e) => e.step === step && e.type === 'transition').map((e) => e.to);
      expect(stepStates('price').at(-1)).toBe('complete');
      expect(stepStates('receipt')).toContain('running');
      expect(
        events
          .filter((e) => e.step === null)
          .map((e) => e.to)
          .at(-1),
      ).toBe('complete');
      // @ts-expect-error the context must match the workflow's input schema
      await expect(baton.client.submit(checkout, { sku: 'tea' })).rejects.toMatchObject({ code: 'invalid_context' });

      const byName = await baton.client.submit({ namespace: 'lib', name: 'checkout', context: { sku: 'cake', qty: 1 } });
      const fetched = await baton.client.get(byName.id);
      expectTypeOf(fetched.outputs).toEqualTypeOf<Partial<Record<string, JsonValue>>>();
      expect((await baton.client.wait(byName.id)).outputs.receipt).toEqual({ line: 'cake: 2.5' });

      const many = await baton.client.submitMany([1, 2].map((qty) => ({ namespace: 'lib', name: 'checkout', context: { sku: 'x', qty } })));
      expect(many).toHaveLength(2);
      for (const t of many) expect((await baton.client.wait(t)).status).toBe('complete');
    });

    it('cancels a task and refuses an unknown template', async () => {
      const task = await baton.client.submit({ namespace: 'lib', name: 'idle', context: {} });
      expect(await baton.client.cancel(task)).toEqual({ id: task.id, changed: true, status: 'cancelled' });
      expect((await baton.client.wait(task)).status).toBe('cancelled');
      await expect(baton.client.submit({ namespace: 'lib', name: 'nope', context: {} })).rejects.toMatchObject({
        code: 'not_found',
        status: 404,
        details: { template: { namespace: 'lib', name: 'nope' } },
      });
      await expect(baton.client.submitMany([{ namespace: 'lib', name: 'nope', version: '2', context: {} }])).rejects.toMatchObject({
        code: 'not_found',
        details: { template: { namespace: 'lib', name: 'nope', version: '2' } },
      });
    });

    it('passes middleware to its worker and serves the HTTP API', async () => {
      expect(baton.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      seen.length = 0;
      const http = new BatonClient(baton.url!);
      const { id } = await http.submit({ namespace: 'lib', name: 'checkout', context: { sku: 'tea', qty: 1 } });
      expect((await http.wait(id, { timeoutMs: 20_000, pollMs: 50 })).status).toBe('complete');
      expect(seen).toEqual(['price', 'receipt']);
    });
  });

  it('undoes a start that fails (the port is taken) and leaves nothing running', async () => {
    // The port is held by a plain server, not a Baton: nothing else in this process changes its resources meanwhile.
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as AddressInfo).port;
    await settle();
    const before = liveResources();
    await expect(Baton.start(options({ port, host: '127.0.0.1' }))).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await settle();
    expectNoNewResources(before);
    await new Promise<void>((resolve) => holder.close(() => resolve()));
  }, 120_000);

  it('starts and stops twice in one process and leaves no timers, sockets or servers behind', async () => {
    await settle();
    const before = liveResources();
    for (let round = 0; round < 2; round++) {
      const baton = await Baton.start(options({ port: 0 }));
      const task = await baton.client.submit(checkout, { sku: 'tea', qty: 2 });
      expect((await baton.client.wait(task, { timeoutMs: 20_000 })).status).toBe('complete');
      await baton.stop();
      await baton.stop(); // idempotent
    }
    await settle();
    expectNoNewResources(before);
  }, 180_000);
});

describe('examples/sdk/library-mode.ts', () => {
  it('runs its order and stops', async () => {
    const { run } = await import('../../examples/sdk/library-mode.js');
    expect(await run({ logger: testLogger })).toBe('tea: 7.50');
  });
});

describe('Baton.start checks before opening anything', () => {
  it('rejects a bad configuration, naming the key', async () => {
    await expect(Baton.start({ dataDir: 'memory://', port: false, config: { worker: { concurrency: 0 } } })).rejects.toMatchObject({
      code: 'invalid_config',
      message: expect.stringContaining('worker.concurrency'),
    });
  });

  it('rejects an invalid template with the YAML error', async () => {
    const bad = 'namespace: lib\nname: bad\nversion: "1"\nsteps: []\n';
    await expect(Baton.start({ dataDir: 'memory://', port: false, logger: testLogger, templates: [bad] })).rejects.toMatchObject({
      code: 'invalid_template',
      message: expect.stringContaining('lib/bad'),
    });
  });
});
