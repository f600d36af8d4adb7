import type { JsonObject, JsonValue } from './types.js';
/** A step's wait, ready to store: what ends it, and when its timer fires. */
export interface WaitPlan {
    /** `signal:<name>` or `event:<name>`; null for a sleep. */
    waitFor: string | null;
    /** An event wait's key. */
    waitKey: string | null;
    /** The timer: a span from now (a duration), an absolute time (`until`), or neither. */
    wakeInMs?: number;
    wakeAt?: Date;
    /** For the log: "sleeping for 3d", "waiting for signal \"approval\" (up to 48h)". */
    describe: string;
}
/** A plan, or why the resolved spec cannot be waited on. */
export type WaitPlanResult = {
    ok: true;
    plan: WaitPlan;
} | {
    ok: false;
    message: string;
};
/** An event key as text: strings as they are, numbers and booleans as written, anything else as JSON. */
export declare function eventKey(value: JsonValue): string;
/** A time given as ISO 8601 text or as milliseconds since the epoch; undefined for anything else. */
export declare function parseInstant(value: JsonValue | undefined): Date | undefined;
/** Plans a sleep or wait from its resolved spec (the template check has vouched for its shape). */
export declare function planWait(kind: 'sleep' | 'wait', resolved: JsonObject): WaitPlanResult;
/** What a waiting step waits for, as `GET /v1/tasks/:id` shows it. */
export interface WaitingView {
    for: 'sleep' | 'signal' | 'event' | 'workflow';
    /** The signal's or event's name; a child workflow's template (`namespace/name`). */
    name: string | null;
    /** An event wait's key; a child workflow's task id. */
    key: string | null;
    /** When the sleep ends or the wait times out; null: no timeout. */
    until: string | null;
}
/** The view of a waiting step's columns. */
export declare function waitingView(waitFor: string | null, waitKey: string | null, wakeAt: Date | null): WaitingView;
