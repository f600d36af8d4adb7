/** examples/templates/import_with_checkpoint.yaml in TypeScript: a checkpointing step that resumes when retried. */
import { importRecords, verifyImport } from '../handlers/index.js';
import { ref, workflow } from '../../src/index.js';
export default workflow('examples', 'import_with_checkpoint', '1.0.0', {
    description: 'Import records, checkpointing every ten, and resume a retried attempt from its last checkpoint (checkpoints)',
    inputSchema: {
        type: 'object',
        required: ['records'],
        properties: {
            records: { type: 'integer', minimum: 0, maximum: 100000 },
            fail_at: { type: 'integer', minimum: 0, description: 'simulate a failure at this record' },
            fail_times: { type: 'integer', minimum: 0, description: 'how many times to fail there (default 1)' },
        },
    },
    // Retries stay on: a failed attempt is retried, and resumes from its last checkpoint.
    defaults: { retry: { maxAttempts: 3, backoff: 'fixed', baseMs: 200 }, timeoutSeconds: 30 },
})
    .step('import', importRecords, { params: { records: ref.context('records'), every: 10 } })
    .step('verify', verifyImport, {
    dependsOn: ['import'],
    params: { expected: ref.context('records'), imported: ref.step('import', 'imported'), total: ref.step('import', 'total') },
});
//# sourceMappingURL=import_with_checkpoint.js.map