/**
 * `baton start` as a user runs it: the compiled CLI in a child process on an
 * embedded database in a temp directory, driven by the CLI's own commands.
 * One server is shared by the tests in order; the last one stops it.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAll, ROOT, runBaton, startBaton, tempDir, type Running } from './spawn.js';

interface TaskSummary {
  id: string;
  namespace: string;
  name: string;
  status: string;
  tags: string[];
}

const exampleNames = readdirSync(join(ROOT, 'examples', 'contexts'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -'.json'.length))
  .sort();

describe('baton start (examples, embedded database)', () => {
  const dir = tempDir();
  const dataDir = join(dir.path, 'data');
  let server: Running;
  let url: string;

  const cli = (args: string[]) => runBaton([...args, '--server', url]);

  beforeAll(async () => {
    server = startBaton(['start', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn']);
    // PGlite's first start takes ~3 s alone, far longer on a loaded machine.
    const match = await server.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/, 80_000);
    url = match[1];
    await server.waitFor(/press Ctrl-C to stop/);
  }, 90_000);

  afterAll(async () => {
    await killAll();
    dir.remove();
  });

  it('prints the address, what it serves, and a ready-to-paste submit command', () => {
    const out = server.stdout();
    expect(out).toMatch(/templates +\d+ from examples\/templates/);
    expect(out).toMatch(/baton task submit examples\/diamond --context '\{.*\}' --wait --server http:\/\/127\.0\.0\.1:\d+/);
    expect(out).toContain(`curl -s -X POST ${url}/v1/tasks`);
  });

  it('submits one task per example on a fresh database; they all complete, but expense_approval, which waits for its approval', async () => {
    let tasks: TaskSummary[];
    const deadline = Date.now() + 20_000;
    const awaitsApproval = (t: TaskSummary) => t.name === 'expense_approval' && t.status === 'running';
    for (;;) {
      const listed = await cli(['task', 'list', '--tag', 'example', '--json']);
      expect(listed.code, listed.stderr).toBe(0);
      tasks = (JSON.parse(listed.stdout) as { tasks: TaskSummary[] }).tasks;
      if (tasks.length === exampleNames.length && tasks.every((t) => t.status === 'complete' || awaitsApproval(t))) break;
      if (Date.now() > deadline) throw new Error(`example tasks did not all complete: ${JSON.stringify(tasks.map((t) => [t.name, t.status]))}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(tasks.map((t) => t.name).sort()).toEqual(exampleNames);
    // The manager's answer, as the guide sends it: the task goes on to its 3-day reminder.
    const approval = tasks.find(awaitsApproval)!;
    const signal = await cli(['task', 'signal', approval.id, 'approval', '--payload', '{"approved": true}']);
    expect(signal.code, signal.stderr).toBe(0);
    for (;;) {
      const got = await cli(['task', 'get', approval.id, '--json']);
      const steps = (JSON.parse(got.stdout) as { steps: { name: string; state: string }[] }).steps;
      if (steps.find((s) => s.name === 'remind_in_3_days')?.state === 'waiting') break;
      if (Date.now() > deadline + 10_000) throw new Error(`expense_approval did not reach its reminder: ${got.stdout}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  });

  it('task submit --wait follows a good task to complete and exits 0', async () => {
    const result = await cli(['task', 'submit', 'examples/diamond', '--context', '@examples/contexts/diamond.json', '--wait']);
    expect(result.code, result.stderr).toBe(0);
    const [id] = result.stdout.split('\n');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.stdout).toMatch(/combine +complete +attempt 1\/3/);
    expect(result.stdout).toContain(`task ${id} complete`);
    expect(result.stdout).toMatch(/outputs:\n(.*\n)* {2}combine: \{.*"sum":63/);
  });

  it('task submit --wait exits 1 when the task ends in error, and names the failed step', async () => {
    const result = await cli(['task', 'submit', 'shop/order_fulfillment', '--context', '{"order_id":"o1","items":[]}', '--wait']);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toMatch(/validate_order +error +attempt 1\/3 +\S+: order o1 has no items/);
    expect(result.stdout).toMatch(/ship_order +skipped/);
    expect(result.stdout).toMatch(/task \S+ error in/);
  });

  it('task submit --wait --json prints only the final task on stdout', async () => {
    const result = await cli(['task', 'submit', 'examples/linear', '--context', '@examples/contexts/linear.json', '--wait', '--json', '--tag', 'cli-json']);
    expect(result.code, result.stderr).toBe(0);
    const task = JSON.parse(result.stdout) as TaskSummary & { steps: { name: string; state: string }[] };
    expect(task.status).toBe('complete');
    expect(task.tags).toEqual(['cli-json']);
    expect(task.steps.every((s) => s.state === 'complete')).toBe(true);
    // Progress went to stderr as one JSON event per line.
    const events = result.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: number; event: string; data: { task_id: string } });
    expect(events.at(-1)).toEqual({ id: events.at(-2)!.id, event: 'end', data: { task_id: task.id, status: 'complete' } });

    const got = await cli(['task', 'get', task.id]);
    expect(got.code, got.stderr).toBe(0);
    expect(got.stdout).toMatch(/^task \S+ {2}examples\/linear@\S+ {2}complete/);
    expect(got.stdout).toMatch(/STEP +STATE +ATTEMPTS +DURATION +ERROR/);
    expect(got.stdout).toMatch(/fetch +complete +1\/\d+/);
  });

  it('task watch --json streams one event per line, in log order, to the end; text mode exits 1 on error', async () => {
    const submitted = await cli(['task', 'submit', 'examples/diamond', '--context', '@examples/contexts/diamond.json']);
    const id = submitted.stdout.trim();
    const watched = await cli(['task', 'watch', id, '--json']);
    expect(watched.code, watched.stderr).toBe(0);
    const events = watched.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: number | null; event: string; data: Record<string, unknown> });
    expect(events[0]).toMatchObject({ event: 'transition', data: { task_id: id, to: 'pending', reason: 'submitted' } });
    // Every event has an id; `end` repeats the last log event's.
    expect(events.every((e) => Number.isInteger(e.id))).toBe(true);
    const ids = events.filter((e) => e.event !== 'end').map((e) => e.id!);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(events.filter((e) => e.data.step === 'combine' && e.data.to === 'complete')).toHaveLength(1);
    expect(events.at(-1)).toEqual({ id: ids.at(-1), event: 'end', data: { task_id: id, status: 'complete' } });

    const failed = await cli(['task', 'submit', 'shop/order_fulfillment', '--context', '{"order_id":"o2","items":[]}']);
    const text = await cli(['task', 'watch', failed.stdout.trim()]);
    expect(text.code, text.stderr).toBe(1);
    expect(text.stdout).toMatch(/^task pending$/m);
    expect(text.stdout).toMatch(/validate_order +error +attempt 1\/3 +\S+: order o2 has no items/);
    expect(text.stdout).toMatch(/task \S+ error in/);
    const unknown = await cli(['task', 'watch', '00000000-0000-4000-8000-000000000000']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/not_found|does not exist/);
  });

  it('task submit refuses a context that does not match the input schema with exit 2, listing each problem', async () => {
    const result = await cli(['task', 'submit', 'shop/order_fulfillment', '--context', '{"order_id":1}']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: context does not match the input_schema of shop\/order_fulfillment@1\.0\.0:/);
    expect(result.stderr).toContain("  - / must have required property 'items'");
    expect(result.stderr).toContain('  - /order_id must be string');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('template apply registers new templates and reports identical ones as unchanged', async () => {
    const file = join(dir.path, 'hello.yaml');
    writeFileSync(file, 'namespace: cli\nname: hello\nversion: 1.0.0\nsteps:\n  - name: only\n    handler: examples.double\n    params: { x: 2 }\n');
    const first = await cli(['template', 'apply', file, 'examples/templates/diamond.yaml']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('created cli/hello@1.0.0');
    expect(first.stdout).toContain('unchanged examples/diamond@1.0.0');
    const again = await cli(['template', 'apply', file]);
    expect(again.stdout).toContain('unchanged cli/hello@1.0.0');
  });

  it('a second baton start on the same data directory fails naming the first one', async () => {
    const second = await runBaton(['start', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn']);
    expect(second.code).toBe(3);
    expect(second.stderr).toContain(`in use by process ${server.child.pid}`);
  });

  it('task cancel of a finished task explains why nothing happened', async () => {
    const listed = await cli(['task', 'list', '--status', 'complete', '--limit', '1', '--json']);
    const [task] = (JSON.parse(listed.stdout) as { tasks: TaskSummary[] }).tasks;
    const result = await cli(['task', 'cancel', task.id]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^error: task \S+ already finished with status complete/);
  });

  it('SIGTERM stops it promptly with exit 0 and releases the data directory', async () => {
    const started = Date.now();
    server.child.kill('SIGTERM');
    const done = await server.exited;
    expect(done.code, done.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(done.stderr).toContain('SIGTERM: stopping baton');
    const reopened = await runBaton(['migrate', '--data-dir', dataDir]);
    expect(reopened.code, reopened.stderr).toBe(0);
    expect(reopened.stdout).toContain('is up to date');
  });
});
