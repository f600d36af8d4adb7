import { afterEach, describe, expect, it } from 'vitest';
import { LIVE_TASK_STATUSES } from '../../src/domain/state-machine.js';
import { LIVE_TASKS, sqlList } from '../../src/store/state-sql.js';
import { backends, createTestDb, type TestDb } from '../support/db.js';

describe('state lists in SQL', () => {
  it('are generated from the domain sets, and only from state names', () => {
    expect(LIVE_TASKS).toBe("'pending', 'running', 'waiting_for_retry'");
    expect(() => sqlList(["running') OR true --"])).toThrow('not a state name');
  });
});

describe.each(backends)('partial indexes on %s', (backend) => {
  let t: TestDb;
  afterEach(async () => t?.close());

  it('cover every live task status, as the sweeps that use them expect', async () => {
    t = await createTestDb(backend);
    const { rows } = await t.db.query<{ indexname: string; indexdef: string }>(
      "SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN ('tasks_deadline_idx', 'tasks_unfinalized_idx') AND schemaname = current_schema()",
    );
    expect(rows).toHaveLength(2);
    for (const { indexdef } of rows) {
      const listed = [...indexdef.matchAll(/'([a-z_]+)'::text/g)].map((m) => m[1]);
      expect(listed.sort()).toEqual([...LIVE_TASK_STATUSES].sort());
    }
  });
});
