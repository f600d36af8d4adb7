/** examples/templates/approval.yaml in TypeScript: a decision step and a join. */
import { autoApprove, manualReview, notifyRequester, routeByAmount } from '../handlers/index.js';
import { ref, workflow } from '../../src/index.js';
const amount = ref.context('amount');
export default workflow('examples', 'approval', '1.0.0', {
    description: 'Approve an expense automatically under a threshold, otherwise after a manual review, then notify the requester (a decision step and a join)',
    inputSchema: {
        type: 'object',
        required: ['request_id', 'requester', 'amount'],
        properties: { request_id: { type: 'string' }, requester: { type: 'string' }, amount: { type: 'number', minimum: 0 } },
    },
    defaults: { retry: { maxAttempts: 3, backoff: 'exponential', baseMs: 200, maxMs: 2000 }, timeoutSeconds: 30 },
})
    // A decision: its handler returns { activate: ['auto_approve'] } or { activate: ['manual_review'] }.
    .step('route', routeByAmount, { kind: 'decision', params: { amount, threshold: 500 } })
    .step('auto_approve', autoApprove, { dependsOn: ['route'], params: { amount } })
    .step('manual_review', manualReview, { dependsOn: ['route'], params: { amount, limit: 5000 } })
    // The join runs after whichever branch ran; the skipped one is not waited for.
    .step('notify', notifyRequester, {
    dependsOn: ['auto_approve', 'manual_review'],
    params: { request_id: ref.context('request_id'), requester: ref.context('requester') },
});
//# sourceMappingURL=approval.js.map