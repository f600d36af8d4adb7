/** examples/templates/expense_report.yaml in TypeScript: collect, then summarise; submitted nightly by a schedule. */
import { collectExpenses, summariseExpenses } from '../handlers/expense-report.js';
import { ref, workflow } from '../../src/index.js';
export default workflow('examples', 'expense_report', '1.0.0', {
    description: 'Collect the expense claims of a period and total them by category (submitted nightly by a schedule)',
    inputSchema: {
        type: 'object',
        properties: { period: { type: 'string', enum: ['day', 'week'] }, currency: { type: 'string', enum: ['EUR', 'GBP', 'USD'] } },
        required: ['period', 'currency'],
    },
    defaults: { retry: { maxAttempts: 3, backoff: 'exponential', baseMs: 200, maxMs: 2000 }, timeoutSeconds: 30 },
})
    .step('collect', collectExpenses, { params: { period: ref.context('period') } })
    .step('summarise', summariseExpenses, { dependsOn: ['collect'], params: { currency: ref.context('currency') } });
//# sourceMappingURL=expense_report.js.map