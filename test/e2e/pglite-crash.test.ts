import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../src/store/pglite-adapter.js';
import { checkInvariants } from '../support/invariants.js';
import { FIXTURES, killAll, spawnNode } from '../support/processes.js';

describe('the embedded database under SIGKILL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-crash-'));
  afterAll(() => {
    killAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reopens unaided after SIGKILL during submissions, with every acknowledged task there', async () => {
    const dataDir = join(dir, 'data');
    const child = spawnNode(`${FIXTURES}pglite-submitter.mjs`, [], { DATA_DIR: dataDir });
    await child.waitFor('ready', 60_000);
    await child.waitFor(/ack .*\n(.|\n)*ack .*\n(.|\n)*ack /, 30_000);
    await new Promise((r) => setTimeout(r, 300));
    child.proc.kill('SIGKILL');
    await child.exited;
    const acked = [...child.output().matchAll(/^ack ([0-9a-f-]{36})$/gm)].map((m) => m[1]);
    expect(acked.length).toBeGreaterThan(2);

    const db = await openPglite({ dataDir, schema: 'baton' });
    try {
      const { rows } = await db.query<{ id: string }>('SELECT id FROM tasks');
      const stored = new Set(rows.map((r) => r.id));
      expect(acked.filter((id) => !stored.has(id))).toEqual([]);
      expect(await checkInvariants(db, { reaperSlackMs: 0, acknowledged: acked })).toEqual({});
    } finally {
      await db.close();
    }
  }, 120_000);

  it('refuses a second process on the same data directory, naming the holder', async () => {
    const dataDir = join(dir, 'held');
    const holder = spawnNode(`${FIXTURES}pglite-submitter.mjs`, [], { DATA_DIR: dataDir });
    await holder.waitFor('ready', 60_000);
    await expect(openPglite({ dataDir, schema: 'baton' })).rejects.toThrow(new RegExp(`in use by process ${holder.proc.pid}`));
    holder.proc.kill('SIGKILL');
  }, 120_000);
});
