/**
 * What the clients' `signal` and `sendEvent` take (DESIGN §8), shared by the
 * HTTP client and library mode's in-process one.
 */
import type { JsonValue } from '../domain/types.js';
/**
 * A task a signal goes to: its id, or a submitted task. `S` (compile time
 * only) maps the workflow's signal names to their payload types; a task
 * submitted from a Workflow carries it, so `signal()` checks name and payload.
 */
export type SignalTarget<S = Record<string, JsonValue>> = string | {
    id: string;
    readonly '~signals'?: S;
};
export interface SignalOptions {
    /** Sending the same signal again with this key is answered `duplicate` instead of `conflict`. */
    idempotencyKey?: string;
}
/** An external event for `sendEvent`: every step waiting for `name` with a `match` equal to `key` receives `payload`. */
export interface ExternalEvent<P = JsonValue> {
    name: string;
    /** Compared as text with the waiting steps' resolved `match` (numbers and booleans as written). */
    key: string | number | boolean;
    /** @default null */
    payload?: P;
    /** A repeat with this key is answered `duplicate: true` and delivered to no one. */
    idempotencyKey?: string;
}
