import { describe, it, expect } from 'vitest';
import {
  STEP_TRANSITIONS,
  TASK_TRANSITIONS,
  TERMINAL_STEP_STATES,
  TERMINAL_TASK_STATUSES,
  assertStepTransition,
  assertTaskTransition,
  canTransitionStep,
  canTransitionTask,
  isTerminalStep,
  isTerminalTask,
} from '../../src/domain/state-machine.js';
import { StepStates, TaskStatuses, type StepState, type TaskStatus } from '../../src/domain/types.js';
import { BatonError } from '../../src/errors.js';
import { assertLoggedTransition, CANCELLABLE_STEP_STATES, LIVE_STEP_STATES, LIVE_TASK_STATUSES, SKIPPABLE_STEP_STATES, stepStatesBefore } from '../../src/domain/state-machine.js';

const allSteps = Object.values(StepStates);
const allTasks = Object.values(TaskStatuses);

const expectedStep: Record<StepState, StepState[]> = {
  pending: ['ready', 'complete', 'skipped', 'cancelled'],
  ready: ['running', 'waiting', 'skipped', 'cancelled', 'resolved'],
  waiting: ['complete', 'failed', 'error', 'skipped', 'cancelled', 'resolved'],
  running: ['complete', 'failed', 'error', 'cancelled', 'ready'],
  failed: ['ready', 'error'],
  error: ['ready', 'resolved'],
  skipped: ['ready', 'pending', 'complete'],
  complete: [],
  cancelled: [],
  resolved: [],
};

const expectedTask: Record<TaskStatus, TaskStatus[]> = {
  pending: ['running', 'cancelled', 'timed_out', 'complete', 'error'],
  running: ['waiting_for_retry', 'complete', 'error', 'cancelled', 'timed_out'],
  waiting_for_retry: ['running', 'complete', 'error', 'cancelled', 'timed_out'],
  error: ['running'],
  complete: [],
  cancelled: [],
  timed_out: [],
};

describe('step state machine', () => {
  it('has an entry for every step state', () => {
    expect(Object.keys(STEP_TRANSITIONS).sort()).toEqual([...allSteps].sort());
  });

  for (const from of allSteps) {
    for (const to of allSteps) {
      const allowed = expectedStep[from].includes(to);
      it(`${allowed ? 'allows' : 'refuses'} ${from} -> ${to}`, () => {
        expect(canTransitionStep(from, to)).toBe(allowed);
        if (allowed) expect(() => assertStepTransition(from, to)).not.toThrow();
        else expect(() => assertStepTransition(from, to)).toThrow(BatonError);
      });
    }
  }

  it('refuses with a conflict error naming both states', () => {
    try {
      assertStepTransition('complete', 'running');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(BatonError);
      expect((err as BatonError).code).toBe('conflict');
      expect((err as BatonError).status).toBe(409);
      expect((err as BatonError).message).toBe('a step cannot go from complete to running');
      expect((err as BatonError).details).toEqual({ from: 'complete', to: 'running' });
    }
  });

  it('allows the logged path of a failed attempt with retries left: running -> failed -> ready, and running -> ready', () => {
    expect(canTransitionStep('running', 'failed') && canTransitionStep('failed', 'ready')).toBe(true);
    expect(canTransitionStep('running', 'ready')).toBe(true);
  });

  it('refuses an unknown state instead of throwing a TypeError', () => {
    expect(canTransitionStep('bogus' as StepState, 'ready')).toBe(false);
  });

  it('terminal step states are exactly complete, error, skipped, cancelled and resolved', () => {
    expect([...TERMINAL_STEP_STATES].sort()).toEqual(['cancelled', 'complete', 'error', 'resolved', 'skipped']);
    expect(allSteps.filter(isTerminalStep).sort()).toEqual([...TERMINAL_STEP_STATES].sort());
    expect(isTerminalStep('failed')).toBe(false);
    expect(isTerminalStep('running')).toBe(false);
  });
});

describe('task state machine', () => {
  it('has an entry for every task status', () => {
    expect(Object.keys(TASK_TRANSITIONS).sort()).toEqual([...allTasks].sort());
  });

  for (const from of allTasks) {
    for (const to of allTasks) {
      const allowed = expectedTask[from].includes(to);
      it(`${allowed ? 'allows' : 'refuses'} ${from} -> ${to}`, () => {
        expect(canTransitionTask(from, to)).toBe(allowed);
        if (allowed) expect(() => assertTaskTransition(from, to)).not.toThrow();
        else expect(() => assertTaskTransition(from, to)).toThrow('a task cannot go from');
      });
    }
  }

  it('refuses an unknown status instead of throwing a TypeError', () => {
    expect(canTransitionTask('bogus' as TaskStatus, 'running')).toBe(false);
  });

  it('terminal task statuses are complete, error, cancelled and timed_out', () => {
    expect([...TERMINAL_TASK_STATUSES].sort()).toEqual(['cancelled', 'complete', 'error', 'timed_out']);
    expect(allTasks.filter(isTerminalTask).sort()).toEqual([...TERMINAL_TASK_STATUSES].sort());
    expect(isTerminalTask('pending')).toBe(false);
    expect(isTerminalTask('running')).toBe(false);
  });
});

describe("the engine's guard on its log", () => {
  it('passes every allowed step and task transition, a submission, and rows that change no state', () => {
    expect(() => assertLoggedTransition({ stepName: 'a', from: 'ready', to: 'running' })).not.toThrow();
    expect(() => assertLoggedTransition({ from: 'running', to: 'waiting_for_retry' })).not.toThrow();
    expect(() => assertLoggedTransition({ from: null, to: 'pending' })).not.toThrow();
    expect(() => assertLoggedTransition({ stepName: 'a', kind: 'progress' })).not.toThrow();
    expect(() => assertLoggedTransition({ stepName: 'a', to: null })).not.toThrow();
  });

  it('refuses with an internal error naming the step and both states', () => {
    try {
      assertLoggedTransition({ stepName: 'square', from: 'complete', to: 'running' });
      expect.unreachable();
    } catch (err) {
      expect((err as BatonError).code).toBe('internal');
      expect((err as BatonError).message).toContain('step "square" going from complete to running');
    }
    expect(() => assertLoggedTransition({ from: 'complete', to: 'running' })).toThrow('task going from complete to running');
    expect(() => assertLoggedTransition({ from: null, to: 'running' })).toThrow('from nothing to running');
    expect(() => assertLoggedTransition({ stepName: 'a', from: null, to: 'ready' })).toThrow('from nothing to ready');
  });

  it('live sets are the complements of the terminal ones', () => {
    expect([...LIVE_TASK_STATUSES, ...TERMINAL_TASK_STATUSES].sort()).toEqual([...allTasks].sort());
    expect([...LIVE_STEP_STATES, ...TERMINAL_STEP_STATES, 'failed'].sort()).toEqual([...allSteps].sort());
  });
});

describe('state sets read off the tables', () => {
  it('skippable and cancellable steps are those the step table lets move there', () => {
    expect([...SKIPPABLE_STEP_STATES]).toEqual(['pending', 'ready', 'waiting']);
    expect([...CANCELLABLE_STEP_STATES]).toEqual(['pending', 'ready', 'waiting', 'running']);
    expect(stepStatesBefore('running')).toEqual(['ready']);
  });
});
