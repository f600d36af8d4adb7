/**
 * Handlers of examples/expense_report, which the nightly schedule submits.
 * Deterministic: the claims are a fixed sample, as in the other examples.
 */
import { defineHandler, PermanentError } from '../../src/index.js';
const DAY = [
    { id: 'EXP-2001', category: 'travel', amount_cents: 12_450 },
    { id: 'EXP-2002', category: 'meals', amount_cents: 3_820 },
    { id: 'EXP-2003', category: 'travel', amount_cents: 8_900 },
];
const WEEK = [...DAY, { id: 'EXP-1990', category: 'equipment', amount_cents: 45_000 }, { id: 'EXP-1994', category: 'meals', amount_cents: 2_150 }];
export const collectExpenses = defineHandler('examples.collect_expenses', (ctx) => {
    const { period } = ctx.params;
    if (period !== 'day' && period !== 'week')
        throw new PermanentError(`period must be "day" or "week", got ${JSON.stringify(period)}`, { code: 'bad_input' });
    const claims = period === 'day' ? DAY : WEEK;
    return { period, claims };
});
export const summariseExpenses = defineHandler('examples.summarise_expenses', (ctx) => {
    // collect's output, as it returned it.
    const { claims } = ctx.results.collect;
    const byCategory = {};
    for (const c of claims)
        byCategory[c.category] = (byCategory[c.category] ?? 0) + c.amount_cents;
    const total = claims.reduce((sum, c) => sum + c.amount_cents, 0);
    return { currency: ctx.params.currency, claims: claims.length, total_cents: total, by_category_cents: byCategory };
});
export const expenseReportHandlers = [collectExpenses, summariseExpenses];
//# sourceMappingURL=expense-report.js.map