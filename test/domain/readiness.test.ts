import { describe, it, expect } from 'vitest';
import { initialPendingCounts, stepsSkippedByDecision, stepsToSkip, taskOutcome } from '../../src/domain/readiness.js';
import type { StepState } from '../../src/domain/types.js';

function def(deps: Record<string, string[]>) {
  return {
    steps: Object.entries(deps).map(([name, depends_on]) => ({
      name,
      handler: 'h',
      kind: 'task' as const,
      depends_on,
      params: {},
      retry: { max_attempts: 1, backoff: 'none' as const, base_ms: 0, max_ms: 0, jitter: false },
      timeout_seconds: null,
      labels: {},
    })),
  };
}

// a -> b -> d, a -> c -> d, e independent, f after e
const graph = def({ a: [], b: ['a'], c: ['a'], d: ['b', 'c'], e: [], f: ['e'] });

describe('initialPendingCounts', () => {
  it('counts the dependencies of every step', () => {
    expect(initialPendingCounts(graph)).toEqual(
      new Map([
        ['a', 0],
        ['b', 1],
        ['c', 1],
        ['d', 2],
        ['e', 0],
        ['f', 1],
      ]),
    );
  });
});

describe('taskOutcome', () => {
  it('is null while any step is not terminal', () => {
    for (const live of ['pending', 'ready', 'running', 'failed'] as StepState[]) {
      expect(taskOutcome(['complete', live], false, false)).toBeNull();
      expect(taskOutcome(['complete', live], true, false)).toBeNull();
      expect(taskOutcome(['complete', live], false, true)).toBeNull();
    }
  });

  it('is complete when every step is complete, skipped or resolved', () => {
    expect(taskOutcome(['complete', 'skipped', 'resolved'], false, false)).toBe('complete');
    expect(taskOutcome([], false, false)).toBe('complete');
  });

  it('is error when any step ended in error', () => {
    expect(taskOutcome(['complete', 'error', 'skipped'], false, false)).toBe('error');
  });

  it('is cancelled when the task was cancelled, even with an errored step', () => {
    expect(taskOutcome(['complete', 'cancelled', 'error'], true, false)).toBe('cancelled');
  });

  it('is timed_out when the deadline passed, over an errored step', () => {
    expect(taskOutcome(['cancelled', 'error'], false, true)).toBe('timed_out');
  });

  it('prefers cancelled over timed_out', () => {
    expect(taskOutcome(['cancelled'], true, true)).toBe('cancelled');
  });

  it('is cancelled when a step was cancelled without a task-level flag', () => {
    expect(taskOutcome(['complete', 'cancelled'], false, false)).toBe('cancelled');
  });
});

describe('stepsToSkip', () => {
  it('with continue skips the transitive dependents that have not started', () => {
    const states = new Map<string, StepState>([
      ['a', 'complete'],
      ['b', 'error'],
      ['c', 'ready'],
      ['d', 'pending'],
      ['e', 'running'],
      ['f', 'pending'],
    ]);
    expect(stepsToSkip(graph, 'b', 'continue', states)).toEqual(['d']);
    expect(stepsToSkip(graph, 'a', 'continue', states)).toEqual(['c', 'd']);
  });

  it('with continue leaves running and terminal dependents alone', () => {
    const states = new Map<string, StepState>([
      ['a', 'error'],
      ['b', 'running'],
      ['c', 'complete'],
      ['d', 'pending'],
    ]);
    expect(stepsToSkip(graph, 'a', 'continue', states)).toEqual(['d']);
  });

  it('with continue ignores steps missing from the state map', () => {
    expect(stepsToSkip(graph, 'a', 'continue', new Map([['b', 'pending']]))).toEqual(['b']);
  });

  it('with stop skips every pending or ready step, but not running ones', () => {
    const states = new Map<string, StepState>([
      ['a', 'complete'],
      ['b', 'error'],
      ['c', 'running'],
      ['d', 'pending'],
      ['e', 'ready'],
      ['f', 'pending'],
    ]);
    expect(stepsToSkip(graph, 'b', 'stop', states)).toEqual(['d', 'e', 'f']);
  });

  it('with stop never lists the failed step itself', () => {
    expect(stepsToSkip(graph, 'a', 'stop', new Map<string, StepState>([['a', 'ready']]))).toEqual([]);
  });
});

describe('stepsSkippedByDecision', () => {
  // decide -> left -> after_left; decide -> right; join waits for both branches; tail after join
  const branches = def({
    decide: [],
    left: ['decide'],
    after_left: ['left'],
    right: ['decide'],
    join: ['after_left', 'right'],
    tail: ['join'],
    other: [],
  });

  it('skips the direct dependents not activated, and what depends only on them', () => {
    expect(stepsSkippedByDecision(branches, 'decide', ['right'])).toEqual(['left', 'after_left']);
  });

  it('skips a join when every branch it waits for is skipped', () => {
    expect(stepsSkippedByDecision(branches, 'decide', [])).toEqual(['left', 'after_left', 'right', 'join', 'tail']);
  });

  it('skips nothing when every branch is activated', () => {
    expect(stepsSkippedByDecision(branches, 'decide', ['left', 'right'])).toEqual([]);
  });

  it('does not skip a step that also waits on a step outside the decision', () => {
    const mixed = def({ decide: [], side: [], left: ['decide'], both: ['left', 'side'] });
    expect(stepsSkippedByDecision(mixed, 'decide', [])).toEqual(['left']);
  });

  it('returns nothing for an unknown decision step', () => {
    expect(stepsSkippedByDecision(branches, 'nope', [])).toEqual([]);
  });
});
