import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BatonError, ErrorCodes, errorFromAnswer, isBatonError, isPermanentError, PermanentError } from '../../src/errors.js';

describe('error registry', () => {
  const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');

  it.each(Object.entries(ErrorCodes))('documents %s with its HTTP status', (code, status) => {
    expect(doc).toMatch(new RegExp(`\\| \`${code}\` \\| ${status} \\|`));
  });

  it('gives each error its registered status and a JSON form without a stack', () => {
    const err = new BatonError('stale_lease', 'lease gone', { details: { id: 1 } });
    expect(err.status).toBe(409);
    expect(err.toJSON()).toEqual({ code: 'stale_lease', message: 'lease gone', details: { id: 1 } });
    expect(new BatonError('internal', 'x').toJSON()).toEqual({ code: 'internal', message: 'x' });
    expect(isBatonError(err, 'stale_lease')).toBe(true);
    expect(isBatonError(err, 'conflict')).toBe(false);
    expect(isBatonError(new Error('x'))).toBe(false);
  });

  it('recognises permanent errors, also across module copies by name', () => {
    expect(isPermanentError(new PermanentError('no', { code: 'bad' }))).toBe(true);
    const foreign = new Error('no');
    foreign.name = 'PermanentError';
    expect(isPermanentError(foreign)).toBe(true);
    expect(isPermanentError(new Error('retry me'))).toBe(false);
    expect(new PermanentError('no', { code: 'bad', details: 1 }).code).toBe('bad');
  });

  it('decodes an API error answer the same for every client, falling back on the status for anything else', () => {
    const answer = errorFromAnswer(409, { error: { code: 'stale_lease', message: 'lease gone', details: { id: 1 } } }, 'HTTP 409');
    expect([answer.code, answer.status, answer.message, answer.details]).toEqual(['stale_lease', 409, 'lease gone', { id: 1 }]);
    const newer = errorFromAnswer(409, { error: { code: 'from_the_future', message: 'new' } }, 'HTTP 409');
    expect([newer.code, newer.message, newer.details]).toEqual(['conflict', 'new', undefined]);
    expect(errorFromAnswer(400, { error: { code: 'toString', message: 'x' } }, '-').code).toBe('invalid_request');
    for (const body of [undefined, null, 'text', { error: 'nope' }, { error: { code: 'conflict' } }]) {
      const err = errorFromAnswer(502, body, 'HTTP 502 from /v1/tasks');
      expect([err.code, err.status, err.message]).toEqual(['internal', 502, 'HTTP 502 from /v1/tasks']);
    }
    expect(errorFromAnswer(503, undefined, 'down').code).toBe('unavailable');
  });
});
