/**
 * Handlers of examples/expense_approval: the steps around a manager's
 * approval (a `kind: wait` step the engine runs, no handler) and a 3-day
 * reminder (a `kind: sleep` step).
 */
import { type JsonObject } from '../../src/index.js';
export declare const submitExpense: import("../../src/index.js").HandlerRegistration<{
    request_id: string;
    requester: string;
    amount: number;
}, import("../../src/index.js").JsonValue, import("../../src/index.js").UpstreamResults>;
/**
 * The decision after the wait: the manager's answer is in ctx.results when
 * the signal came; when the wait timed out (skipped), it is not, and the
 * request goes up a level.
 */
export declare const routeApproval: import("../../src/index.js").HandlerRegistration<JsonObject, {
    activate: string[];
    reason: string;
}, import("../../src/index.js").UpstreamResults>;
export declare const recordDecision: import("../../src/index.js").HandlerRegistration<{
    request_id: string;
}, import("../../src/index.js").JsonValue, import("../../src/index.js").UpstreamResults>;
export declare const escalate: import("../../src/index.js").HandlerRegistration<{
    request_id: string;
    to: string;
}, import("../../src/index.js").JsonValue, import("../../src/index.js").UpstreamResults>;
export declare const remind: import("../../src/index.js").HandlerRegistration<{
    requester: string;
    request_id: string;
}, import("../../src/index.js").JsonValue, import("../../src/index.js").UpstreamResults>;
export declare const expenseHandlers: (import("../../src/index.js").HandlerRegistration<JsonObject, {
    activate: string[];
    reason: string;
}, import("../../src/index.js").UpstreamResults> | import("../../src/index.js").HandlerRegistration<{
    request_id: string;
}, import("../../src/index.js").JsonValue, import("../../src/index.js").UpstreamResults>)[];
