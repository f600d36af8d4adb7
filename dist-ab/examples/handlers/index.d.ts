import { type HandlerRegistration, type JsonObject, type JsonValue } from '../../src/index.js';
/** Simulates a download: the "body" is the raw text from the context. */
export declare const fetchReadings: HandlerRegistration<{
    source: string;
    raw: string;
}, JsonValue, import("../../src/index.js").UpstreamResults>;
/** Parses comma-separated numbers. */
export declare const parse: HandlerRegistration<{
    body: string;
}, JsonValue, import("../../src/index.js").UpstreamResults>;
/** Multiplies every value by a factor. */
export declare const transform: HandlerRegistration<{
    values: number[];
    factor: number;
}, JsonValue, import("../../src/index.js").UpstreamResults>;
/** "Stores" the values under a key (returns what would be written). */
export declare const store: HandlerRegistration<{
    key: string;
    values: number[];
}, JsonValue, import("../../src/index.js").UpstreamResults>;
export declare const loadNumber: HandlerRegistration<{
    value: number;
}, JsonValue, import("../../src/index.js").UpstreamResults>;
export declare const square: HandlerRegistration<{
    x: number;
}, JsonValue, import("../../src/index.js").UpstreamResults>;
export declare const double: HandlerRegistration<{
    x: number;
}, JsonValue, import("../../src/index.js").UpstreamResults>;
/** The join: adds both branches and lists the upstream outputs it received. */
export declare const combine: HandlerRegistration<{
    square: number;
    double: number;
    summary: string;
}, JsonValue, import("../../src/index.js").UpstreamResults>;
/** Splits a list into two halves (the first half gets the extra item). */
export declare const split: HandlerRegistration<{
    items: JsonValue[];
}, JsonValue, import("../../src/index.js").UpstreamResults>;
export declare const sum: HandlerRegistration<{
    items: number[];
}, JsonValue, import("../../src/index.js").UpstreamResults>;
/**
 * The tree's join: totals the sums passed in params, and cross-checks them
 * against the leaves' outputs in ctx.results (every upstream step whose
 * output has a `sum`).
 */
export declare const joinSums: HandlerRegistration<{
    sums: number[];
}, JsonValue, import("../../src/index.js").UpstreamResults>;
export declare const loadRecords: HandlerRegistration<{
    records: JsonObject[];
}, JsonValue, import("../../src/index.js").UpstreamResults>;
/** Joins orders with their customers: one row per order, with the customer's name. */
export declare const joinOrders: HandlerRegistration<{
    customers: JsonObject[];
    orders: JsonObject[];
}, JsonValue, import("../../src/index.js").UpstreamResults>;
/** Audits customers: how many are active, and the names of the inactive ones. */
export declare const checkCustomers: HandlerRegistration<{
    customers: JsonObject[];
}, JsonValue, import("../../src/index.js").UpstreamResults>;
type Row = {
    order: string;
    customer: string;
    amount: number;
};
export declare const totalsByCustomer: HandlerRegistration<{
    rows: Row[];
}, JsonValue, import("../../src/index.js").UpstreamResults>;
export declare const orderStats: HandlerRegistration<{
    rows: Row[];
}, JsonValue, import("../../src/index.js").UpstreamResults>;
/** The final fan-in: one line per customer (sorted by name) and the headline numbers. */
export declare const report: HandlerRegistration<{
    title: string;
    totals: Record<string, number>;
    revenue: number;
    orders: number;
    inactive: string[];
}, JsonValue, import("../../src/index.js").UpstreamResults>;
type Item = {
    sku: string;
    qty: number;
    price: number;
};
/** A tracking id derived from the order id alone, so a retried shipment gets the same one. */
export declare function trackingIdFor(orderId: string): string;
/** Checks the order; an order without items can never succeed, so it fails permanently. */
export declare const validateOrder: HandlerRegistration<{
    order_id: string;
}, JsonValue, import("../../src/index.js").UpstreamResults>;
export declare const reserveInventory: HandlerRegistration<{
    items: Item[];
}, JsonValue, import("../../src/index.js").UpstreamResults>;
/** Charges the order's total, computed in cents so that 2 x 12.50 + 8.99 is exactly 33.99. */
export declare const chargePayment: HandlerRegistration<JsonObject, {
    charge_id: string;
    amount_cents: number;
    total: number;
    currency: string;
    idempotency_key: string;
}, import("../../src/index.js").UpstreamResults>;
export declare const shipOrder: HandlerRegistration<JsonObject, {
    order_id: string;
    tracking_id: string;
    carrier: string;
    reservation_id: JsonValue;
    units: JsonValue;
    charge_id: JsonValue;
    total: JsonValue;
    currency: JsonValue;
}, import("../../src/index.js").UpstreamResults>;
/**
 * The decision step: its output's `activate` lists the downstream steps that
 * run; the engine skips the others. `reason` is only there for the reader.
 */
export declare const routeByAmount: HandlerRegistration<{
    amount: number;
    threshold: number;
}, JsonValue, import("../../src/index.js").UpstreamResults>;
export declare const autoApprove: HandlerRegistration<{
    amount: number;
}, JsonValue, import("../../src/index.js").UpstreamResults>;
/** A deterministic stand-in for a reviewer: approves up to their limit. */
export declare const manualReview: HandlerRegistration<{
    amount: number;
    limit: number;
}, JsonValue, import("../../src/index.js").UpstreamResults>;
/**
 * The join after the decision. It runs once the branch that was chosen is
 * done (the skipped one is not waited for) and finds that branch's output
 * in ctx.results, which holds only the steps that ran.
 */
export declare const notifyRequester: HandlerRegistration<{
    request_id: string;
    requester: string;
}, JsonValue, import("../../src/index.js").UpstreamResults>;
type Image = {
    name: string;
    width: number;
    height: number;
};
/** The fan-out step: returns the items; the engine makes one `resize` instance per chunk of `batch_size`. */
export declare const listImages: HandlerRegistration<{
    images: Image[];
}, JsonValue, import("../../src/index.js").UpstreamResults>;
/**
 * One instance per chunk: `ctx.fanOut` says which chunk (`index` of `count`)
 * and holds its items. Scales each image down to `max_width`, keeping its
 * aspect ratio; narrower images are left as they are.
 */
export declare const resizeImages: HandlerRegistration<{
    max_width: number;
}, JsonValue, import("../../src/index.js").UpstreamResults>;
/** The join: `ctx.results.resize` is the list of every instance's output, in chunk order. */
export declare const summarizeResize: HandlerRegistration<JsonObject, {
    batches: number;
    batch_sizes: number[];
    images: number;
    resized: number;
    names: string[];
}, import("../../src/index.js").UpstreamResults>;
/** Record `i` of a made-up feed: its amount in cents, derived from `i` alone. */
export declare function recordAmount(i: number): number;
/**
 * Imports `records` records, saving its progress with `ctx.checkpoint` after
 * every `every` records. A retried attempt finds the last checkpoint in
 * `ctx.checkpoint.last` and carries on from there instead of starting over;
 * the records after that checkpoint are imported again, so importing a
 * record must be idempotent.
 *
 * To show this, the task context may ask for a failure at record `fail_at`,
 * `fail_times` times in all (default 1). The number of failures so far is
 * kept in the checkpoint too, so the simulation does not depend on which
 * worker runs the attempt, and an operator's retry-step (which starts the
 * attempt count again) gets past it.
 */
export declare const importRecords: HandlerRegistration<{
    records: number;
    every: number;
}, JsonValue, import("../../src/index.js").UpstreamResults>;
/** Checks the import against the context; also what an operator's resolve-step output must satisfy. */
export declare const verifyImport: HandlerRegistration<{
    expected: number;
    imported: number;
    total: number;
}, JsonValue, import("../../src/index.js").UpstreamResults>;
/**
 * `input` parses `ctx.params` before the handler runs and gives them their
 * type; params that do not match fail the step at once (no retries), with
 * code `invalid_input` and the zod issues in the error's details.
 */
export declare const priceLines: HandlerRegistration<{
    lines: {
        sku: string;
        qty: number;
        unit_cents: number;
    }[];
    currency: "USD" | "EUR" | "GBP";
}, {
    currency: "USD" | "EUR" | "GBP";
    lines: {
        sku: string;
        qty: number;
        cents: number;
    }[];
    subtotal_cents: number;
}, import("../../src/index.js").UpstreamResults>;
/** `upstream` types `ctx.results.price_lines` as priceLines' output; the workflow builder checks that step is upstream. */
export declare const invoiceTotal: HandlerRegistration<{
    customer: string;
    tax_rate: number;
}, {
    customer: string;
    currency: "USD" | "EUR" | "GBP";
    subtotal_cents: number;
    tax_cents: number;
    total_cents: number;
    total: string;
}, {
    price_lines: {
        currency: "USD" | "EUR" | "GBP";
        lines: {
            sku: string;
            qty: number;
            cents: number;
        }[];
        subtotal_cents: number;
    };
}>;
export declare const handlers: HandlerRegistration[];
export default handlers;
