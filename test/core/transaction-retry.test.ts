import { afterEach, describe, expect, it } from 'vitest';
import { inTaskTransaction } from '../../src/core/task-unit.js';
import { backends, createTestDb, type TestDb } from '../support/db.js';

function sqlError(code: string): Error {
  return Object.assign(new Error(`simulated ${code}`), { code });
}

describe.each(backends)('transactions retried by SQLSTATE on %s', (backend) => {
  let t: TestDb;
  afterEach(async () => t?.close());

  it.each(['40001', '40P01'])('retries a transaction that failed with %s, and commits once', async (code) => {
    t = await createTestDb(backend);
    await t.db.query('CREATE TABLE attempts (n int)');
    let calls = 0;
    const { value } = await inTaskTransaction(t.db, async (unit) => {
      calls++;
      await unit.tx.query('INSERT INTO attempts VALUES ($1)', [calls]);
      if (calls < 3) throw sqlError(code);
      return 'done';
    });
    expect(value).toBe('done');
    expect(calls).toBe(3);
    // The failed attempts rolled back: only the third insert is there.
    const { rows } = await t.db.query<{ n: number }>('SELECT n FROM attempts');
    expect(rows).toEqual([{ n: 3 }]);
  });

  it('gives up after a bounded number of attempts, and does not retry other errors', async () => {
    t = await createTestDb(backend);
    let calls = 0;
    await expect(
      inTaskTransaction(t.db, async () => {
        calls++;
        throw sqlError('40001');
      }),
    ).rejects.toMatchObject({ code: '40001' });
    expect(calls).toBe(5);
    calls = 0;
    await expect(
      inTaskTransaction(t.db, async () => {
        calls++;
        throw sqlError('23505');
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(calls).toBe(1);
  });
});
