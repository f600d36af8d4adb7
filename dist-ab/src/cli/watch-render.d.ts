import type { TaskDetail } from '../sdk/client.js';
import type { TaskEvent } from '../sdk/events.js';
export interface StepProgress {
    name: string;
    state: string;
    /** The attempt running or last run; null before the first claim. */
    attempt: number | null;
    /** From the snapshot; null when the step was first seen in an event. */
    maxAttempts: number | null;
    /** When the current (or last) attempt started running. */
    startedAt: string | null;
    /** When the step reached a final state. */
    finishedAt: string | null;
    /** Reason of the last failure or error. */
    error: string | null;
    /** For a waiting step: what it waits for (`signal "approval" until ...`, or the transition's reason). */
    waiting?: string | null;
}
export interface FanOutGroup {
    /** Instances created; null until the fan-out step has run. */
    total: number | null;
    /** Instance states by index. */
    instances: Map<number, string>;
}
export interface WatchState {
    taskId: string;
    /** `ns/name@version` when known. */
    title: string | null;
    status: string;
    createdAt: string | null;
    finishedAt: string | null;
    /** Steps other than fan-out instances, in the order they were first seen. */
    steps: Map<string, StepProgress>;
    groups: Map<string, FanOutGroup>;
    /** Most attempts of each step (instances included) from the snapshot. */
    maxAttempts: Map<string, number>;
    /** Width of the step-name column in appended lines. */
    nameWidth: number;
}
/** A state knowing only the task id (before the first snapshot or event). */
export declare function emptyWatchState(taskId: string): WatchState;
/** Seeds the state from a snapshot (`GET /v1/tasks/:id`), so steps without events yet are listed too. */
export declare function watchStateFromTask(task: TaskDetail): WatchState;
/** Folds one event into the state (mutating it) and returns it. */
export declare function applyEvent(state: WatchState, event: TaskEvent): WatchState;
/** `[██████░░░░]` for `done` of `total`, `width` cells wide. */
export declare function progressBar(done: number, total: number, width?: number): string;
/**
 * The whole picture, redrawn in place on a terminal: a header, then a line
 * per step with its state, attempt and duration; a fan-out group shows a bar
 * of its instances done out of the total.
 */
export declare function renderWatch(state: WatchState, now?: number): string[];
/**
 * One appended line for an event (not a terminal, or a log): step changes
 * with attempt and, when final, the duration; null for what is not shown.
 */
export declare function describeEvent(state: WatchState, event: TaskEvent): string | null;
