/**
 * Handlers for the example templates in `examples/templates` (what
 * `baton start` serves out of the box).
 *
 * Every handler is deterministic and quick: no randomness, no sleeps, no I/O.
 * Each returns JSON that later steps read, either through a `${steps...}`
 * reference in their params or from `ctx.results` (the outputs of every
 * upstream step, by step name). Bad input fails the step with a
 * `PermanentError`: retrying would not fix it.
 *
 * Run them in a separate worker with `npm run build` and then
 * `baton worker --handlers dist/examples/handlers/index.js` (the module's
 * default export and its `handlers` export are the same list).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { defineHandler, PermanentError } from '../../src/index.js';
import { expenseHandlers } from './expenses.js';
import { expenseReportHandlers } from './expense-report.js';
// ---------------------------------------------------------------------------
// Input checks: params come from templates and contexts, so check what is used.
function bad(what, expected, value) {
    return new PermanentError(`${what} must be ${expected} (got ${JSON.stringify(value) ?? String(value)})`, { code: 'bad_input' });
}
function num(value, what) {
    if (typeof value !== 'number' || !Number.isFinite(value))
        throw bad(what, 'a number', value);
    return value;
}
function str(value, what) {
    if (typeof value !== 'string')
        throw bad(what, 'a string', value);
    return value;
}
function list(value, what) {
    if (!Array.isArray(value))
        throw bad(what, 'a list', value);
    return value;
}
function numbers(value, what) {
    return list(value, what).map((v, i) => num(v, `${what}[${i}]`));
}
function obj(value, what) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw bad(what, 'an object', value);
    return value;
}
/** A field of an upstream step's output, read from `ctx.results`. */
function upstream(results, step, field) {
    if (!Object.hasOwn(results, step))
        throw new PermanentError(`no output from upstream step "${step}"`, { code: 'missing_upstream' });
    const output = obj(results[step], `output of "${step}"`);
    return output[field] ?? null;
}
// ---------------------------------------------------------------------------
// examples/linear: fetch -> parse -> transform -> store. Every step appends
// its name to `trail`, read from the previous step's output in ctx.results.
function trailAfter(results, previous, self) {
    return [...list(upstream(results, previous, 'trail'), `${previous}.trail`).map((s) => str(s, `${previous}.trail[]`)), self];
}
/** Simulates a download: the "body" is the raw text from the context. */
export const fetchReadings = defineHandler('examples.fetch', (ctx) => {
    const source = str(ctx.params.source, 'source');
    const body = str(ctx.params.raw, 'raw');
    return { source, body, bytes: Buffer.byteLength(body), trail: ['fetch'] };
});
/** Parses comma-separated numbers. */
export const parse = defineHandler('examples.parse', (ctx) => {
    const fields = str(ctx.params.body, 'body')
        .split(',')
        .map((f) => f.trim())
        .filter((f) => f !== '');
    const values = fields.map((f) => {
        const n = Number(f);
        if (!Number.isFinite(n))
            throw new PermanentError(`"${f}" is not a number`, { code: 'parse_error' });
        return n;
    });
    return { values, count: values.length, trail: trailAfter(ctx.results, 'fetch', 'parse') };
});
/** Multiplies every value by a factor. */
export const transform = defineHandler('examples.transform', (ctx) => {
    const factor = num(ctx.params.factor, 'factor');
    const values = numbers(ctx.params.values, 'values').map((v) => v * factor);
    return { values, sum: values.reduce((a, b) => a + b, 0), trail: trailAfter(ctx.results, 'parse', 'transform') };
});
/** "Stores" the values under a key (returns what would be written). */
export const store = defineHandler('examples.store', (ctx) => {
    const key = str(ctx.params.key, 'key');
    const values = numbers(ctx.params.values, 'values');
    return {
        key,
        stored: values.length,
        values,
        sum: num(upstream(ctx.results, 'transform', 'sum'), 'transform.sum'),
        trail: trailAfter(ctx.results, 'transform', 'store'),
    };
});
// ---------------------------------------------------------------------------
// examples/diamond: load -> (square, double) -> combine.
export const loadNumber = defineHandler('examples.load_number', (ctx) => ({ value: num(ctx.params.value, 'value') }));
export const square = defineHandler('examples.square', (ctx) => {
    const x = num(ctx.params.x, 'x');
    return { value: x * x };
});
export const double = defineHandler('examples.double', (ctx) => ({ value: 2 * num(ctx.params.x, 'x') }));
/** The join: adds both branches and lists the upstream outputs it received. */
export const combine = defineHandler('examples.combine', (ctx) => {
    const sq = num(ctx.params.square, 'square');
    const db = num(ctx.params.double, 'double');
    return {
        sum: sq + db,
        parts: { square: sq, double: db },
        summary: str(ctx.params.summary, 'summary'),
        upstream: Object.keys(ctx.results).sort(),
    };
});
// ---------------------------------------------------------------------------
// examples/tree: root -> (left, right) -> four leaves -> join.
/** Splits a list into two halves (the first half gets the extra item). */
export const split = defineHandler('examples.split', (ctx) => {
    const items = list(ctx.params.items, 'items');
    const mid = Math.ceil(items.length / 2);
    return { first: items.slice(0, mid), second: items.slice(mid) };
});
export const sum = defineHandler('examples.sum', (ctx) => {
    const items = numbers(ctx.params.items, 'items');
    return { items, sum: items.reduce((a, b) => a + b, 0) };
});
/**
 * The tree's join: totals the sums passed in params, and cross-checks them
 * against the leaves' outputs in ctx.results (every upstream step whose
 * output has a `sum`).
 */
export const joinSums = defineHandler('examples.join_sums', (ctx) => {
    const sums = numbers(ctx.params.sums, 'sums');
    const leaves = {};
    for (const name of Object.keys(ctx.results).sort()) {
        const output = ctx.results[name];
        if (typeof output === 'object' && output !== null && !Array.isArray(output) && typeof output.sum === 'number')
            leaves[name] = output.sum;
    }
    const total = sums.reduce((a, b) => a + b, 0);
    const leafTotal = Object.values(leaves).reduce((a, b) => a + b, 0);
    if (leafTotal !== total)
        throw new Error(`params give a total of ${total} but the leaves' outputs add up to ${leafTotal}`);
    return { sums, total, leaves };
});
// ---------------------------------------------------------------------------
// examples/mixed_dag: two loads -> join -> (totals, stats) + audit -> report.
export const loadRecords = defineHandler('examples.load_records', (ctx) => {
    const records = list(ctx.params.records, 'records').map((r, i) => obj(r, `records[${i}]`));
    return { records, count: records.length };
});
/** Joins orders with their customers: one row per order, with the customer's name. */
export const joinOrders = defineHandler('examples.join_orders', (ctx) => {
    const names = new Map();
    list(ctx.params.customers, 'customers').forEach((c, i) => {
        const customer = obj(c, `customers[${i}]`);
        names.set(str(customer.id, `customers[${i}].id`), str(customer.name, `customers[${i}].name`));
    });
    const rows = list(ctx.params.orders, 'orders').map((o, i) => {
        const order = obj(o, `orders[${i}]`);
        const customerId = str(order.customer, `orders[${i}].customer`);
        const name = names.get(customerId);
        // The id is checked below (str); an odd one is still named here as String() shows it.
        // eslint-disable-next-line @typescript-eslint/no-base-to-string
        if (name === undefined)
            throw new PermanentError(`order ${String(order.id)} names unknown customer "${customerId}"`, { code: 'unknown_customer' });
        return { order: str(order.id, `orders[${i}].id`), customer: name, amount: num(order.amount, `orders[${i}].amount`) };
    });
    return { rows };
});
/** Audits customers: how many are active, and the names of the inactive ones. */
export const checkCustomers = defineHandler('examples.check_customers', (ctx) => {
    const customers = list(ctx.params.customers, 'customers').map((c, i) => obj(c, `customers[${i}]`));
    const inactive = customers.flatMap((c, i) => (c.active === false ? [str(c.name, `customers[${i}].name`)] : []));
    return { active: customers.length - inactive.length, inactive };
});
function rowsOf(value) {
    return list(value, 'rows').map((r, i) => {
        const row = obj(r, `rows[${i}]`);
        return { order: str(row.order, `rows[${i}].order`), customer: str(row.customer, `rows[${i}].customer`), amount: num(row.amount, `rows[${i}].amount`) };
    });
}
export const totalsByCustomer = defineHandler('examples.totals_by_customer', (ctx) => {
    const totals = {};
    for (const row of rowsOf(ctx.params.rows))
        totals[row.customer] = (totals[row.customer] ?? 0) + row.amount;
    return { totals };
});
export const orderStats = defineHandler('examples.order_stats', (ctx) => {
    const rows = rowsOf(ctx.params.rows);
    const largest = rows.reduce((best, r) => (best === null || r.amount > best.amount ? r : best), null);
    return {
        count: rows.length,
        revenue: rows.reduce((a, r) => a + r.amount, 0),
        largest: largest ? { order: largest.order, amount: largest.amount } : null,
    };
});
/** The final fan-in: one line per customer (sorted by name) and the headline numbers. */
export const report = defineHandler('examples.report', (ctx) => {
    const totals = obj(ctx.params.totals, 'totals');
    const lines = Object.keys(totals)
        .sort()
        .map((name) => `${name}: ${num(totals[name], `totals.${name}`)}`);
    return {
        title: str(ctx.params.title, 'title'),
        lines,
        orders: num(ctx.params.orders, 'orders'),
        revenue: num(ctx.params.revenue, 'revenue'),
        inactive: list(ctx.params.inactive, 'inactive').map((n) => str(n, 'inactive[]')),
    };
});
function itemsOf(value) {
    return list(value, 'items').map((v, i) => {
        const item = obj(v, `items[${i}]`);
        const qty = num(item.qty, `items[${i}].qty`);
        if (!Number.isInteger(qty) || qty < 1)
            throw bad(`items[${i}].qty`, 'a positive integer', qty);
        const price = num(item.price, `items[${i}].price`);
        if (price < 0)
            throw bad(`items[${i}].price`, 'zero or more', price);
        return { sku: str(item.sku, `items[${i}].sku`), qty, price };
    });
}
/** A tracking id derived from the order id alone, so a retried shipment gets the same one. */
export function trackingIdFor(orderId) {
    return `TRK-${createHash('sha256').update(orderId).digest('hex').slice(0, 12).toUpperCase()}`;
}
/** Checks the order; an order without items can never succeed, so it fails permanently. */
export const validateOrder = defineHandler('shop.validate_order', (ctx) => {
    const orderId = str(ctx.params.order_id, 'order_id');
    if (orderId === '')
        throw new PermanentError('order_id must not be empty', { code: 'invalid_order' });
    const raw = list(ctx.task.context.items, 'items');
    if (raw.length === 0)
        throw new PermanentError(`order ${orderId} has no items`, { code: 'empty_order' });
    const items = itemsOf(raw);
    return { order_id: orderId, items, item_count: items.length };
});
export const reserveInventory = defineHandler('shop.reserve_inventory', (ctx) => {
    const orderId = str(upstream(ctx.results, 'validate_order', 'order_id'), 'validate_order.order_id');
    const items = itemsOf(ctx.params.items);
    return {
        reservation_id: `rsv-${orderId}`,
        reserved: items.map((i) => ({ sku: i.sku, qty: i.qty })),
        units: items.reduce((a, i) => a + i.qty, 0),
    };
});
/** Charges the order's total, computed in cents so that 2 x 12.50 + 8.99 is exactly 33.99. */
export const chargePayment = defineHandler('shop.charge_payment', (ctx) => {
    const orderId = str(upstream(ctx.results, 'validate_order', 'order_id'), 'validate_order.order_id');
    const items = itemsOf(upstream(ctx.results, 'validate_order', 'items'));
    const amountCents = items.reduce((a, i) => a + Math.round(i.price * 100) * i.qty, 0);
    const currency = typeof ctx.task.context.currency === 'string' ? ctx.task.context.currency : 'USD';
    return {
        charge_id: `chg-${orderId}`,
        amount_cents: amountCents,
        total: amountCents / 100,
        currency,
        // A real payment provider would be given this, so that a retried attempt charges once.
        idempotency_key: ctx.idempotencyKey,
    };
});
export const shipOrder = defineHandler('shop.ship_order', (ctx) => {
    const orderId = str(upstream(ctx.results, 'validate_order', 'order_id'), 'validate_order.order_id');
    return {
        order_id: orderId,
        tracking_id: trackingIdFor(orderId),
        carrier: 'baton-post',
        reservation_id: upstream(ctx.results, 'reserve_inventory', 'reservation_id'),
        units: upstream(ctx.results, 'reserve_inventory', 'units'),
        charge_id: upstream(ctx.results, 'charge_payment', 'charge_id'),
        total: upstream(ctx.results, 'charge_payment', 'total'),
        currency: upstream(ctx.results, 'charge_payment', 'currency'),
    };
});
// ---------------------------------------------------------------------------
// examples/approval: a decision. route -> (auto_approve | manual_review) -> notify.
/**
 * The decision step: its output's `activate` lists the downstream steps that
 * run; the engine skips the others. `reason` is only there for the reader.
 */
export const routeByAmount = defineHandler('examples.route_by_amount', (ctx) => {
    const amount = num(ctx.params.amount, 'amount');
    const threshold = num(ctx.params.threshold, 'threshold');
    return amount < threshold
        ? { activate: ['auto_approve'], reason: `${amount} is under ${threshold}` }
        : { activate: ['manual_review'], reason: `${amount} is ${threshold} or more` };
});
export const autoApprove = defineHandler('examples.auto_approve', (ctx) => ({
    approved: true,
    by: 'policy',
    amount: num(ctx.params.amount, 'amount'),
}));
/** A deterministic stand-in for a reviewer: approves up to their limit. */
export const manualReview = defineHandler('examples.manual_review', (ctx) => {
    const amount = num(ctx.params.amount, 'amount');
    const limit = num(ctx.params.limit, 'limit');
    return { approved: amount <= limit, by: 'finance', amount };
});
/**
 * The join after the decision. It runs once the branch that was chosen is
 * done (the skipped one is not waited for) and finds that branch's output
 * in ctx.results, which holds only the steps that ran.
 */
export const notifyRequester = defineHandler('examples.notify', (ctx) => {
    const requestId = str(ctx.params.request_id, 'request_id');
    const requester = str(ctx.params.requester, 'requester');
    const ran = ['auto_approve', 'manual_review'].filter((name) => Object.hasOwn(ctx.results, name));
    if (ran.length !== 1)
        throw new PermanentError(`expected exactly one approval branch upstream, found ${JSON.stringify(ran)}`, { code: 'bad_branch' });
    const decision = obj(ctx.results[ran[0]], `output of "${ran[0]}"`);
    const approved = decision.approved === true;
    return {
        request_id: requestId,
        branch: ran[0],
        approved,
        message: `${requester}: request ${requestId} was ${approved ? 'approved' : 'rejected'} by ${str(decision.by, `${ran[0]}.by`)}`,
        upstream: Object.keys(ctx.results).sort(),
    };
});
function imagesOf(value, what) {
    return list(value, what).map((v, i) => {
        const image = obj(v, `${what}[${i}]`);
        const width = num(image.width, `${what}[${i}].width`);
        const height = num(image.height, `${what}[${i}].height`);
        if (width <= 0 || height <= 0)
            throw bad(`${what}[${i}]`, 'an image with a positive width and height', image);
        return { name: str(image.name, `${what}[${i}].name`), width, height };
    });
}
/** The fan-out step: returns the items; the engine makes one `resize` instance per chunk of `batch_size`. */
export const listImages = defineHandler('examples.list_images', (ctx) => {
    const items = imagesOf(ctx.params.images, 'images');
    return { items, count: items.length };
});
/**
 * One instance per chunk: `ctx.fanOut` says which chunk (`index` of `count`)
 * and holds its items. Scales each image down to `max_width`, keeping its
 * aspect ratio; narrower images are left as they are.
 */
export const resizeImages = defineHandler('examples.resize', (ctx) => {
    if (ctx.fanOut === undefined)
        throw new PermanentError('examples.resize runs as an instance of a fan-out', { code: 'not_fanned_out' });
    const maxWidth = num(ctx.params.max_width, 'max_width');
    const { index, count, items } = ctx.fanOut;
    const images = imagesOf(items, 'items').map((image) => image.width <= maxWidth
        ? { ...image, resized: false }
        : { name: image.name, width: maxWidth, height: Math.round((image.height * maxWidth) / image.width), resized: true });
    return { batch: index, of: count, images };
});
/** The join: `ctx.results.resize` is the list of every instance's output, in chunk order. */
export const summarizeResize = defineHandler('examples.summarize_resize', (ctx) => {
    const batches = list(ctx.results.resize, 'results.resize').map((b, i) => obj(b, `results.resize[${i}]`));
    const perBatch = batches.map((b, i) => list(b.images, `results.resize[${i}].images`).map((image, j) => obj(image, `results.resize[${i}].images[${j}]`)));
    const images = perBatch.flat();
    return {
        batches: batches.length,
        batch_sizes: perBatch.map((b) => b.length),
        images: images.length,
        resized: images.filter((image) => image.resized === true).length,
        names: images.map((image, i) => str(image.name, `image ${i}'s name`)),
    };
});
// ---------------------------------------------------------------------------
// examples/import_with_checkpoint: checkpoints. import -> verify.
/** Record `i` of a made-up feed: its amount in cents, derived from `i` alone. */
export function recordAmount(i) {
    return ((i * 37) % 100) + 1;
}
function wholeNumber(value, what) {
    const n = num(value, what);
    if (!Number.isInteger(n) || n < 0)
        throw bad(what, 'a whole number, zero or more', n);
    return n;
}
function progressOf(value) {
    if (value === null)
        return { next: 0, total: 0, failures: 0 };
    const saved = obj(value, 'checkpoint');
    return {
        next: wholeNumber(saved.next, 'checkpoint.next'),
        total: num(saved.total, 'checkpoint.total'),
        failures: wholeNumber(saved.failures, 'checkpoint.failures'),
    };
}
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
export const importRecords = defineHandler('examples.import_records', async (ctx) => {
    const records = wholeNumber(ctx.params.records, 'records');
    const every = wholeNumber(ctx.params.every, 'every');
    if (every === 0)
        throw bad('every', '1 or more', every);
    const context = ctx.task.context;
    const failAt = context.fail_at === undefined ? undefined : wholeNumber(context.fail_at, 'fail_at');
    const failTimes = context.fail_times === undefined ? 1 : wholeNumber(context.fail_times, 'fail_times');
    const resumed = progressOf(ctx.checkpoint.last);
    let saved = resumed;
    let total = resumed.total;
    for (let i = resumed.next; i < records; i++) {
        ctx.signal.throwIfAborted();
        if (i === failAt && resumed.failures < failTimes) {
            // The progress stays that of the last checkpoint; only the failure is counted.
            await ctx.checkpoint({ ...saved, failures: resumed.failures + 1 });
            // A code marks a failure the handler expects: it is recorded with the step's error, and logged in one line, without a stack.
            throw Object.assign(new Error(`simulated failure at record ${i} (${resumed.failures + 1} of ${failTimes})`), { code: 'simulated_failure' });
        }
        total += recordAmount(i);
        if ((i + 1) % every === 0) {
            saved = { next: i + 1, total, failures: resumed.failures };
            await ctx.checkpoint(saved);
        }
    }
    return { imported: records, total, resumed_from: resumed.next, processed: records - resumed.next, attempt: ctx.step.attempt, failures: resumed.failures };
});
/** Checks the import against the context; also what an operator's resolve-step output must satisfy. */
export const verifyImport = defineHandler('examples.verify_import', (ctx) => {
    const expected = wholeNumber(ctx.params.expected, 'expected');
    const imported = wholeNumber(ctx.params.imported, 'imported');
    return { ok: imported === expected, expected, imported, total: num(ctx.params.total, 'total') };
});
// ---------------------------------------------------------------------------
// examples/invoice: handlers whose params are checked (and typed) by zod.
const invoiceLine = z.object({
    sku: z.string().min(1),
    qty: z.number().int().positive(),
    unit_cents: z.number().int().nonnegative(),
});
/**
 * `input` parses `ctx.params` before the handler runs and gives them their
 * type; params that do not match fail the step at once (no retries), with
 * code `invalid_input` and the zod issues in the error's details.
 */
export const priceLines = defineHandler('examples.price_lines', { input: z.object({ lines: z.array(invoiceLine).min(1), currency: z.enum(['EUR', 'GBP', 'USD']) }) }, (ctx) => {
    const lines = ctx.params.lines.map((line) => ({ sku: line.sku, qty: line.qty, cents: line.qty * line.unit_cents }));
    return { currency: ctx.params.currency, lines, subtotal_cents: lines.reduce((a, line) => a + line.cents, 0) };
});
/** `upstream` types `ctx.results.price_lines` as priceLines' output; the workflow builder checks that step is upstream. */
export const invoiceTotal = defineHandler('examples.invoice_total', { input: z.object({ customer: z.string().min(1), tax_rate: z.number().min(0).max(1) }), upstream: { price_lines: priceLines } }, (ctx) => {
    const { currency, subtotal_cents } = ctx.results.price_lines;
    const taxCents = Math.round(subtotal_cents * ctx.params.tax_rate);
    const totalCents = subtotal_cents + taxCents;
    return {
        customer: ctx.params.customer,
        currency,
        subtotal_cents,
        tax_cents: taxCents,
        total_cents: totalCents,
        total: `${currency} ${(totalCents / 100).toFixed(2)}`,
    };
});
// ---------------------------------------------------------------------------
export const handlers = [
    fetchReadings,
    parse,
    transform,
    store,
    loadNumber,
    square,
    double,
    combine,
    split,
    sum,
    joinSums,
    loadRecords,
    joinOrders,
    checkCustomers,
    totalsByCustomer,
    orderStats,
    report,
    validateOrder,
    reserveInventory,
    chargePayment,
    shipOrder,
    routeByAmount,
    autoApprove,
    manualReview,
    notifyRequester,
    listImages,
    resizeImages,
    summarizeResize,
    importRecords,
    verifyImport,
    priceLines,
    invoiceTotal,
    ...expenseHandlers,
    ...expenseReportHandlers,
];
export default handlers;
//# sourceMappingURL=index.js.map