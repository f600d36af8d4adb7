/** examples/templates/placement.yaml in TypeScript: a step only workers labelled gpu=true may run. */
import { loadNumber, square } from '../handlers/index.js';
import { ref, workflow } from '../../src/index.js';
export default workflow('examples', 'placement', '1.0.0', {
    description: 'Load a number on any worker, then square it on a worker labelled gpu=true (placement by labels)',
    inputSchema: { type: 'object', required: ['value'], properties: { value: { type: 'number' } } },
    defaults: { retry: { maxAttempts: 3, backoff: 'exponential', baseMs: 200, maxMs: 2000 }, timeoutSeconds: 30 },
})
    .step('load', loadNumber, { params: { value: ref.context('value') } })
    .step('render', square, { dependsOn: ['load'], labels: { gpu: 'true' }, params: { x: ref.step('load', 'value') } });
//# sourceMappingURL=placement.js.map