import { describe, it, expect } from 'vitest';
import { IssueCollector, createTemplateError, formatIssuePath, templateLabel, type TemplateIssue } from '../../src/domain/template-issues.js';

describe('formatIssuePath', () => {
  it('joins keys with dots and indexes with brackets', () => {
    expect(formatIssuePath(['steps', 2, 'retry', 'max_attempts'])).toBe('steps[2].retry.max_attempts');
    expect(formatIssuePath([])).toBe('');
    expect(formatIssuePath(['a', 0, 1])).toBe('a[0][1]');
  });

  it('quotes keys that are not plain identifiers', () => {
    expect(formatIssuePath(['labels', 'a.b'])).toBe('labels["a.b"]');
    expect(formatIssuePath(['labels', ''])).toBe('labels[""]');
    expect(formatIssuePath(['x', Symbol('s')])).toBe('x["Symbol(s)"]');
  });
});

describe('templateLabel', () => {
  it('is ns/name@version when all are known', () => {
    expect(templateLabel({ namespace: 'shop', name: 'order', version: '1.0.0' })).toBe('shop/order@1.0.0');
    expect(templateLabel({ namespace: 'shop', name: 'order', version: 2 })).toBe('shop/order@2');
  });

  it('uses what is known', () => {
    expect(templateLabel({ name: 'order' })).toBe('order');
    expect(templateLabel({ namespace: 'shop' })).toBe('shop/?');
    expect(templateLabel({ name: 'order', version: '1' })).toBe('order@1');
    expect(templateLabel({ version: '1' })).toBe('?@1');
    expect(templateLabel({ name: '', namespace: 5 })).toBe('5/?');
  });

  it('is empty when nothing is known', () => {
    expect(templateLabel({})).toBe('');
    expect(templateLabel(null)).toBe('');
    expect(templateLabel([{ name: 'x' }])).toBe('');
  });
});

describe('IssueCollector', () => {
  it('names the step by name when it has one, else by index', () => {
    const c = new IssueCollector({ steps: [{ name: 'a' }, { name: 3 }, 'x'] });
    c.add(['steps', 0, 'handler'], 'is required');
    c.add(['steps', 1, 'handler'], 'is required');
    c.add(['steps', 2], 'must be an object');
    expect(c.issues()).toEqual([
      { path: 'steps[0].handler', step: 'a', message: 'step "a": handler is required' },
      { path: 'steps[1].handler', message: 'steps[1]: handler is required' },
      { path: 'steps[2]', message: 'steps[2] must be an object' },
    ]);
    expect(c.size).toBe(3);
  });

  it('puts template-level issues first and keeps the order within a step', () => {
    const c = new IssueCollector({ steps: [{ name: 'a' }, { name: 'b' }] });
    c.add(['steps', 1, 'x'], 'one');
    c.add(['steps', 0, 'y'], 'two');
    c.add(['name'], 'three');
    c.add(['steps', 1, 'z'], 'four');
    c.add([], 'five');
    expect(c.issues().map((i) => i.path)).toEqual(['name', '', 'steps[0].y', 'steps[1].x', 'steps[1].z']);
    expect(c.issues()[1].message).toBe('template five');
  });

  it('copes with input that has no steps', () => {
    const c = new IssueCollector('nope');
    c.add(['steps', 0, 'name'], 'is required');
    expect(c.issues()[0].message).toBe('steps[0]: name is required');
  });
});

describe('createTemplateError', () => {
  const issue = (n: number): TemplateIssue => ({ path: `p${n}`, message: `problem ${n}` });

  it('spells out a single issue after the template label', () => {
    const err = createTemplateError('shop/order@1', [issue(1)]);
    expect(err.code).toBe('invalid_template');
    expect(err.message).toBe('template shop/order@1: problem 1');
    expect(err.details).toEqual({ template: 'shop/order@1', issues: [issue(1)] });
  });

  it('counts several issues and lists them', () => {
    expect(createTemplateError('t', [issue(1), issue(2)]).message).toBe('template t has 2 problems: problem 1; problem 2');
  });

  it('lists the first ten issues in the message and keeps all in details', () => {
    const issues = Array.from({ length: 12 }, (_, i) => issue(i + 1));
    const err = createTemplateError('t', issues);
    expect(err.message).toMatch(/problem 10; and 2 more$/);
    expect(err.message).not.toContain('problem 11');
    expect((err.details as { issues: unknown[] }).issues).toHaveLength(12);
  });

  it('says just "template" when nothing names it', () => {
    const err = createTemplateError('', [issue(1)]);
    expect(err.message).toBe('template: problem 1');
    expect(err.toJSON()).toEqual({ code: 'invalid_template', message: 'template: problem 1', details: { template: undefined, issues: [issue(1)] } });
  });
});
