/**
 * How tasks are shown: the step table of `task get`, the task list and the
 * final report of `task submit --wait` and `task watch` (live progress: watch-render.ts).
 */
import type { StepView, TaskDetail, TaskView } from '../sdk/client.js';
export declare function taskRef(task: Pick<TaskView, 'namespace' | 'name' | 'version'>): string;
/** The header and step table of `baton task get`. */
export declare function renderTaskDetail(task: TaskDetail, now?: number): string[];
/** What a waiting step waits for, and until when: `signal "approval" until 2030-01-03T00:00:00.000Z (in 47h59m)`. */
export declare function describeWaiting(waiting: NonNullable<StepView['waiting']>, now?: number): string;
/** The table of `baton task list`. */
export declare function renderTaskList(tasks: TaskView[], now?: number): string[];
/** The end of `task submit --wait`: status, time, then each step's output (or error). */
export declare function renderOutcome(task: TaskDetail): string[];
