import { describe, expect, it } from 'vitest';
import { applyEvent, describeEvent, emptyWatchState, progressBar, renderWatch, watchStateFromTask } from '../../src/cli/watch-render.js';
import type { TaskDetail } from '../../src/sdk/client.js';
import type { TaskEvent } from '../../src/sdk/events.js';

const T0 = Date.parse('2030-01-01T00:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
let nextId = 1;
const transition = (ms: number, data: Omit<TaskEvent['data'], 'task_id' | 'at'>): TaskEvent => ({
  id: nextId++,
  event: 'transition',
  data: { task_id: 't1', at: at(ms), ...data },
});

function fold(events: TaskEvent[]) {
  const state = emptyWatchState('t1');
  for (const e of events) applyEvent(state, e);
  return state;
}

describe('watch rendering', () => {
  it('shows a line per step with state, attempt and duration; a running step counts up to now', () => {
    const state = fold([
      transition(0, { to: 'pending', reason: 'submitted' }),
      transition(100, { from: 'pending', to: 'running' }),
      transition(100, { step: 'validate', from: 'ready', to: 'running', attempt: 1 }),
      transition(600, { step: 'validate', from: 'running', to: 'complete', attempt: 1 }),
      transition(600, { step: 'charge', from: 'pending', to: 'ready' }),
      transition(700, { step: 'charge', from: 'ready', to: 'running', attempt: 1 }),
      transition(900, { step: 'charge', from: 'running', to: 'failed', attempt: 1, reason: 'card declined' }),
      transition(900, { step: 'charge', from: 'failed', to: 'ready', reason: 'retry in 100 ms' }),
      transition(1000, { step: 'charge', from: 'ready', to: 'running', attempt: 2 }),
    ]);
    expect(renderWatch(state, T0 + 3500)).toEqual(['task t1  running  3.5s', '  validate  complete   attempt 1   500ms', '  charge    running    attempt 2   2.5s']);
  });

  it('shows a task waiting for a retry, and running again once the retry is claimed', () => {
    const events = [
      transition(0, { to: 'pending' }),
      transition(10, { from: 'pending', to: 'running' }),
      transition(10, { step: 'charge', from: 'ready', to: 'running', attempt: 1 }),
      transition(50, { step: 'charge', from: 'running', to: 'failed', attempt: 1, reason: 'card declined' }),
      transition(50, { step: 'charge', from: 'failed', to: 'ready', reason: 'retry in 2000 ms' }),
      transition(50, { from: 'running', to: 'waiting_for_retry', reason: 'every live step is in backoff' }),
    ];
    const state = fold(events);
    expect(renderWatch(state, T0 + 1000)[0]).toBe('task t1  waiting_for_retry  1.0s');
    expect(describeEvent(state, events[5])).toBe('task waiting_for_retry: every live step is in backoff');
    applyEvent(state, transition(2050, { from: 'waiting_for_retry', to: 'running', reason: 'retry claimed' }));
    expect(state.status).toBe('running');
  });

  it('names the error of a failed step and the final status', () => {
    const state = fold([
      transition(0, { to: 'pending' }),
      transition(10, { step: 'a', from: 'ready', to: 'running', attempt: 3 }),
      transition(1210, { step: 'a', from: 'running', to: 'error', attempt: 3, reason: 'boom\nwith details' }),
      transition(1210, { from: 'running', to: 'error' }),
    ]);
    applyEvent(state, { id: null, event: 'end', data: { task_id: 't1', status: 'error' } });
    expect(renderWatch(state, T0 + 99_000)).toEqual(['task t1  error  1.2s', '  a  error      attempt 3   1.2s    boom with details']);
  });

  it('draws fan-out instances as a bar of done out of total under the fan-in step', () => {
    const events = [
      transition(0, { to: 'pending' }),
      transition(5, { step: 'split', from: 'running', to: 'complete', attempt: 1 }),
      {
        ...transition(5, { step: 'each', reason: 'fanned out into 4 instances of 10 items' }),
        event: 'transition' as const,
        data: { task_id: 't1', at: at(5), step: 'each', reason: 'fanned out', data: { instances: 4, items: 10 } },
      },
      transition(10, { step: 'each[0]', from: 'ready', to: 'running', attempt: 1 }),
      transition(11, { step: 'each[1]', from: 'ready', to: 'running', attempt: 1 }),
      transition(20, { step: 'each[0]', from: 'running', to: 'complete', attempt: 1 }),
      transition(21, { step: 'each[2]', from: 'running', to: 'error', attempt: 1, reason: 'x' }),
    ];
    const state = fold(events);
    expect(state.steps.has('each[0]')).toBe(false);
    const lines = renderWatch(state, T0 + 30);
    expect(lines[2]).toBe(`  each   pending                        ${progressBar(1, 4)} 1/4 (1 running, 1 failed)`);
    expect(progressBar(1, 4, 8)).toBe('[██░░░░░░]');
    expect(progressBar(0, 0, 4)).toBe('[████]');
  });

  it('lists steps of a snapshot that have no events yet, in template order', () => {
    const task = {
      id: 't1',
      namespace: 'shop',
      name: 'order',
      version: '1',
      status: 'running',
      created_at: at(0),
      finished_at: null,
      steps: [
        { name: 'a', state: 'complete', attempts: 1, started_at: at(0), finished_at: at(250), error: null },
        { name: 'b', state: 'pending', attempts: 0, started_at: null, finished_at: null, error: null },
        { name: 'm[0]', state: 'ready', attempts: 0, started_at: null, finished_at: null, error: null },
        { name: 'm', state: 'pending', attempts: 0, started_at: null, finished_at: null, error: null },
      ],
    } as unknown as TaskDetail;
    expect(renderWatch(watchStateFromTask(task), T0 + 1000)).toEqual([
      'task t1  shop/order@1  running  1.0s',
      '  a  complete   attempt 1   250ms',
      '  b  pending',
      `  m  pending                        ${progressBar(0, 1)} 0/1`,
    ]);
  });

  it('describes each event as one appended line for logs and pipes, with attempts out of the maximum', () => {
    const state = emptyWatchState('t1');
    const line = (e: TaskEvent) => describeEvent(applyEvent(state, e), e);
    expect(line(transition(0, { to: 'pending', reason: 'submitted' }))).toBe('task pending');
    expect(line(transition(10, { step: 'a', from: 'ready', to: 'running', attempt: 1 }))).toBe('  a  running    attempt 1');
    expect(line({ id: 9, event: 'progress', data: { task_id: 't1', step: 'a', at: at(20), data: { pct: 50 } } })).toBe('  a  progress   {"pct":50}');
    expect(line(transition(410, { step: 'a', from: 'running', to: 'failed', attempt: 1, reason: 'flaky' }))).toBe('  a  failed     attempt 1  400ms: flaky');
    expect(line(transition(2010, { from: 'running', to: 'complete' }))).toBe('task complete');
    expect(line({ id: null, event: 'end', data: { task_id: 't1', status: 'complete' } })).toBeNull();

    const seeded = watchStateFromTask({
      id: 't1',
      namespace: 'n',
      name: 'x',
      version: '1',
      status: 'pending',
      created_at: at(0),
      finished_at: null,
      steps: [
        { name: 'validate', state: 'ready', attempts: 0, max_attempts: 3, started_at: null, finished_at: null, error: null },
        { name: 'm', state: 'pending', attempts: 0, max_attempts: 2, started_at: null, finished_at: null, error: null },
      ],
    } as unknown as TaskDetail);
    const seededLine = (e: TaskEvent) => describeEvent(applyEvent(seeded, e), e);
    expect(seededLine(transition(10, { step: 'validate', from: 'ready', to: 'running', attempt: 1 }))).toBe('  validate  running    attempt 1/3');
    expect(seededLine(transition(20, { step: 'm[4]', from: 'ready', to: 'running', attempt: 2 }))).toBe('  m[4]      running    attempt 2/2');
    expect(seededLine(transition(30, { step: 'validate', from: 'running', to: 'error', attempt: 1, reason: 'no items' }))).toBe(
      '  validate  error      attempt 1/3  20ms: no items',
    );
  });
});
