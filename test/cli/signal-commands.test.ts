/**
 * `baton task signal`, `baton event send`, and how `task get` and the watch
 * view show a waiting step, run in process against a real server.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { CliContext } from '../../src/cli/args.js';
import { run } from '../../src/cli/main.js';
import { applyEvent, describeEvent, renderWatch, watchStateFromTask } from '../../src/cli/watch-render.js';
import { Baton, BatonClient, defineHandler, ref, workflow, type TaskDetail } from '../../src/index.js';
import { testLogger } from '../support/logger.js';
import { tempDir } from './spawn.js';

const start = defineHandler('cs.start', (ctx) => ({ order_id: String(ctx.task.context.order_id as string | number) }));
const approval = workflow('cs', 'approval', '1')
  .step('start', start)
  .wait('approve', { signal: 'approval', timeout: '48h', schema: z.object({ approved: z.boolean() }) }, { dependsOn: ['start'] })
  .wait('paid', { event: 'payment.received', match: ref.step('start', 'order_id') }, { dependsOn: ['start'] });

function capture(dir: string): CliContext & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { env: {}, cwd: dir, stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

describe('signal and event commands', () => {
  const dir = tempDir();
  let baton: Baton;
  let http: BatonClient;
  const cli = async (args: string[]) => {
    const ctx = capture(dir.path);
    const code = await run([...args, '--server', baton.url!], ctx);
    return { code, stdout: ctx.stdout.join('\n'), stderr: ctx.stderr.join('\n') };
  };
  const submitWaiting = async (orderId: string): Promise<TaskDetail> => {
    const { id } = await baton.client.submit(approval, { order_id: orderId });
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
      const task = await http.get(id);
      if (task.steps.filter((s) => s.state === 'waiting').length === 2) return task;
    }
    throw new Error(`task ${id} never waited`);
  };

  beforeAll(async () => {
    baton = await Baton.start({ dataDir: 'memory://', templates: [approval], port: 0, host: '127.0.0.1', logger: testLogger });
    http = new BatonClient(baton.url!);
  });
  afterAll(async () => {
    await baton?.stop();
    dir.remove();
  });

  it('task get lists what each waiting step waits for and until when', async () => {
    const task = await submitWaiting('o-get');
    const got = await cli(['task', 'get', task.id]);
    expect(got.code, got.stderr).toBe(0);
    expect(got.stdout).toMatch(/^waiting:$/m);
    expect(got.stdout).toMatch(/^ {2}approve {2}signal "approval" until \d{4}-\d\d-\d\dT\S+Z \(in 4[78]h\d\dm\)$/m);
    expect(got.stdout).toMatch(/^ {2}paid {5}event "payment\.received" with key "o-get", no time limit$/m);
  });

  it('task signal delivers a payload from a file; a repeat with the key is a duplicate; another signal is a conflict (exit 3)', async () => {
    const task = await submitWaiting('o-sig');
    const file = join(dir.path, 'payload.json');
    writeFileSync(file, '{"approved": true}');
    const sent = await cli(['task', 'signal', task.id, 'approval', '--payload', `@${file}`, '--idempotency-key', 'k1']);
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toBe(`signal "approval" to step approve of task ${task.id}: delivered: the step completed with its payload`);
    expect((await http.get(task.id)).steps.find((s) => s.name === 'approve')).toMatchObject({ state: 'complete', output: { approved: true } });
    const again = await cli(['task', 'signal', task.id, 'approval', '--payload', '{"approved": true}', '--idempotency-key', 'k1', '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ task_id: task.id, signal: 'approval', step: 'approve', status: 'duplicate' });
    const other = await cli(['task', 'signal', task.id, 'approval', '--payload', '{"approved": false}']);
    expect(other.code).toBe(3);
    expect(other.stderr).toMatch(/^error: task \S+ already received signal "approval"/);
  });

  it('task signal refuses a payload that fails the schema (exit 2, each problem listed) or is not JSON, and an unknown signal (exit 3)', async () => {
    const task = await submitWaiting('o-bad');
    const invalid = await cli(['task', 'signal', task.id, 'approval', '--payload', '{"approved": "yes"}']);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('payload/approved must be boolean');
    expect((await http.get(task.id)).steps.find((s) => s.name === 'approve')?.state).toBe('waiting');
    const notJson = await cli(['task', 'signal', task.id, 'approval', '--payload', '{approved}']);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('--payload is not valid JSON');
    const unknown = await cli(['task', 'signal', task.id, 'nope']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('has no step waiting for signal "nope"');
  });

  it('event send delivers to the step whose match equals the key, keeps one that reaches none, and needs --key', async () => {
    const task = await submitWaiting('o-ev');
    const sent = await cli(['event', 'send', 'payment.received', '--key', 'o-ev', '--payload', '{"amount": 40}']);
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toBe('event "payment.received" with key "o-ev" delivered to 1 waiting step');
    expect((await http.get(task.id)).steps.find((s) => s.name === 'paid')).toMatchObject({ state: 'complete', output: { amount: 40 } });
    const kept = await cli(['event', 'send', 'payment.received', '--key', 'nobody', '--idempotency-key', 'e1', '--json']);
    expect(JSON.parse(kept.stdout)).toEqual({ name: 'payment.received', key: 'nobody', delivered: 0, kept: true, duplicate: false });
    const repeat = await cli(['event', 'send', 'payment.received', '--key', 'nobody', '--idempotency-key', 'e1']);
    expect(repeat.stdout).toContain('was already sent with this idempotency key');
    const noKey = await cli(['event', 'send', 'payment.received']);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('--key is required');
  });

  it('the watch view shows what a waiting step waits for, from the snapshot and from the transition', async () => {
    const task = await submitWaiting('o-watch');
    const state = watchStateFromTask(task);
    expect(renderWatch(state).find((l) => l.includes('approve'))).toMatch(/approve +waiting .*signal "approval" until \S+ \(in 4[78]h\d\dm\)$/);
    const event = { id: 1, event: 'transition' as const, data: { task_id: task.id, step: 'poke', from: 'ready', to: 'waiting', reason: 'waiting for signal "poke" (up to 1h)' } };
    expect(describeEvent(state, event)).toMatch(/poke +waiting: waiting for signal "poke" \(up to 1h\)$/);
    applyEvent(state, event);
    expect(renderWatch(state).find((l) => l.includes('poke'))).toMatch(/waiting for signal "poke" \(up to 1h\)$/);
    applyEvent(state, { ...event, id: 2, data: { ...event.data, from: 'waiting', to: 'complete', reason: 'signal "poke"' } });
    expect(renderWatch(state).find((l) => l.includes('poke'))).not.toContain('waiting for');
  });
});
