import { describe, expect, it } from 'vitest';
import { concurrencyWaitReason, resolveConcurrencyKey } from '../../src/domain/concurrency.js';
import { ReferenceResolutionError } from '../../src/domain/references.js';

describe('concurrency keys', () => {
  it('resolves a key from the context, as text', () => {
    expect(resolveConcurrencyKey({ key: 'customer:${context.id}', limit: 2 }, { id: 42 })).toBe('customer:42');
    expect(resolveConcurrencyKey({ key: '${context.id}', limit: 2 }, { id: 42 })).toBe('42');
    expect(resolveConcurrencyKey({ key: 'stripe', limit: 1 }, {})).toBe('stripe');
  });

  it('refuses a key whose context field is missing', () => {
    expect(() => resolveConcurrencyKey({ key: '${context.nope}', limit: 1 }, {})).toThrow(ReferenceResolutionError);
  });

  it('says why a step waits only at the limit', () => {
    expect(concurrencyWaitReason('k', 2, 2)).toBe('concurrency key "k" is at its limit (2 of 2 running)');
    expect(concurrencyWaitReason('k', 2, 1)).toBeNull();
  });
});
