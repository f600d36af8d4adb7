import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine.js';
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
});
