/** `baton rate-limit set|list`, run in process against a real server, and a template that uses the limit. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/args.js';
import { run } from '../../src/cli/main.js';
import { Baton, BatonClient } from '../../src/index.js';
import { testLogger } from '../support/logger.js';
import { tempDir } from './spawn.js';

describe('rate-limit commands', () => {
  const dir = tempDir();
  let baton: Baton;
  const cli = async (args: string[]) => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const ctx: CliContext = { env: {}, cwd: dir.path, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
    const code = await run([...args, '--server', baton.url!], ctx);
    return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
  };

  beforeAll(async () => {
    baton = await Baton.start({ dataDir: 'memory://', port: 0, host: '127.0.0.1', logger: testLogger });
  });
  afterAll(async () => {
    await baton?.stop();
    dir.remove();
  });

  it('declares, changes and lists limits; a template may then use one', async () => {
    expect((await cli(['rate-limit', 'list'])).stdout).toMatch(/no rate limits/);
    const set = await cli(['rate-limit', 'set', 'stripe', '--limit', '100', '--per', '1s']);
    expect([set.code, set.stdout]).toEqual([0, 'set stripe  100 per 1s']);
    expect((await cli(['rate-limit', 'set', 'stripe', '--limit', '50', '--per', '1m'])).stdout).toBe('set stripe  50 per 60s');
    const listed = await cli(['rate-limit', 'list', '--json']);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ name: 'stripe', limit: 50, per_ms: 60_000 })]);
    const client = new BatonClient(baton.url!);
    const { created } = await client.registerTemplate({
      namespace: 'r',
      name: 'pay',
      version: '1',
      steps: [{ name: 'charge', handler: 'r.charge', rate_limit: { name: 'stripe', key: '${context.account}' } }],
    });
    expect(created).toBe(true);
  });

  it('refuses a limit below 1 and a bad window, naming the problem', async () => {
    const zero = await cli(['rate-limit', 'set', 'x', '--limit', '0', '--per', '1s']);
    expect([zero.code, zero.stderr]).toEqual([2, expect.stringContaining('--limit must be a whole number')]);
    const badPer = await cli(['rate-limit', 'set', 'x', '--limit', '3', '--per', 'soon']);
    expect(badPer.code).toBe(2);
    expect(badPer.stderr).toMatch(/per must be a duration/);
    const negative = await new BatonClient(baton.url!).setRateLimit('x', -1, '1s').catch((e: unknown) => e);
    expect(negative).toMatchObject({ code: 'invalid_request', status: 400 });
    expect((await cli(['rate-limit', 'list'])).stdout).not.toMatch(/^x /m);
  });
});
