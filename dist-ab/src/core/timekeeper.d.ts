/**
 * The timer loop of every engine process: starts worker-less steps that became
 * ready (sleep, wait) waiting, fires the timers that are due (a sleep's end, a
 * wait's timeout), and deletes kept events past their time. It reads only
 * partial indexes of due rows, so it costs the same however many steps wait.
 * Every action is guarded in SQL by the step's state, so any number of
 * processes may run it at once.
 */
import type { Logger } from 'pino';
import type { Db } from '../store/db.js';
import { type CommitObservers } from './observers.js';
import type { TemplateRegistry } from './template-registry.js';
import type { Wakeup } from './wakeup.js';
export interface TimerCounts {
    started: number;
    woken: number;
}
/** One pass: start every ready worker-less step waiting, then fire every due timer (in batches until none is left). */
export declare function runTimersOnce(db: Db, templates: TemplateRegistry, observers?: CommitObservers, maxWorkflowDepth?: number): Promise<TimerCounts>;
export interface TimekeeperOptions {
    intervalMs: number;
    /** Deepest nesting of child workflows (`orchestrator.max_workflow_depth`). @default 10 */
    maxWorkflowDepth?: number;
    templates: TemplateRegistry;
    logger: Logger;
    observers?: CommitObservers;
    /** Wakes the loop early when steps become ready (a worker-less step then starts waiting at once). */
    wakeup?: Wakeup;
}
/** Runs `runTimersOnce` every `intervalMs` (sooner on a ready wake-up), single-flight; errors are logged, never thrown. */
export declare function startTimekeeper(db: Db, opts: TimekeeperOptions): () => Promise<void>;
