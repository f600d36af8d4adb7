/** examples/templates/tree.yaml in TypeScript: split twice, sum four leaves, join. */
import { joinSums, split, sum } from '../handlers/index.js';
import { ref, workflow } from '../../src/index.js';
export default workflow('examples', 'tree', '1.0.0', {
    description: 'Split a list of numbers into halves and quarters, sum each quarter in parallel, then join the four sums',
    inputSchema: {
        type: 'object',
        required: ['numbers'],
        properties: { numbers: { type: 'array', items: { type: 'number' } } },
    },
    defaults: { retry: { maxAttempts: 3, backoff: 'exponential', baseMs: 200, maxMs: 2000 }, timeoutSeconds: 30 },
})
    .step('root', split, { params: { items: ref.context('numbers') } })
    .step('left', split, { dependsOn: ['root'], params: { items: ref.step('root', 'first') } })
    .step('right', split, { dependsOn: ['root'], params: { items: ref.step('root', 'second') } })
    .step('left_low', sum, { dependsOn: ['left'], params: { items: ref.step('left', 'first') } })
    .step('left_high', sum, { dependsOn: ['left'], params: { items: ref.step('left', 'second') } })
    .step('right_low', sum, { dependsOn: ['right'], params: { items: ref.step('right', 'first') } })
    .step('right_high', sum, { dependsOn: ['right'], params: { items: ref.step('right', 'second') } })
    .step('join', joinSums, {
    dependsOn: ['left_low', 'left_high', 'right_low', 'right_high'],
    params: {
        sums: [ref.step('left_low', 'sum'), ref.step('left_high', 'sum'), ref.step('right_low', 'sum'), ref.step('right_high', 'sum')],
    },
});
//# sourceMappingURL=tree.js.map