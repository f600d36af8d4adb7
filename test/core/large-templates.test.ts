import { afterEach, describe, expect, it } from 'vitest';
import { backends } from '../support/db.js';
import { startHarness, type Harness } from '../support/harness.js';

/** An n-step chain; each step reads its parent's and the first step's output. */
function chain(n: number) {
  return {
    namespace: 'big',
    name: `chain${n}`,
    version: '1',
    steps: Array.from({ length: n }, (_, i) => ({
      name: `s${i}`,
      handler: 'big.step',
      depends_on: i === 0 ? [] : [`s${i - 1}`],
      params: i === 0 ? {} : { parent: `\${steps.s${i - 1}.value}`, first: '${steps.s0.value}' },
    })),
  };
}

describe.each(backends)('large templates on %s', (backend) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function storedTemplates(): Promise<number> {
    const { rows } = await h.engine.db.query<{ n: number }>('SELECT count(*)::int AS n FROM templates');
    return rows[0].n;
  }

  it('registers a 2,000-step chain, and a task of it gets every step and edge with only the first ready', async () => {
    h = await startHarness(backend, { sweeper: false });
    const { row, created } = await h.engine.registerTemplate(chain(2_000));
    expect(created).toBe(true);
    const stored = await h.engine.templates.find('big', 'chain2000', '1');
    expect(stored.definition.steps).toHaveLength(2_000);
    expect(stored.definition.steps[1_999]).toMatchObject({ name: 's1999', depends_on: ['s1998'] });
    expect(h.engine.templates.upstream(row, 's1999')).toHaveLength(1_999);
    expect((await h.engine.registerTemplate(chain(2_000))).created).toBe(false);

    const { id } = await h.engine.submit({ namespace: 'big', name: 'chain2000' });
    const { rows } = await h.engine.db.query<{ state: string; n: number }>('SELECT state, count(*)::int AS n FROM steps WHERE task_id = $1 GROUP BY state ORDER BY state', [id]);
    expect(rows).toEqual([
      { state: 'pending', n: 1_999 },
      { state: 'ready', n: 1 },
    ]);
    const edges = await h.engine.db.query<{ n: number }>('SELECT count(*)::int AS n FROM step_edges WHERE task_id = $1', [id]);
    expect(edges.rows[0].n).toBe(1_999);
  });

  it('accepts a 10,000-step template with the default cap', async () => {
    h = await startHarness(backend, { sweeper: false });
    const { row } = await h.engine.registerTemplate(chain(10_000));
    expect(row.definition.steps).toHaveLength(10_000);
    expect(await storedTemplates()).toBe(1);
  });

  it('refuses a template over the configured cap, naming the cap and how to raise it, and accepts one at it', async () => {
    h = await startHarness(backend, {
      sweeper: false,
      config: (c) => {
        c.templates.maxSteps = 500;
      },
    });
    const err = await h.engine.registerTemplate(chain(501)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'invalid_template' });
    expect((err as Error).message).toBe(
      'template big/chain501@1: steps must list at most 500 steps (found 501); raise the cap with templates.max_steps in baton.toml or BATON_TEMPLATES_MAX_STEPS',
    );
    expect(await storedTemplates()).toBe(0);
    await h.engine.registerTemplate(chain(500));
    expect(await storedTemplates()).toBe(1);
  });
});
