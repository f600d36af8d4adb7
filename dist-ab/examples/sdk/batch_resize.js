/** examples/templates/batch_resize.yaml in TypeScript: a fan-out in chunks of three and a join. */
import { listImages, resizeImages, summarizeResize } from '../handlers/index.js';
import { ref, workflow } from '../../src/index.js';
export default workflow('examples', 'batch_resize', '1.0.0', {
    description: 'Resize a list of images in parallel batches of three, then summarize the batches in order (fan-out and fan-in)',
    inputSchema: {
        type: 'object',
        required: ['max_width', 'images'],
        properties: {
            max_width: { type: 'integer', minimum: 1 },
            images: {
                type: 'array',
                items: {
                    type: 'object',
                    required: ['name', 'width', 'height'],
                    properties: { name: { type: 'string' }, width: { type: 'integer' }, height: { type: 'integer' } },
                },
            },
        },
    },
    defaults: { retry: { maxAttempts: 3, backoff: 'exponential', baseMs: 200, maxMs: 2000 }, timeoutSeconds: 30 },
})
    // list_images returns { items: [...] }; one `resize` instance runs per chunk of 3 items.
    .step('list_images', listImages, { kind: 'fan_out', fanOut: { each: 'resize', batchSize: 3 }, params: { images: ref.context('images') } })
    .step('resize', resizeImages, { dependsOn: ['list_images'], params: { max_width: ref.context('max_width') } })
    // ctx.results.resize is the list of the instances' outputs, in chunk order.
    .step('summarize', summarizeResize, { dependsOn: ['resize'] });
//# sourceMappingURL=batch_resize.js.map