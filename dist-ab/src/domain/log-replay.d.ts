import type { StepState } from './types.js';
/** One log row, as replay needs it. */
export interface ReplayRow {
    id: number;
    step: string | null;
    kind: string;
    from: string | null;
    to: string | null;
}
/** One step of the task: the state it was created in, and the steps it depends on. */
export interface ReplayStep {
    name: string;
    initial: StepState;
    upstream: readonly string[];
}
/** The states in which a step first exists: with open dependencies, or none. */
export declare function initialStepState(dependencyCount: number): StepState;
/**
 * Replays `rows` (one task's log, any order: they are sorted by id) over
 * `steps`. Returns one message per violation; an empty list means the log is
 * a true record:
 * - the task's first row is `null -> pending`, and every later one follows its state machine;
 * - every step row starts from the state the replay has the step in, and follows its state machine;
 * - a step becomes `ready` (or a fan-in `complete`) only once every step it depends on has settled;
 * - a task reaches a terminal status only when every step is terminal.
 */
export declare function replayTaskLog(rows: readonly ReplayRow[], steps: readonly ReplayStep[]): string[];
