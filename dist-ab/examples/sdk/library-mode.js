/**
 * Library mode with typed handlers: the whole engine inside this process.
 *
 *   npm run build && node dist/examples/sdk/library-mode.js
 *
 * `price` validates its params with zod and declares its output; `receipt`
 * declares that it reads `price`'s output, so `ctx.results.price` is typed and
 * the builder refuses a workflow where `price` is not upstream of it.
 */
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { Baton, defineHandler, ref, workflow } from '../../src/index.js';
export const price = defineHandler('checkout.price', { input: z.object({ sku: z.string().min(1), qty: z.number().int().positive() }), output: z.object({ sku: z.string(), cents: z.number().int() }) }, (ctx) => ({ sku: ctx.params.sku, cents: ctx.params.qty * 250 }));
export const receipt = defineHandler('checkout.receipt', { upstream: { price } }, (ctx) => ({
    line: `${ctx.results.price.sku}: ${(ctx.results.price.cents / 100).toFixed(2)}`,
}));
export const checkout = workflow('checkout', 'order', '1.0.0', {
    description: 'Price an order line and print a receipt',
    input: z.object({ sku: z.string(), qty: z.number().int().positive() }),
})
    .step('price', price, { params: { sku: ref.context('sku'), qty: ref.context('qty') } })
    .step('receipt', receipt, { dependsOn: ['price'] });
/** Logs every step before and after its handler. */
export const audit = async (ctx, next) => {
    ctx.log.info({ step: ctx.step.name, attempt: ctx.step.attempt }, 'step starting');
    const output = await next();
    ctx.log.info({ step: ctx.step.name }, 'step finished');
    return output;
};
/** Starts Baton, runs one order and stops; returns the receipt line. */
export async function run(opts = {}) {
    // The workflow brings its handlers; `templates` registers it at start.
    const baton = await Baton.start({ dataDir: 'memory://', port: false, templates: [checkout], middleware: [audit], config: { log: { level: 'warn' } }, ...opts });
    try {
        const task = await baton.client.submit(checkout, { sku: 'tea', qty: 3 });
        const done = await baton.client.wait(task, { timeoutMs: 30_000 });
        return done.outputs.receipt?.line; // typed: { line: string } | undefined
    }
    finally {
        await baton.stop();
    }
}
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
    console.log(await run());
}
//# sourceMappingURL=library-mode.js.map