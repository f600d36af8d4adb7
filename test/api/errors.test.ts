import { describe, expect, it } from 'vitest';
import { toErrorReply } from '../../src/api/errors.js';
import { BatonError } from '../../src/errors.js';

const opts = { bodyLimitBytes: 1024 };
const fastifyError = (code: string, statusCode: number, message = 'm') => Object.assign(new Error(message), { code, statusCode });

describe('toErrorReply', () => {
  it('passes a BatonError through with its code, status and details', () => {
    const r = toErrorReply(new BatonError('invalid_context', 'bad', { details: { errors: [] } }), opts);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ error: { code: 'invalid_context', message: 'bad', details: { errors: [] } } });
  });

  it('maps Fastify errors to stable codes', () => {
    const cases: [string, number, string, number][] = [
      ['FST_ERR_CTP_BODY_TOO_LARGE', 413, 'payload_too_large', 413],
      ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 415, 'unsupported_media_type', 415],
      ['FST_ERR_CTP_INVALID_JSON_BODY', 400, 'invalid_json', 400],
      ['FST_ERR_CTP_EMPTY_JSON_BODY', 400, 'invalid_json', 400],
      ['FST_ERR_CTP_INVALID_CONTENT_LENGTH', 400, 'invalid_request', 400],
      ['FST_ERR_BAD_URL', 400, 'invalid_request', 400],
      ['FST_ERR_VALIDATION', 400, 'invalid_request', 400],
      ['FST_ERR_NOT_FOUND', 404, 'not_found', 404],
      ['FST_ERR_SOMETHING_NEW', 401, 'unauthorized', 401],
      ['FST_ERR_SOMETHING_ELSE', 500, 'internal', 500],
    ];
    for (const [fst, status, code, expected] of cases) {
      const r = toErrorReply(fastifyError(fst, status), opts);
      expect(r.body.error.code, fst).toBe(code);
      expect(r.status, fst).toBe(expected);
    }
    expect(toErrorReply(fastifyError('FST_ERR_CTP_BODY_TOO_LARGE', 413), opts).body.error.message).toContain('1024');
  });

  it('answers a lost database connection, however wrapped, with 503 and Retry-After', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    for (const err of [refused, new Error('query failed', { cause: refused }), Object.assign(new Error('terminating'), { code: '57P01' })]) {
      const r = toErrorReply(err, opts);
      expect(r.status).toBe(503);
      expect(r.body.error.code).toBe('unavailable');
      expect(r.headers['retry-after']).toBe('5');
    }
  });

  it('answers a database data exception with 400, and anything unknown with a generic 500', () => {
    const data = toErrorReply(Object.assign(new Error('unsupported Unicode escape sequence'), { code: '22P05' }), opts);
    expect(data.status).toBe(400);
    expect(data.body.error.code).toBe('invalid_request');
    for (const err of [new Error('secret'), new TypeError('x is undefined'), 'a string', null, Object.assign(new Error('dup'), { code: '23505' })]) {
      const r = toErrorReply(err, opts);
      expect(r.status).toBe(500);
      expect(r.body.error.code).toBe('internal');
      expect(r.body.error.message).not.toContain('secret');
      expect(r.level).toBe('error');
    }
  });
});
