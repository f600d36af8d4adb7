import { describe, it, expect } from 'vitest';
import {
  ReferenceResolutionError,
  findReferences,
  findReferencesInString,
  parseWholeReference,
  resolveParams,
  resolveReference,
  type ReferenceScope,
} from '../../src/domain/references.js';

const scope: ReferenceScope = {
  context: { order_id: 'o-1', count: 3, flag: false, nothing: null, customer: { name: 'Ada', tags: ['vip'] } },
  steps: {
    validate: {
      items: [
        { id: 'i-1', qty: 2 },
        { id: 'i-2', qty: 1 },
      ],
      total: 12.5,
      ok: true,
    },
    scalar: 42,
    empty: null,
  },
};

function resolutionError(fn: () => unknown): ReferenceResolutionError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ReferenceResolutionError) return err;
    throw err;
  }
  throw new Error('expected a ReferenceResolutionError');
}

describe('findReferences', () => {
  it('parses context, steps and whole-output references', () => {
    expect(findReferencesInString('${context.a.b}')).toEqual([{ raw: '${context.a.b}', root: 'context', path: ['a', 'b'] }]);
    expect(findReferencesInString('${steps.validate.items.0.id}')).toEqual([{ raw: '${steps.validate.items.0.id}', root: 'steps', step: 'validate', path: ['items', '0', 'id'] }]);
    expect(findReferencesInString('${steps.validate}')).toEqual([{ raw: '${steps.validate}', root: 'steps', step: 'validate', path: [] }]);
    expect(findReferencesInString('${context}')).toEqual([{ raw: '${context}', root: 'context', path: [] }]);
  });

  it('marks an unknown root and keeps all its segments', () => {
    expect(findReferencesInString('${env.HOME}')).toEqual([{ raw: '${env.HOME}', root: 'unknown', path: ['env', 'HOME'] }]);
  });

  it('parses ${steps} with no step name', () => {
    expect(findReferencesInString('${steps}')).toEqual([{ raw: '${steps}', root: 'steps', path: [] }]);
  });

  it('trims spaces around segments', () => {
    expect(findReferencesInString('${ context.a }')[0]).toMatchObject({ root: 'context', path: ['a'] });
  });

  it('finds several references in one string, in order', () => {
    expect(findReferencesInString('${context.a}-${steps.b.c}').map((r) => r.raw)).toEqual(['${context.a}', '${steps.b.c}']);
  });

  it('leaves text without a closed reference alone', () => {
    expect(findReferencesInString('cost: $5 ${context.a')).toEqual([]);
    expect(findReferencesInString('plain')).toEqual([]);
  });

  it('walks nested arrays and objects, values only', () => {
    const refs = findReferences({
      '${context.key}': 'not a key reference',
      a: ['${context.x}', { b: '${steps.s.y}' }],
      n: 1,
      t: true,
      z: null,
      c: 'x ${context.z}',
    });
    expect(refs.map((r) => r.raw)).toEqual(['${context.x}', '${steps.s.y}', '${context.z}']);
  });

  it('accepts a bare string value', () => {
    expect(findReferences('${context.a}')).toHaveLength(1);
  });

  it('parseWholeReference matches only a string that is exactly one reference', () => {
    expect(parseWholeReference('${steps.a.b}')).toMatchObject({ root: 'steps', step: 'a', path: ['b'] });
    expect(parseWholeReference(' ${steps.a.b}')).toBeNull();
    expect(parseWholeReference('${context.a}${context.b}')).toBeNull();
  });
});

describe('resolveParams', () => {
  it('keeps the JSON type of a whole-string reference', () => {
    const out = resolveParams(
      {
        n: '${context.count}',
        b: '${context.flag}',
        z: '${context.nothing}',
        o: '${context.customer}',
        a: '${steps.validate.items}',
        f: '${steps.validate.total}',
        whole: '${steps.scalar}',
      },
      scope,
    );
    expect(out).toEqual({
      n: 3,
      b: false,
      z: null,
      o: { name: 'Ada', tags: ['vip'] },
      a: [
        { id: 'i-1', qty: 2 },
        { id: 'i-2', qty: 1 },
      ],
      f: 12.5,
      whole: 42,
    });
  });

  it('interpolates references inside longer strings as text', () => {
    const out = resolveParams(
      {
        s: 'order ${context.order_id} x${context.count}',
        b: 'flag=${context.flag}',
        z: 'null=${context.nothing}',
        o: 'obj=${context.customer}',
        a: 'arr=${context.customer.tags}',
      },
      scope,
    );
    expect(out).toEqual({
      s: 'order o-1 x3',
      b: 'flag=false',
      z: 'null=null',
      o: 'obj={"name":"Ada","tags":["vip"]}',
      a: 'arr=["vip"]',
    });
  });

  it('resolves array indexes in paths', () => {
    expect(resolveParams({ id: '${steps.validate.items.1.id}', tag: '${context.customer.tags.0}' }, scope)).toEqual({
      id: 'i-2',
      tag: 'vip',
    });
  });

  it('resolves recursively in nested objects and arrays and keeps non-strings as they are', () => {
    const out = resolveParams({ outer: { list: ['${context.count}', { deep: 'id-${context.order_id}' }], n: 1, t: true, z: null } }, scope);
    expect(out).toEqual({ outer: { list: [3, { deep: 'id-o-1' }], n: 1, t: true, z: null } });
  });

  it('does not modify its input', () => {
    const params = { a: '${context.count}', nested: { b: '${context.order_id}' } };
    const copy = structuredClone(params);
    resolveParams(params, scope);
    expect(params).toEqual(copy);
  });

  it('does not resolve references found inside resolved values', () => {
    const out = resolveParams({ a: '${context.evil}', b: 'x ${context.evil}' }, { context: { evil: '${context.secret}', secret: 's' }, steps: {} });
    expect(out).toEqual({ a: '${context.secret}', b: 'x ${context.secret}' });
  });

  it('keeps a __proto__ key in params as a plain key', () => {
    const params = JSON.parse('{"__proto__": {"x": "${context.count}"}}');
    const out = resolveParams(params, scope);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(out['__proto__']).toEqual({ x: 3 });
  });

  it('names the reference and the missing field', () => {
    const err = resolutionError(() => resolveParams({ x: '${steps.validate.itemz}' }, scope));
    expect(err.message).toBe('${steps.validate.itemz}: step "validate" has no field "itemz"');
    expect(err.reference).toBe('${steps.validate.itemz}');
    expect(err.name).toBe('ReferenceResolutionError');
  });

  it('names a missing nested context field', () => {
    expect(resolutionError(() => resolveParams({ x: '${context.customer.email}' }, scope)).message).toBe('${context.customer.email}: context has no field "customer.email"');
  });

  it('rejects an index past the end of an array and says what was there', () => {
    expect(resolutionError(() => resolveParams({ x: '${steps.validate.items.5.id}' }, scope)).message).toBe(
      '${steps.validate.items.5.id}: step "validate" has no field "items.5" ("items" is an array of 2)',
    );
  });

  it('rejects a non-numeric segment into an array', () => {
    expect(resolutionError(() => resolveParams({ x: '${steps.validate.items.first}' }, scope)).message).toContain('has no field "items.first"');
  });

  it('rejects a path into a scalar or null output', () => {
    expect(resolutionError(() => resolveParams({ x: '${steps.scalar.a}' }, scope)).message).toBe('${steps.scalar.a}: step "scalar" has no field "a" (the output is a number)');
    expect(resolutionError(() => resolveParams({ x: '${steps.empty.a}' }, scope)).message).toBe('${steps.empty.a}: step "empty" has no field "a" (the output is null)');
    expect(resolutionError(() => resolveParams({ x: '${steps.validate.total.x}' }, scope)).message).toContain('("total" is a number)');
  });

  it('does not read inherited properties', () => {
    expect(() => resolveParams({ x: '${context.constructor}' }, scope)).toThrow(ReferenceResolutionError);
    expect(() => resolveParams({ x: '${steps.toString}' }, scope)).toThrow(ReferenceResolutionError);
  });

  it('rejects a step that has no output in scope', () => {
    expect(resolutionError(() => resolveParams({ x: 'a ${steps.ship.id}' }, scope)).message).toBe(
      '${steps.ship.id}: step "ship" has no output here (it must be upstream and complete)',
    );
  });

  it('rejects an unknown root and ${steps} without a step', () => {
    expect(resolutionError(() => resolveParams({ x: '${env.HOME}' }, scope)).message).toBe('${env.HOME}: unknown reference root "env"; use context or steps');
    expect(resolutionError(() => resolveParams({ x: '${steps}' }, scope)).message).toContain('names no step');
  });

  it('resolveReference resolves a single parsed reference', () => {
    const ref = parseWholeReference('${steps.validate.ok}');
    expect(ref && resolveReference(ref, scope)).toBe(true);
    expect(() => resolveReference({ raw: '${}', root: 'unknown', path: [] }, scope)).toThrow('unknown reference root ""');
  });
});
