/**
 * Handlers of examples/expense_approval: the steps around a manager's
 * approval (a `kind: wait` step the engine runs, no handler) and a 3-day
 * reminder (a `kind: sleep` step).
 */
import { defineHandler, PermanentError } from '../../src/index.js';
function text(value, what) {
    if (typeof value !== 'string' || value === '')
        throw new PermanentError(`${what} must be a non-empty string, got ${JSON.stringify(value)}`, { code: 'bad_input' });
    return value;
}
export const submitExpense = defineHandler('examples.submit_expense', (ctx) => {
    const amount = ctx.params.amount;
    if (typeof amount !== 'number' || amount < 0)
        throw new PermanentError(`amount must be a number ≥ 0, got ${JSON.stringify(amount)}`, { code: 'bad_input' });
    return { request_id: text(ctx.params.request_id, 'request_id'), requester: text(ctx.params.requester, 'requester'), amount, submitted: true };
});
/**
 * The decision after the wait: the manager's answer is in ctx.results when
 * the signal came; when the wait timed out (skipped), it is not, and the
 * request goes up a level.
 */
export const routeApproval = defineHandler('examples.route_approval', (ctx) => Object.hasOwn(ctx.results, 'manager_approval') ? { activate: ['record'], reason: 'the manager answered' } : { activate: ['escalate'], reason: 'no answer within 48 h' });
export const recordDecision = defineHandler('examples.record_decision', (ctx) => {
    const answer = ctx.results.manager_approval;
    return {
        request_id: text(ctx.params.request_id, 'request_id'),
        approved: answer.approved === true,
        comment: typeof answer.comment === 'string' ? answer.comment : null,
    };
});
export const escalate = defineHandler('examples.escalate', (ctx) => ({
    request_id: text(ctx.params.request_id, 'request_id'),
    escalated_to: text(ctx.params.to, 'to'),
}));
export const remind = defineHandler('examples.remind', (ctx) => ({
    message: `${text(ctx.params.requester, 'requester')}: a reminder about request ${text(ctx.params.request_id, 'request_id')}`,
}));
export const expenseHandlers = [submitExpense, routeApproval, recordDecision, escalate, remind];
//# sourceMappingURL=expenses.js.map