import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/domain/uuid7.js';

const zeros = new Uint8Array(10);
const ones = new Uint8Array(10).fill(0xff);

describe('uuidv7', () => {
  it('puts the milliseconds first, then version 7 and the RFC variant around the random bits', () => {
    expect(uuidv7(0x0123456789ab, zeros)).toBe('01234567-89ab-7000-8000-000000000000');
    expect(uuidv7(0x0123456789ab, ones)).toBe('01234567-89ab-7fff-bfff-ffffffffffff');
  });

  it('orders ids by time, whatever their random bits', () => {
    const earlier = uuidv7(1_700_000_000_000, ones);
    const later = uuidv7(1_700_000_000_001, zeros);
    expect(earlier < later).toBe(true);
  });

  it('matches the UUID form the API accepts', () => {
    expect(uuidv7(Date.now(), crypto.getRandomValues(new Uint8Array(10)))).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('refuses a time outside 48 bits and too few random bytes', () => {
    expect(() => uuidv7(-1, zeros)).toThrow(RangeError);
    expect(() => uuidv7(2 ** 48, zeros)).toThrow(RangeError);
    expect(() => uuidv7(1.5, zeros)).toThrow(RangeError);
    expect(() => uuidv7(0, new Uint8Array(9))).toThrow(RangeError);
  });
});
