import { describe, expect, it } from 'vitest';
import { initialStepState, replayTaskLog, type ReplayRow, type ReplayStep } from '../../src/domain/log-replay.js';

const DIAMOND: ReplayStep[] = [
  { name: 'load', initial: 'ready', upstream: [] },
  { name: 'square', initial: 'pending', upstream: ['load'] },
  { name: 'double', initial: 'pending', upstream: ['load'] },
  { name: 'sum', initial: 'pending', upstream: ['square', 'double'] },
];

let id = 0;
const row = (step: string | null, from: string | null, to: string | null, kind = 'transition'): ReplayRow => ({ id: ++id, step, kind, from, to });

function trueDiamond(): ReplayRow[] {
  return [
    row(null, null, 'pending'),
    row('load', 'ready', 'running'),
    row(null, 'pending', 'running'),
    row('load', 'running', 'complete'),
    row('square', 'pending', 'ready'),
    row('double', 'pending', 'ready'),
    row('square', 'ready', 'running'),
    row('square', null, null, 'progress'),
    row('double', 'ready', 'running'),
    row('double', 'running', 'failed'),
    row('double', 'failed', 'ready'),
    row(null, 'running', 'waiting_for_retry'),
    row('double', 'ready', 'running'),
    row(null, 'waiting_for_retry', 'running'),
    row('square', 'running', 'complete'),
    row('double', 'running', 'complete'),
    row('sum', 'pending', 'ready'),
    row('sum', 'ready', 'running'),
    row('sum', 'running', 'complete'),
    row(null, 'running', 'complete'),
  ];
}

describe('replaying a task log (I6)', () => {
  it('accepts a true record, whatever order the rows arrive in', () => {
    expect(replayTaskLog(trueDiamond(), DIAMOND)).toEqual([]);
    expect(replayTaskLog(trueDiamond().reverse(), DIAMOND)).toEqual([]);
  });

  it('names a dependent that runs before the completion that released it (the claim written before the completion)', () => {
    const rows = trueDiamond();
    // load complete and square ready logged after square running: the bug of issue #12.
    const [complete, ready, , running] = [rows[3], rows[4], rows[5], rows[6]];
    [running.id, complete.id, ready.id] = [complete.id, ready.id, running.id];
    const problems = replayTaskLog(rows, DIAMOND);
    expect(problems.some((p) => p.includes('step "square" goes ready -> running but the log has it pending'))).toBe(true);
  });

  it('names a step made ready while a dependency is still open', () => {
    const rows = [row(null, null, 'pending'), row('load', 'ready', 'running'), row('square', 'pending', 'ready')];
    expect(replayTaskLog(rows, DIAMOND)).toEqual([expect.stringContaining('step "square" ready before "load" (running) settled')]);
  });

  it('names a task finished while steps are live', () => {
    const rows = [row(null, null, 'pending'), row('load', 'ready', 'running'), row(null, 'pending', 'cancelled')];
    expect(replayTaskLog(rows, DIAMOND)[0]).toMatch(/task cancelled while steps are live: load \(running\), square \(pending\)/);
  });

  it('names transitions the state machines refuse, and rows that contradict the replayed state', () => {
    const problems = replayTaskLog(
      [row(null, 'pending', 'running'), row(null, 'running', 'pending'), row('load', 'ready', 'complete'), row('nope', 'ready', 'running'), row(null, 'error', 'complete')],
      DIAMOND,
    );
    expect(problems).toEqual([
      expect.stringContaining("task's first transition is pending -> running"),
      expect.stringContaining('task cannot go running -> pending'),
      expect.stringContaining('step "load" cannot go ready -> complete'),
      expect.stringContaining('"nope" is not a step of the task'),
      expect.stringContaining('task goes error -> complete but the log has it pending'),
      expect.stringContaining('task complete while steps are live'),
    ]);
  });

  it('lets a fan-in step complete only after every instance', () => {
    const steps: ReplayStep[] = [
      { name: 'split', initial: 'ready', upstream: [] },
      { name: 'work[0]', initial: 'ready', upstream: [] },
      { name: 'work', initial: 'pending', upstream: ['split', 'work[0]'] },
    ];
    const early = [row(null, null, 'pending'), row('split', 'ready', 'running'), row('split', 'running', 'complete'), row('work', 'pending', 'complete')];
    expect(replayTaskLog(early, steps)).toEqual([expect.stringContaining('step "work" complete before "work[0]" (ready) settled')]);
  });

  it('starts a step with dependencies pending and one without ready', () => {
    expect(initialStepState(2)).toBe('pending');
    expect(initialStepState(0)).toBe('ready');
  });
});
