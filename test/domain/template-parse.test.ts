import { describe, it, expect } from 'vitest';
import { parseTemplateSource } from '../../src/domain/template-parse.js';
import { BatonError } from '../../src/errors.js';

function parseError(source: string, format?: 'yaml' | 'json'): BatonError {
  try {
    parseTemplateSource(source, format);
  } catch (err) {
    expect(err).toBeInstanceOf(BatonError);
    expect((err as BatonError).code).toBe('invalid_template');
    return err as BatonError;
  }
  throw new Error('expected a syntax error');
}

describe('parseTemplateSource', () => {
  it('parses YAML into plain data', () => {
    expect(parseTemplateSource('name: order\nversion: 1\nsteps:\n  - name: a\n    handler: h\n')).toEqual({
      name: 'order',
      version: 1,
      steps: [{ name: 'a', handler: 'h' }],
    });
  });

  it('reads JSON as YAML by default', () => {
    expect(parseTemplateSource('{"name": "order", "steps": [1, 2]}')).toEqual({ name: 'order', steps: [1, 2] });
  });

  it('parses JSON with the json format', () => {
    expect(parseTemplateSource('{"name": "order"}', 'json')).toEqual({ name: 'order' });
  });

  it('does not turn YAML timestamps into dates', () => {
    expect(parseTemplateSource('at: 2024-01-01')).toEqual({ at: '2024-01-01' });
  });

  it('returns null for an empty YAML document (validation then rejects it)', () => {
    expect(parseTemplateSource('')).toBeNull();
  });

  it('names the line and column of a YAML syntax error', () => {
    const err = parseError('name: order\nsteps: [a, b\nversion: 1\n');
    expect(err.message).toMatch(/^template source is not valid YAML at line \d+, column \d+: /);
    expect(err.message).not.toContain('\n');
    expect(err.details).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
  });

  it('rejects a duplicate key, naming where', () => {
    expect(parseError('name: a\nname: b\n').message).toBe('template source is not valid YAML at line 2, column 1: Map keys must be unique');
  });

  it('rejects several YAML documents in one source', () => {
    expect(parseError('name: a\n---\nname: b\n').message).toMatch(/not valid YAML at line 2, column 1: Source contains multiple documents/);
  });

  it('rejects runaway alias expansion', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]',
    ].join('\n');
    expect(parseError(bomb).message).toMatch(/^template source is not valid YAML: .*alias/i);
  });

  it('names the line and column of a JSON error that V8 locates', () => {
    const err = parseError('{\n  "a": 1\n  "b": 2\n}', 'json');
    expect(err.message).toBe("template source is not valid JSON at line 3, column 3: Expected ',' or '}' after property value");
    expect(err.details).toEqual({ line: 3, column: 3 });
  });

  it('locates a JSON error through the YAML parser when V8 gives no position', () => {
    const err = parseError('{\n  "a": @x}', 'json');
    expect(err.message).toBe("template source is not valid JSON at line 2, column 8: Unexpected token '@'");
  });

  it("drops V8's echo of the source from the reason", () => {
    // YAML reads `{"a": }` as valid, so this one has no location.
    expect(parseError('{\n  "a": }', 'json').message).toBe("template source is not valid JSON: Unexpected token '}'");
  });

  it('reports an empty JSON source without a location', () => {
    expect(parseError('', 'json').message).toBe('template source is not valid JSON: Unexpected end of JSON input');
  });
});
