/** examples/templates/mixed_dag.yaml in TypeScript: two roots, fan-outs and fan-ins. */
import { checkCustomers, joinOrders, loadRecords, orderStats, report, totalsByCustomer } from '../handlers/index.js';
import { ref, workflow } from '../../src/index.js';
export default workflow('examples', 'mixed_dag', '1.0.0', {
    description: 'Join customers with their orders, compute per-customer totals and order statistics, audit customers, and build a sales report (two roots, fan-out and fan-in)',
    inputSchema: {
        type: 'object',
        required: ['period', 'customers', 'orders'],
        properties: {
            period: { type: 'string' },
            customers: {
                type: 'array',
                items: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' }, active: { type: 'boolean' } } },
            },
            orders: {
                type: 'array',
                items: { type: 'object', required: ['id', 'customer', 'amount'], properties: { id: { type: 'string' }, customer: { type: 'string' }, amount: { type: 'number' } } },
            },
        },
    },
    defaults: { retry: { maxAttempts: 3, backoff: 'exponential', baseMs: 200, maxMs: 2000 }, timeoutSeconds: 30 },
})
    .step('load_customers', loadRecords, { params: { records: ref.context('customers') } })
    .step('load_orders', loadRecords, { params: { records: ref.context('orders') } })
    .step('join_orders', joinOrders, {
    dependsOn: ['load_customers', 'load_orders'],
    params: { customers: ref.step('load_customers', 'records'), orders: ref.step('load_orders', 'records') },
})
    .step('check_customers', checkCustomers, { dependsOn: ['load_customers'], params: { customers: ref.step('load_customers', 'records') } })
    .step('totals_by_customer', totalsByCustomer, { dependsOn: ['join_orders'], params: { rows: ref.step('join_orders', 'rows') } })
    .step('order_stats', orderStats, { dependsOn: ['join_orders'], params: { rows: ref.step('join_orders', 'rows') } })
    .step('report', report, {
    dependsOn: ['totals_by_customer', 'order_stats', 'check_customers'],
    params: {
        title: `Sales report ${ref.context('period')}`,
        totals: ref.step('totals_by_customer', 'totals'),
        revenue: ref.step('order_stats', 'revenue'),
        orders: ref.step('order_stats', 'count'),
        inactive: ref.step('check_customers', 'inactive'),
    },
});
//# sourceMappingURL=mixed_dag.js.map