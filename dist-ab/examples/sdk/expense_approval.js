/** examples/templates/expense_approval.yaml in TypeScript: a signal wait with a timeout, a decision after it, and a durable sleep. */
import { z } from 'zod';
import { escalate, recordDecision, remind, routeApproval, submitExpense } from '../handlers/expenses.js';
import { ref, workflow } from '../../src/index.js';
export default workflow('examples', 'expense_approval', '1.0.0', {
    description: 'A manager approves or rejects an expense within 48 h (a signal); silence escalates; the requester is reminded 3 days later (a durable sleep)',
    inputSchema: {
        type: 'object',
        required: ['request_id', 'requester', 'amount'],
        properties: { request_id: { type: 'string' }, requester: { type: 'string' }, amount: { type: 'number', minimum: 0 } },
    },
    defaults: { retry: { maxAttempts: 3, backoff: 'exponential', baseMs: 200, maxMs: 2000 }, timeoutSeconds: 30 },
})
    .step('submit', submitExpense, {
    params: { request_id: ref.context('request_id'), requester: ref.context('requester'), amount: ref.context('amount') },
})
    // No handler: the engine waits for the signal `approval`, whose payload the zod schema checks and types.
    .wait('manager_approval', { signal: 'approval', timeout: '48h', onTimeout: 'skip', schema: z.object({ approved: z.boolean(), comment: z.string().optional() }) }, { dependsOn: ['submit'] })
    .step('route', routeApproval, { kind: 'decision', dependsOn: ['submit', 'manager_approval'] })
    .step('record', recordDecision, { dependsOn: ['route'], params: { request_id: ref.context('request_id') } })
    .step('escalate', escalate, { dependsOn: ['route'], params: { request_id: ref.context('request_id'), to: 'finance-director' } })
    .sleep('remind_in_3_days', { duration: '3d' }, { dependsOn: ['record', 'escalate'] })
    .step('remind', remind, { dependsOn: ['remind_in_3_days'], params: { requester: ref.context('requester'), request_id: ref.context('request_id') } });
//# sourceMappingURL=expense_approval.js.map