import { afterEach, describe, expect, it } from 'vitest';
import { defineHandler } from '../../src/worker/types.js';
import { backends } from '../support/db.js';
import { startHarness, type Harness } from '../support/harness.js';
import { until } from '../support/wait.js';

describe.each(backends)('a direct worker the sweeps forgot, on %s', (backend) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('registers again under its own id at its next heartbeat; a stopped one stays stopped', async () => {
    h = await startHarness(backend, { handlers: [defineHandler('d.noop', () => ({}))] });
    const workers = `${h.testDb.db.schema}.workers`;
    const { rows } = await h.testDb.db.query<{ id: string }>(`SELECT id FROM ${workers} WHERE transport = 'direct'`);
    expect(rows).toHaveLength(1);
    const workerId = rows[0].id;
    const row = async () => (await h.testDb.db.query<{ id: string; state: string }>(`SELECT id, state FROM ${workers} WHERE id = $1`, [workerId])).rows[0];
    expect(await row()).toMatchObject({ id: workerId, state: 'active' });
    await h.testDb.db.query(`DELETE FROM ${workers} WHERE id = $1`, [workerId]);
    await until(async () => (await row()) !== undefined, 5000, 'the worker registered again');
    expect(await row()).toMatchObject({ id: workerId, state: 'active' });
    await h.testDb.db.query(`UPDATE ${workers} SET state = 'stopped' WHERE id = $1`, [workerId]);
    await new Promise((r) => setTimeout(r, 1200));
    expect(await row()).toMatchObject({ state: 'stopped' });
  });
});
