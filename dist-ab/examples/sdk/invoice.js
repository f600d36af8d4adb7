/**
 * examples/templates/invoice.yaml in TypeScript, with typed handlers.
 *
 * `priceLines` and `invoiceTotal` (examples/handlers) declare their params
 * with zod, so the compiler checks what each step passes them, and
 * `invoiceTotal` declares that it reads `price_lines`' output, so the builder
 * refuses a workflow where that step is not upstream of it. The workflow's
 * `input` zod schema becomes the template's input_schema and types the
 * context of `client.submit(invoice, context)`.
 */
import { z } from 'zod';
import { invoiceTotal, priceLines } from '../handlers/index.js';
import { ref, workflow } from '../../src/index.js';
export default workflow('examples', 'invoice', '1.0.0', {
    description: 'Price the lines of an invoice and add tax, with params validated by zod (typed handlers)',
    // Only the context's shape; price_lines' schema checks each line when the step runs.
    input: z.object({ customer: z.string().min(1), currency: z.string(), lines: z.array(z.object({})).min(1) }),
    defaults: { retry: { maxAttempts: 3, backoff: 'exponential', baseMs: 200, maxMs: 2000 }, timeoutSeconds: 30 },
})
    .step('price_lines', priceLines, { params: { lines: ref.context('lines'), currency: ref.context('currency') } })
    .step('total', invoiceTotal, { dependsOn: ['price_lines'], params: { customer: ref.context('customer'), tax_rate: 0.2 } });
//# sourceMappingURL=invoice.js.map