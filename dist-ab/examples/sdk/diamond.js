/** examples/templates/diamond.yaml in TypeScript: a -> (b, c) -> d. */
import { combine, double, loadNumber, square } from '../handlers/index.js';
import { ref, workflow } from '../../src/index.js';
const value = ref.step('load', 'value');
export default workflow('examples', 'diamond', '1.0.0', {
    description: 'Load a number, square it and double it in parallel, then combine both results (fan-out and fan-in)',
    inputSchema: {
        type: 'object',
        required: ['value', 'label'],
        properties: { value: { type: 'number' }, label: { type: 'string' } },
    },
    defaults: { retry: { maxAttempts: 3, backoff: 'exponential', baseMs: 200, maxMs: 2000 }, timeoutSeconds: 30 },
})
    .step('load', loadNumber, { params: { value: ref.context('value') } })
    .step('square', square, { dependsOn: ['load'], params: { x: value } })
    .step('double', double, { dependsOn: ['load'], params: { x: value } })
    .step('combine', combine, {
    dependsOn: ['square', 'double'],
    params: {
        square: ref.step('square', 'value'),
        double: ref.step('double', 'value'),
        summary: `${ref.context('label')}: ${value}^2 + 2*${value} = ${ref.step('square', 'value')} + ${ref.step('double', 'value')}`,
    },
});
//# sourceMappingURL=diamond.js.map