/**
 * `baton task cancel` by filter, `baton task retry` and `baton task failures`,
 * run in process against a real server: the confirmation they need, and what
 * they change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/args.js';
import { run } from '../../src/cli/main.js';
import { startHarness, type Harness } from '../support/harness.js';

const TEMPLATE = `{namespace: cb, name: flow, version: "1", steps: [{name: a, handler: cb.a, retry: {max_attempts: 1}}]}`;

function capture(confirm?: CliContext['confirm']): CliContext & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { env: {}, cwd: process.cwd(), stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), ...(confirm ? { confirm } : {}) };
}

describe('bulk task commands', () => {
  let h: Harness;
  let url: string;
  const cli = async (args: string[], confirm?: CliContext['confirm']) => {
    const ctx = capture(confirm);
    const code = await run([...args, '--server', url], ctx);
    return { code, stdout: ctx.stdout.join('\n'), stderr: ctx.stderr.join('\n') };
  };
  const statuses = async () => {
    const { rows } = await h.engine.db.query<{ status: string; n: number }>("SELECT status, count(*)::int AS n FROM tasks WHERE namespace = 'cb' GROUP BY status");
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  };

  beforeAll(async () => {
    h = await startHarness('pglite', {
      http: true,
      config: (c) => {
        c.server.port = 0;
        c.server.host = '127.0.0.1';
      },
    });
    url = await h.runtime.listen();
    await h.engine.registerTemplate(TEMPLATE);
    await h.engine.submitMany(Array.from({ length: 6 }, (_, i) => ({ namespace: 'cb', name: 'flow', tags: [i < 4 ? 'old' : 'new'] })));
  });
  afterAll(async () => h?.close());

  it('refuses a bulk cancel without --yes when there is no terminal to ask on, naming the count, and changes nothing', async () => {
    const result = await cli(['task', 'cancel', '--template', 'cb/flow', '--tag', 'old']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('4 tasks match; standard input is not a terminal');
    expect(result.stderr).toContain('--yes');
    expect(await statuses()).toEqual({ pending: 6 });
  });

  it('a dry run lists the matches; an answer of no changes nothing', async () => {
    const dry = await cli(['task', 'cancel', '--template', 'cb/flow', '--tag', 'old', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout.split('\n')[0]).toBe('4 tasks match');
    expect(dry.stdout.split('\n')).toHaveLength(5);
    const asked: string[] = [];
    const no = await cli(['task', 'cancel', '--template', 'cb/flow', '--tag', 'old'], async (q) => (asked.push(q), false));
    expect(no.code).toBe(0);
    expect(asked).toEqual(['cancel 4 tasks?']);
    expect(await statuses()).toEqual({ pending: 6 });
  });

  it('--yes cancels the matching tasks only; a single id still works; mixing the two is refused', async () => {
    const result = await cli(['task', 'cancel', '--template', 'cb/flow', '--tag', 'old', '--yes']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('cancelled 4 of 4 matching tasks (0 skipped, 0 failed, 1 batch)');
    expect(await statuses()).toEqual({ pending: 2, cancelled: 4 });

    const mixed = await cli(['task', 'cancel', 'some-id', '--tag', 'new']);
    expect(mixed.code).toBe(2);
    const {
      rows: [one],
    } = await h.engine.db.query<{ id: string }>("SELECT id FROM tasks WHERE status = 'pending' LIMIT 1");
    const single = await cli(['task', 'cancel', one.id]);
    expect(single.code, single.stderr).toBe(0);
    expect(single.stdout).toBe(`cancelled ${one.id}`);
    expect(await statuses()).toEqual({ pending: 1, cancelled: 5 });
  });

  it('retry and failures: a failed task is listed in its group and retried with --yes', async () => {
    const [exec] = await h.engine.claim({ workerId: 'w', handlers: ['cb.a'], labels: {}, limit: 1, leaseMs: 10_000 });
    await h.engine.fail(exec.execution_id, exec.lease_id, { message: 'quota', code: 'rate_limited' }, false);
    const view = await cli(['task', 'failures', '--namespace', 'cb']);
    expect(view.code, view.stderr).toBe(0);
    expect(view.stdout).toMatch(/^TEMPLATE\s+STEP\s+CODE\s+TASKS/);
    expect(view.stdout).toMatch(/^cb\/flow\s+a\s+rate_limited\s+1\s+\S+\s+\S+\s+quota$/m);
    const refused = await cli(['task', 'retry', '--error-code', 'rate_limited']);
    expect(refused.code).toBe(2);
    const noFilter = await cli(['task', 'retry', '--yes']);
    expect(noFilter.code).toBe(2);
    expect(noFilter.stderr).toContain('give a filter');
    const retried = await cli(['task', 'retry', '--error-code', 'rate_limited', '--created-after', '2000-01-01T00:00:00', '--yes']);
    expect(retried.code, retried.stderr).toBe(0);
    expect(retried.stdout).toBe('retried 1 of 1 matching task (0 skipped, 0 failed, 1 batch)');
    expect(await statuses()).toEqual({ running: 1, cancelled: 5 });
  });
});
