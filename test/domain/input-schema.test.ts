import { describe, it, expect } from 'vitest';
import { checkContext, compileInputSchema, inputSchemaProblem } from '../../src/domain/input-schema.js';

const schema = {
  type: 'object',
  required: ['order_id', 'items'],
  properties: { order_id: { type: 'string' }, items: { type: 'array' }, email: { type: 'string', format: 'email' } },
};

describe('input schema', () => {
  it('accepts a context that matches', () => {
    expect(checkContext(compileInputSchema(schema), { order_id: 'o', items: [] })).toEqual([]);
  });

  it('lists every violation, with its JSON pointer', () => {
    const violations = checkContext(compileInputSchema(schema), { order_id: 5 });
    expect(violations).toContainEqual({ path: '', message: "context must have required property 'items'" });
    expect(violations).toContainEqual({ path: '/order_id', message: 'context/order_id must be string' });
    expect(violations).toHaveLength(2);
  });

  it('checks standard formats', () => {
    expect(checkContext(compileInputSchema(schema), { order_id: 'o', items: [], email: 'nope' })).toEqual([{ path: '/email', message: 'context/email must match format "email"' }]);
  });

  it('tolerates unknown keywords and formats (strict: false)', () => {
    expect(inputSchemaProblem({ type: 'string', 'x-ui': 'wide', format: 'made-up' })).toBeNull();
  });

  it('names the reason a schema does not compile', () => {
    expect(inputSchemaProblem({ type: 'objekt' })).toMatch(/^schema is invalid: data\/type/);
    expect(() => compileInputSchema({ $ref: '#/nope' })).toThrow("can't resolve reference #/nope");
  });
});
