import { describe, expect, it } from 'vitest';
import { parseRateLimitList } from '../../src/domain/rate-limit-list.js';

describe('rate limits in configuration', () => {
  it('reads NAME=LIMIT/PER entries', () => {
    expect(parseRateLimitList('stripe=100/1s, sendgrid = 10 / 1m,')).toEqual({
      ok: true,
      limits: [
        { name: 'stripe', limit: 100, perMs: 1000, per: '1s' },
        { name: 'sendgrid', limit: 10, perMs: 60_000, per: '1m' },
      ],
    });
    expect(parseRateLimitList('')).toEqual({ ok: true, limits: [] });
  });

  it('names the entry that is wrong', () => {
    for (const bad of ['stripe', 'stripe=0/1s', 'stripe=5/soon', '9x=5/1s', 'stripe=-1/1s']) {
      expect(parseRateLimitList(bad)).toMatchObject({ ok: false, message: expect.stringContaining(`"${bad}"`) });
    }
  });
});
