import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine.js';
import type { TaskRequest } from '../../src/core/submit.js';
import { BatonError } from '../../src/errors.js';
import { LocalClient } from '../../src/sdk/local-client.js';
import { backends, createTestDb, type TestDb } from '../support/db.js';
import { testLogger } from '../support/logger.js';

const template = (version: string, handler: string) => ({
  namespace: 's',
  name: 'pick',
  version,
  steps: [
    { name: 'a', handler },
    { name: 'b', handler, depends_on: ['a'] },
  ],
});

/** The BatonError a promise rejects with (fails the test if it resolves or throws something else). */
async function refusal(p: Promise<unknown>): Promise<BatonError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BatonError);
  return err as BatonError;
}

const keyed = (name: string, context: object, extra: Partial<TaskRequest> = {}): TaskRequest => ({
  namespace: 's',
  name,
  context: context as TaskRequest['context'],
  idempotency_key: 'k-1',
  ...extra,
});

describe.each(backends)('submission on %s', (backend) => {
  let t: TestDb;
  afterEach(async () => t?.close());

  it('writes the task, its steps, edges and submitted log row in one statement', async () => {
    t = await createTestDb(backend);
    const engine = new Engine(t.db, testLogger);
    await engine.registerTemplate(template('1', 's.one'));
    const { id } = await engine.submit({ namespace: 's', name: 'pick' });
    const steps = await t.db.query<{ name: string; state: string; pending_deps: number }>('SELECT name, state, pending_deps FROM steps WHERE task_id = $1 ORDER BY name', [id]);
    expect(steps.rows).toEqual([
      { name: 'a', state: 'ready', pending_deps: 0 },
      { name: 'b', state: 'pending', pending_deps: 1 },
    ]);
    const edges = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM step_edges WHERE task_id = $1', [id]);
    expect(edges.rows[0].n).toBe(1);
    const log = await t.db.query<{ to_state: string; reason: string }>('SELECT to_state, reason FROM transitions WHERE task_id = $1', [id]);
    expect(log.rows).toEqual([{ to_state: 'pending', reason: 'submitted' }]);
  });

  it('uses a version another engine registered after this one cached "latest"', async () => {
    t = await createTestDb(backend);
    const mine = new Engine(t.db, testLogger);
    const other = new Engine(t.db, testLogger);
    await mine.registerTemplate(template('1', 's.one'));
    const first = await mine.submit({ namespace: 's', name: 'pick' });
    await other.registerTemplate(template('2', 's.two'));
    const second = await mine.submit({ namespace: 's', name: 'pick' });
    const versions = await t.db.query<{ id: string; version: string }>('SELECT id, version FROM tasks WHERE id = ANY($1::uuid[])', [[first.id, second.id]]);
    expect(Object.fromEntries(versions.rows.map((r) => [r.id, r.version]))).toEqual({ [first.id]: '1', [second.id]: '2' });
    const handlers = await t.db.query<{ handler: string }>('SELECT DISTINCT handler FROM steps WHERE task_id = $1', [second.id]);
    expect(handlers.rows).toEqual([{ handler: 's.two' }]);
    // Nothing half-written by the refused first try.
    const counts = await t.db.query<{ tasks: number; steps: number }>('SELECT (SELECT count(*) FROM tasks)::int AS tasks, (SELECT count(*) FROM steps)::int AS steps');
    expect(counts.rows[0]).toEqual({ tasks: 2, steps: 4 });
  });

  describe('idempotency keys', () => {
    async function twoTemplates() {
      t = await createTestDb(backend);
      const engine = new Engine(t.db, testLogger);
      await engine.registerTemplate(template('1', 's.one'));
      await engine.registerTemplate({ ...template('1', 's.one'), name: 'other' });
      return engine;
    }
    const keyedTasks = async () => (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM tasks WHERE idempotency_key = 'k-1'")).rows[0].n;

    it('returns the stored task for the same key, template and context (key order and number spelling aside), whatever the version', async () => {
      const engine = await twoTemplates();
      const first = await engine.submit(keyed('pick', { a: 1, b: [1, 2] }));
      expect(first.created).toBe(true);
      const again = await engine.submit(keyed('pick', { b: [1, 2], a: 1.0 }));
      expect(again).toMatchObject({ id: first.id, created: false });
      // A retry that resolves "latest" after a new version was registered is the same submission.
      await engine.registerTemplate(template('2', 's.two'));
      expect(await engine.submit(keyed('pick', { a: 1, b: [1, 2] }))).toMatchObject({ id: first.id, created: false });
      expect(await engine.submit(keyed('pick', { a: 1, b: [1, 2] }, { version: '2' }))).toMatchObject({ id: first.id, created: false });
      expect(await keyedTasks()).toBe(1);
    });

    it('refuses the same key with another template or another context (409 conflict naming the task), single and batch, library mode too', async () => {
      const engine = await twoTemplates();
      const first = await engine.submit(keyed('pick', { a: 1 }));
      const held = { id: first.id, namespace: 's', name: 'pick', version: '1' };

      const otherTemplate = await refusal(engine.submit(keyed('other', { a: 1 })));
      expect(otherTemplate).toMatchObject({ code: 'conflict', status: 409, details: { idempotency_key: 'k-1', task: held, mismatch: 'template' } });
      expect(otherTemplate.message).toContain(first.id);
      expect(otherTemplate.message).toContain('s/pick');

      const otherContext = await refusal(engine.submit(keyed('pick', { a: 2 })));
      expect(otherContext).toMatchObject({ code: 'conflict', details: { task: held, mismatch: 'context' } });
      expect(otherContext.message).toContain(first.id);

      // A batch is one transaction: the conflicting request refuses all of it, naming its index.
      const batch = await refusal(engine.submitMany([{ namespace: 's', name: 'pick', idempotency_key: 'fresh' }, keyed('pick', { a: 1 }), keyed('other', { a: 1 })]));
      expect(batch).toMatchObject({ code: 'conflict', status: 409 });
      expect(batch.message).toContain('#2');
      expect(batch.details).toEqual({
        errors: [{ index: 2, code: 'conflict', message: expect.stringContaining(first.id), details: { idempotency_key: 'k-1', task: held, mismatch: 'template' } }],
      });
      // Two requests of one batch with one key and different contexts: the same refusal, nothing kept.
      const within = await refusal(engine.submitMany([keyed('pick', { z: 1 }, { idempotency_key: 'k-2' }), keyed('pick', { z: 2 }, { idempotency_key: 'k-2' })]));
      expect(within.details).toMatchObject({ errors: [{ index: 1, details: { mismatch: 'context' } }] });

      const library = new LocalClient(engine);
      expect(await refusal(library.submit(keyed('other', { a: 1 })))).toMatchObject({ code: 'conflict', details: { task: held } });
      // A batch of one is answered as a single submission is (as for a bad context).
      expect(await refusal(library.submitMany([keyed('pick', { a: 3 })]))).toMatchObject({ code: 'conflict', details: { mismatch: 'context' } });
      expect(await library.submit(keyed('pick', { a: 1 }))).toEqual({ id: first.id, status: 'pending', created: false });

      const { rows } = await t.db.query<{ idempotency_key: string | null }>('SELECT idempotency_key FROM tasks');
      expect(rows).toEqual([{ idempotency_key: 'k-1' }]);
    });

    it('under 20 concurrent submissions of one key, single and batch, makes one task: the matching ones get it, the others 409', async () => {
      t = await createTestDb(backend, { poolSize: 20 });
      const engine = new Engine(t.db, testLogger);
      await engine.registerTemplate(template('1', 's.one'));
      await engine.registerTemplate({ ...template('1', 's.one'), name: 'other' });
      // 0-13: one template and context; 14-16: another context; 17-19: another template. Even ones go as a batch with an unkeyed task.
      const requests = Array.from({ length: 20 }, (_, i) => keyed(i >= 17 ? 'other' : 'pick', { v: i >= 14 && i < 17 ? 'b' : 'a' }));
      const outcomes = await Promise.all(
        requests.map(async (request, i) => {
          const sent = i % 2 === 0 ? engine.submitMany([request, { namespace: 's', name: 'pick', context: { batch: i } }]).then((r) => r[0]) : engine.submit(request);
          return sent.then(
            (result) => ({ result, error: null }),
            (error: unknown) => ({ result: null, error: error as BatonError }),
          );
        }),
      );
      const { rows } = await t.db.query<{ id: string; name: string; context: object }>("SELECT id, name, context FROM tasks WHERE idempotency_key = 'k-1'");
      expect(rows).toHaveLength(1);
      const [task] = rows;
      const matches = (r: TaskRequest) => r.name === task.name && JSON.stringify(r.context) === JSON.stringify(task.context);
      for (const [i, outcome] of outcomes.entries()) {
        if (matches(requests[i])) {
          expect(outcome.error, `#${i}`).toBeNull();
          expect(outcome.result!.id, `#${i}`).toBe(task.id);
        } else {
          expect(outcome.error, `#${i}`).toBeInstanceOf(BatonError);
          expect(outcome.error!.code).toBe('conflict');
          expect(outcome.error!.message).toContain(task.id);
        }
      }
      expect(outcomes.filter((o) => o.result?.created)).toHaveLength(1);
      // A refused batch kept nothing: its unkeyed task exists only if its keyed one matched.
      const unkeyed = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM tasks WHERE idempotency_key IS NULL');
      expect(unkeyed.rows[0].n).toBe(requests.filter((r, i) => i % 2 === 0 && matches(r)).length);
      expect(await keyedTasks()).toBe(1);
    });
  });

  describe('correlation ids', () => {
    it('keeps the given correlationId, else the task id, and refuses an empty or over-long one', async () => {
      t = await createTestDb(backend);
      const engine = new Engine(t.db, testLogger);
      await engine.registerTemplate(template('1', 's.one'));
      const given = await engine.submit({ namespace: 's', name: 'pick', correlationId: 'order-7' });
      const own = await engine.submit({ namespace: 's', name: 'pick' });
      expect([given.correlationId, own.correlationId]).toEqual(['order-7', own.id]);
      expect((await engine.getTask(given.id)).correlation_id).toBe('order-7');
      expect((await engine.getTask(own.id)).correlation_id).toBe(own.id);
      for (const correlationId of ['', 'x'.repeat(129)]) {
        expect(await refusal(engine.submit({ namespace: 's', name: 'pick', correlationId }))).toMatchObject({ code: 'invalid_request' });
      }
    });
  });
});
