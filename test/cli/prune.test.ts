import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/args.js';
import { run } from '../../src/cli/main.js';
import { Engine } from '../../src/core/engine.js';
import type { Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { openPglite } from '../../src/store/pglite-adapter.js';
import { backends, createTestDb, PG_URL, type Backend } from '../support/db.js';
import { testLogger } from '../support/logger.js';

function capture(env: NodeJS.ProcessEnv = {}): CliContext & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { env, cwd: tmpdir(), stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

interface Target {
  /** Database flags for `baton`. */
  args: string[];
  env: NodeJS.ProcessEnv;
  open(): Promise<Db>;
  cleanup(): Promise<void>;
}

/** A database the CLI can open by itself: a PGlite directory, or a fresh schema on PostgreSQL. */
async function makeTarget(backend: Backend): Promise<Target> {
  if (backend === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'baton-prune-'));
    const dataDir = join(dir, 'data');
    return {
      args: ['--data-dir', dataDir],
      env: {},
      open: () => openPglite({ dataDir, schema: 'baton' }),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const testDb = await createTestDb('pg');
  await testDb.db.close();
  const { openPg } = await import('../../src/store/pg-adapter.js');
  return {
    args: ['--database-url', PG_URL!],
    env: { BATON_SCHEMA: testDb.schema },
    open: async () => openPg({ url: PG_URL!, schema: testDb.schema, poolSize: 2 }),
    cleanup: () => testDb.close(),
  };
}

/** Two cancelled tasks, one finished 10 days ago and one 2 days ago, and a live one 10 days old. */
async function seed(target: Target): Promise<{ old: string; recent: string; live: string }> {
  const db = await target.open();
  try {
    await migrate(db);
    const engine = new Engine(db, testLogger);
    await engine.registerTemplate(`{namespace: p, name: one, version: "1", steps: [{name: a, handler: p.x}]}`);
    const ids = { old: '', recent: '', live: '' };
    for (const key of ['old', 'recent', 'live'] as const) ids[key] = (await engine.submit({ namespace: 'p', name: 'one' })).id;
    await engine.cancel(ids.old);
    await engine.cancel(ids.recent);
    await db.query("UPDATE tasks SET created_at = created_at - interval '10 days', finished_at = finished_at - interval '10 days' WHERE id = ANY($1::uuid[])", [
      [ids.old, ids.live],
    ]);
    await db.query("UPDATE tasks SET finished_at = finished_at - interval '2 days' WHERE id = $1", [ids.recent]);
    return ids;
  } finally {
    await db.close();
  }
}

async function taskIds(target: Target): Promise<string[]> {
  const db = await target.open();
  try {
    return (await db.query<{ id: string }>('SELECT id FROM tasks')).rows.map((r) => r.id).sort();
  } finally {
    await db.close();
  }
}

describe.each(backends)('baton prune on %s', (backend) => {
  let target: Target | undefined;
  afterEach(async () => {
    await target?.cleanup();
    target = undefined;
  });

  it('deletes the finished tasks older than --older-than, says how many, and keeps live ones', async () => {
    target = await makeTarget(backend);
    const ids = await seed(target);
    const ctx = capture(target.env);
    expect(await run(['prune', '--older-than', '7d', ...target.args], ctx), ctx.stderr.join('\n')).toBe(0);
    expect(ctx.stdout.join('\n')).toMatch(/^deleted 1 finished task older than 7d from .* \(schema \w+\)$/);
    expect(await taskIds(target)).toEqual([ids.recent, ids.live].sort());

    // The configured retention is the default age.
    const again = capture({ ...target.env, BATON_RETENTION_DAYS: '1' });
    expect(await run(['prune', ...target.args], again)).toBe(0);
    expect(again.stdout[0]).toMatch(/^deleted 1 finished task older than 1d /);
    expect(await taskIds(target)).toEqual([ids.live]);
  });

  it('refuses an age without a unit, and pruning with no age when retention keeps everything', async () => {
    target = await makeTarget(backend);
    const bad = capture(target.env);
    expect(await run(['prune', '--older-than', '7', ...target.args], bad)).toBe(2);
    expect(bad.stderr.join('\n')).toMatch(/--older-than expects an age such as 90s, 15m, 12h or 7d, got "7"/);
    const forever = capture({ ...target.env, BATON_RETENTION_DAYS: '0' });
    expect(await run(['prune', ...target.args], forever)).toBe(2);
    expect(forever.stderr.join('\n')).toMatch(/keep forever/);
  });
});

describe.runIf(PG_URL)('baton prune against a database without Baton tables', () => {
  it('says so and exits 3', async () => {
    const ctx = capture({ BATON_SCHEMA: 'no_baton_here' });
    expect(await run(['prune', '--older-than', '1d', '--database-url', PG_URL!], ctx)).toBe(3);
    expect(ctx.stderr.join('\n')).toMatch(/no Baton tables in schema no_baton_here/);
  });
});
