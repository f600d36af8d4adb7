import type { JsonValue } from '../domain/types.js';
import type { Db } from '../store/db.js';
import type { CommitObservers } from './observers.js';
import { type TaskUnit } from './task-unit.js';
export interface SignalRequest {
    taskId: string;
    name: string;
    payload: JsonValue;
    idempotencyKey?: string | null;
    actor?: string | null;
}
/** `delivered`: the waiting step completed with it; `kept`: its step is not waiting yet and gets it when it does; `duplicate`: a repeat of the signal already received. */
export interface SignalResult {
    task_id: string;
    signal: string;
    step: string;
    status: 'delivered' | 'kept' | 'duplicate';
}
/**
 * Sends signal `name` to a task: completes the step waiting for it, or keeps
 * it for that step. The first signal of a name wins; a repeat with its
 * idempotency key is a harmless duplicate, anything else a conflict.
 *
 * @throws BatonError `not_found` (no such task, or no step of it waits for `name`),
 *   `invalid_signal` (the payload fails the step's schema; nothing is recorded),
 *   `conflict` (the task finished, the step stopped waiting, or the name was already signalled).
 */
export declare function sendSignal(unit: TaskUnit, req: SignalRequest): Promise<SignalResult>;
export interface EventRequest {
    name: string;
    key: string;
    payload: JsonValue;
    idempotencyKey?: string | null;
}
/** `delivered`: steps the event completed; `kept`: it reached none and waits for one; `duplicate`: its idempotency key was seen before. */
export interface EventResult {
    name: string;
    key: string;
    delivered: number;
    kept: boolean;
    duplicate: boolean;
}
/**
 * Stores an external event, then delivers it to every step waiting for its
 * name and key, each in its own task's transaction. Stored first, so a step
 * that starts waiting meanwhile finds it kept: no waiter misses it.
 */
export declare function sendEvent(db: Db, req: EventRequest, keepSeconds: number, observers: CommitObservers): Promise<EventResult>;
