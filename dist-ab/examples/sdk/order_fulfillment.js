/** examples/templates/order_fulfillment.yaml (DESIGN §2) in TypeScript. */
import { chargePayment, reserveInventory, shipOrder, validateOrder } from '../handlers/index.js';
import { ref, workflow } from '../../src/index.js';
export default workflow('shop', 'order_fulfillment', '1.0.0', {
    description: 'Validate, reserve, charge and ship an order',
    inputSchema: {
        type: 'object',
        required: ['order_id', 'items'],
        properties: { order_id: { type: 'string' }, items: { type: 'array' } },
    },
    timeoutSeconds: 600,
    onFailure: 'stop',
    defaults: { retry: { maxAttempts: 3, backoff: 'exponential', baseMs: 300, maxMs: 5000, jitter: true }, timeoutSeconds: 60 },
})
    .step('validate_order', validateOrder, { params: { order_id: ref.context('order_id') } })
    .step('reserve_inventory', reserveInventory, { dependsOn: ['validate_order'], params: { items: ref.step('validate_order', 'items') } })
    .step('charge_payment', chargePayment, { dependsOn: ['validate_order'], retry: { maxAttempts: 5, backoff: 'fixed', baseMs: 500 } })
    .step('ship_order', shipOrder, { dependsOn: ['reserve_inventory', 'charge_payment'], timeoutSeconds: 120 });
//# sourceMappingURL=order_fulfillment.js.map