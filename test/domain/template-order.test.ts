import { describe, expect, it } from 'vitest';
import { childrenFirst } from '../../src/domain/template-order.js';
import type { TemplateDefinition } from '../../src/domain/types.js';

const def = (name: string, children: string[] = []): TemplateDefinition =>
  ({
    namespace: 'n',
    name,
    version: '1',
    timeout_seconds: null,
    on_failure: 'stop',
    steps: children.map((c, i) => ({ name: `s${i}`, kind: 'workflow', workflow: { namespace: 'n', name: c, context: {} } })),
  }) as unknown as TemplateDefinition;

describe('childrenFirst', () => {
  it('puts child templates before their parents and keeps the rest in order', () => {
    const items = [def('top', ['mid']), def('other'), def('mid', ['leaf']), def('leaf')];
    expect(childrenFirst(items, (d) => d).map((d) => d.name)).toEqual(['leaf', 'mid', 'top', 'other']);
  });

  it('survives a cycle and items without a definition', () => {
    const items = [def('a', ['b']), def('b', ['a']), undefined];
    expect(childrenFirst(items, (d) => d)).toHaveLength(3);
  });
});
