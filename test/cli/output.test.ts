import { describe, expect, it } from 'vitest';
import { exitCodeFor, ExitCode } from '../../src/cli/output.js';
import { BatonError } from '../../src/errors.js';

describe('CLI exit codes', () => {
  it('exits 2 for a template that is not registered, alone or for every request of a batch, and 3 for other missing things', () => {
    const template = { namespace: 'shop', name: 'nope' };
    expect(exitCodeFor(new BatonError('not_found', 'template shop/nope is not registered', { details: { template } }))).toBe(ExitCode.usage);
    const batch = { errors: [{ index: 0, code: 'not_found', message: 'x', details: { template } }] };
    expect(exitCodeFor(new BatonError('not_found', '1 of 1 task requests are invalid', { details: batch }))).toBe(ExitCode.usage);
    expect(exitCodeFor(new BatonError('not_found', 'task 1 does not exist'))).toBe(ExitCode.failure);
    expect(exitCodeFor(new BatonError('invalid_context', 'bad'))).toBe(ExitCode.usage);
  });
});
