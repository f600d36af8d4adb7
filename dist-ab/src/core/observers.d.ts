/**
 * Who hears of commits (metrics). The composition root (`createRuntime`) hands
 * one `CommitObservers` to the Engine and the sweeper, which pass it on to
 * every unit of work and claim they commit: no registry, no global state.
 */
import type { ClaimObservation } from './claim.js';
import type { TaskUnit } from './task-unit.js';
/** Both run after the commit; an observer's error is swallowed, never the committed work's. */
export interface CommitObservers {
    /** Every committed unit of work: its logged transitions and finalized tasks. */
    onUnit?(unit: TaskUnit): void;
    /** Every committed claim (one statement, not a task unit): a replayed claim is not told again. */
    onClaims?(claims: ClaimObservation[]): void;
}
/** No one listening: engines built without observers (tests, tools). */
export declare const NO_OBSERVERS: CommitObservers;
export declare function tellUnit(observers: CommitObservers, unit: TaskUnit): void;
export declare function tellClaims(observers: CommitObservers, claims: ClaimObservation[]): void;
