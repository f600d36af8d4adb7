import { expect } from 'vitest';
import { validateTemplate, type ValidateTemplateOptions } from '../../src/domain/template-validate.js';
import type { TemplateIssue } from '../../src/domain/template-issues.js';
import { BatonError } from '../../src/errors.js';

// Raw templates are untyped data, as parsed from YAML.
export type Raw = any;

/** A small valid template; tests break one thing at a time. */
export function validTemplate(): Raw {
  return {
    namespace: 'shop',
    name: 'order',
    version: '1.0.0',
    steps: [
      { name: 'validate', handler: 'shop.validate' },
      { name: 'charge', handler: 'shop.charge', depends_on: ['validate'] },
    ],
  };
}

/** The BatonError validateTemplate throws for `input` (fails the test if it does not throw). */
export function templateError(input: unknown, options?: ValidateTemplateOptions): BatonError {
  try {
    validateTemplate(input, options);
  } catch (err) {
    if (err instanceof BatonError) {
      expect(err.code).toBe('invalid_template');
      return err;
    }
    throw err;
  }
  throw new Error('expected the template to be invalid');
}

export function issuesOf(input: unknown, options?: ValidateTemplateOptions): TemplateIssue[] {
  return (templateError(input, options).details as { issues: TemplateIssue[] }).issues;
}

/** Asserts that `input` has exactly one problem: this one. */
export function expectOnlyIssue(input: unknown, path: string, message: string, step?: string): void {
  const expected: TemplateIssue = step === undefined ? { path, message } : { path, step, message };
  expect(issuesOf(input)).toEqual([expected]);
}
