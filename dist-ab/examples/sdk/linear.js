/** examples/templates/linear.yaml in TypeScript: a sequential pipeline. */
import { fetchReadings, parse, store, transform } from '../handlers/index.js';
import { ref, workflow } from '../../src/index.js';
export default workflow('examples', 'linear', '1.0.0', {
    description: 'Fetch a CSV of readings, parse it, scale every value and store the result (a sequential pipeline)',
    inputSchema: {
        type: 'object',
        required: ['source', 'raw', 'factor'],
        properties: {
            source: { type: 'string', minLength: 1 },
            raw: { type: 'string', description: 'comma-separated numbers, e.g. "3,1,4"' },
            factor: { type: 'number' },
        },
    },
    // Sequential: each step without dependsOn follows the one before it, so
    // `${steps.fetch...}` is upstream of parse without saying so.
    mode: 'sequential',
    defaults: { retry: { maxAttempts: 3, backoff: 'exponential', baseMs: 200, maxMs: 2000 }, timeoutSeconds: 30 },
})
    .step('fetch', fetchReadings, { params: { source: ref.context('source'), raw: ref.context('raw') } })
    .step('parse', parse, { params: { body: ref.step('fetch', 'body') } })
    .step('transform', transform, { params: { values: ref.step('parse', 'values'), factor: ref.context('factor') } })
    // A reference inside a longer string is interpolated as text.
    .step('store', store, { params: { key: `readings/${ref.context('source')}`, values: ref.step('transform', 'values') } });
//# sourceMappingURL=linear.js.map