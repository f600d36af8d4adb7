import { afterAll, describe, expect, it } from 'vitest';
import { killAll, runBaton } from './spawn.js';

describe('baton bench', () => {
  afterAll(() => killAll());

  it('prints one JSON line per workload with every task done', async () => {
    const run = await runBaton(['bench', '--quick', '--workload', 'embedded_flat'], { timeoutMs: 120_000 });
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ bench: 'baton', workload: 'embedded_flat', backend: 'pglite', tasks: 2000, not_complete: 0 });
    expect(lines[0].tasks_per_s).toBeGreaterThan(0);
  }, 150_000);

  it('prints the signals line: signal-to-step and signal-to-task latencies, every task done', async () => {
    const run = await runBaton(['bench', '--quick', '--workload', 'signals'], { timeoutMs: 120_000 });
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ bench: 'baton', workload: 'signals', backend: 'pglite', signals: 50, chains: 20, not_complete: 0 });
    expect(lines[0].p50_ms).toBeGreaterThan(0);
    expect(lines[0].task_complete_p50_ms).toEqual(expect.any(Number));
  }, 150_000);

  it('refuses an unknown workload with exit 2', async () => {
    const run = await runBaton(['bench', '--workload', 'nope']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown workload nope');
  });
});
