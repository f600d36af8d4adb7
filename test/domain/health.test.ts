import { describe, expect, it } from 'vitest';
import { evaluateReadiness, failedChecks, type ReadinessInput } from '../../src/domain/health.js';

const healthy: ReadinessInput = {
  databaseOk: true,
  listenerOk: true,
  mode: 'hybrid',
  readyBacklog: 3,
  backlogLimit: 100,
  oldestReadyAgeMs: 250,
  oldestReadyLimitMs: 60_000,
  shuttingDown: false,
};

describe('evaluateReadiness', () => {
  // One row per rule: the input changed from a healthy process, and the checks that must fail.
  const table: [string, Partial<ReadinessInput>, string[]][] = [
    ['healthy', {}, []],
    ['database down', { databaseOk: false, databaseError: 'ECONNREFUSED', readyBacklog: null, oldestReadyAgeMs: null }, ['database']],
    ['database down, unknown values fail nothing else', { databaseOk: false, readyBacklog: null, oldestReadyAgeMs: null, backlogLimit: 1, oldestReadyLimitMs: 1 }, ['database']],
    ['listener down in hybrid mode', { listenerOk: false }, ['listener']],
    ['listener down in event mode', { listenerOk: false, mode: 'event' }, ['listener']],
    ['listener down in polling mode', { listenerOk: false, mode: 'polling' }, []],
    ['backlog at its limit', { readyBacklog: 100 }, []],
    ['backlog over its limit', { readyBacklog: 101 }, ['backlog']],
    ['backlog with no limit', { readyBacklog: 1_000_000, backlogLimit: 0 }, []],
    ['oldest ready step at its limit', { oldestReadyAgeMs: 60_000 }, []],
    ['oldest ready step over its limit', { oldestReadyAgeMs: 60_001 }, ['oldest_ready']],
    ['oldest ready step with no limit', { oldestReadyAgeMs: 9e9, oldestReadyLimitMs: 0 }, []],
    ['shutting down', { shuttingDown: true }, ['shutdown']],
    [
      'everything wrong',
      { databaseOk: false, listenerOk: false, readyBacklog: 101, oldestReadyAgeMs: 60_001, shuttingDown: true },
      ['database', 'listener', 'backlog', 'oldest_ready', 'shutdown'],
    ],
  ];

  it.each(table)('%s', (_, change, failing) => {
    const result = evaluateReadiness({ ...healthy, ...change });
    expect(failedChecks(result)).toEqual(failing);
    expect(result.ready).toBe(failing.length === 0);
    expect(Object.keys(result.checks)).toEqual(['database', 'listener', 'backlog', 'oldest_ready', 'shutdown']);
  });

  it('is ready exactly when no check fails, for every combination of inputs', () => {
    const dims = {
      databaseOk: [true, false],
      listenerOk: [true, false],
      mode: ['hybrid', 'event', 'polling'] as const,
      backlog: ['under', 'over', 'unlimited'] as const,
      age: ['under', 'over', 'unlimited'] as const,
      shuttingDown: [false, true],
    };
    let cases = 0;
    for (const databaseOk of dims.databaseOk)
      for (const listenerOk of dims.listenerOk)
        for (const mode of dims.mode)
          for (const backlog of dims.backlog)
            for (const age of dims.age)
              for (const shuttingDown of dims.shuttingDown) {
                const input: ReadinessInput = {
                  databaseOk,
                  ...(databaseOk ? {} : { databaseError: 'timeout' }),
                  listenerOk,
                  mode,
                  readyBacklog: databaseOk ? (backlog === 'over' ? 11 : 10) : null,
                  backlogLimit: backlog === 'unlimited' ? 0 : 10,
                  oldestReadyAgeMs: databaseOk ? (age === 'over' ? 5001 : 5000) : null,
                  oldestReadyLimitMs: age === 'unlimited' ? 0 : 5000,
                  shuttingDown,
                };
                const expected = [
                  !databaseOk && 'database',
                  !listenerOk && mode !== 'polling' && 'listener',
                  databaseOk && backlog === 'over' && 'backlog',
                  databaseOk && age === 'over' && 'oldest_ready',
                  shuttingDown && 'shutdown',
                ].filter((x): x is string => typeof x === 'string');
                const result = evaluateReadiness(input);
                expect(failedChecks(result), JSON.stringify(input)).toEqual(expected);
                expect(result.ready).toBe(expected.length === 0);
                cases++;
              }
    expect(cases).toBe(2 * 2 * 3 * 3 * 3 * 2);
  });

  it('names each check with its value and limit', () => {
    const result = evaluateReadiness({ ...healthy, databaseOk: false, databaseError: 'no answer within 2000 ms', readyBacklog: null, oldestReadyAgeMs: null });
    expect(result.checks).toEqual({
      database: { ok: false, error: 'no answer within 2000 ms' },
      listener: { ok: true, value: 'up' },
      backlog: { ok: true, value: null, limit: 100 },
      oldest_ready: { ok: true, value: null, limit: 60_000 },
      shutdown: { ok: true, value: false },
    });
    const unlimited = evaluateReadiness({ ...healthy, backlogLimit: 0, oldestReadyLimitMs: 0, oldestReadyAgeMs: 12.6, mode: 'polling', listenerOk: false });
    expect(unlimited.checks.backlog).toEqual({ ok: true, value: 3, limit: null });
    expect(unlimited.checks.oldest_ready).toEqual({ ok: true, value: 13, limit: null });
    expect(unlimited.checks.listener).toEqual({ ok: true, value: 'polling' });
  });
});
