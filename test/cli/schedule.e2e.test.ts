/**
 * `baton schedule ...` as a user runs it, against `baton start` serving the
 * bundled examples (which applies examples/schedules at start) on an
 * embedded database in a temp directory.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAll, runBaton, startBaton, tempDir, type Running } from './spawn.js';

describe('baton schedule (examples, embedded database)', () => {
  const dir = tempDir();
  let server: Running;
  let url: string;
  const cli = (args: string[]) => runBaton([...args, '--server', url]);
  const file = (name: string, text: string) => {
    const path = join(dir.path, name);
    writeFileSync(path, text);
    return path;
  };

  beforeAll(async () => {
    server = startBaton(['start', '--port', '0', '--data-dir', join(dir.path, 'data'), '--log-level', 'warn']);
    url = (await server.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/, 80_000))[1];
    await server.waitFor(/press Ctrl-C to stop/);
  }, 90_000);

  afterAll(async () => {
    await killAll();
    dir.remove();
  });

  it('baton start applies the example schedules, and list shows them', async () => {
    expect(server.stdout()).toMatch(/schedules +1 from examples\/schedules \(1 new\)/);
    const listed = await cli(['schedule', 'list']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^NAME +TEMPLATE +SPEC +NEXT FIRE +LAST TASK +PAUSED$/m);
    expect(listed.stdout).toMatch(/^nightly_report +examples\/expense_report +cron 0 2 \* \* \* \(Europe\/London\) +\d{4}-\d\d-\d\dT0[12]:00:00\.000Z +- +no$/m);
  });

  it('apply creates, then replaces; pause, resume and delete act on it', async () => {
    const path = file(
      'hourly.yaml',
      'schedules:\n  - name: hourly\n    template: { namespace: examples, name: diamond }\n    context: { value: 7, label: seven }\n    every: 1h\n    overlap: allow\n',
    );
    const created = await cli(['schedule', 'apply', path]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^created hourly: examples\/diamond, every 1h, next \S+:00:00\.000Z \(.*hourly\.yaml\)$/m);
    expect((await cli(['schedule', 'apply', path])).stdout).toMatch(/^replaced hourly:/m);
    expect((await cli(['schedule', 'pause', 'hourly'])).stdout).toMatch(/^paused hourly: examples\/diamond, every 1h, paused$/m);
    const shown = await cli(['schedule', 'list', '--json']);
    expect((JSON.parse(shown.stdout) as { name: string; paused: boolean }[]).find((s) => s.name === 'hourly')).toMatchObject({ paused: true, next_fire_times: [] });
    expect((await cli(['schedule', 'resume', 'hourly'])).stdout).toMatch(/^resumed hourly: .* next \S+Z$/m);
    expect((await cli(['schedule', 'delete', 'hourly'])).stdout).toBe('deleted hourly\n');
    const again = await cli(['schedule', 'delete', 'hourly']);
    expect(again.code).toBe(3);
    expect(again.stderr).toContain('schedule "hourly" does not exist');
  });

  it('create takes flags, and trigger fires a task now that runs to completion', async () => {
    const created = await cli(['schedule', 'create', 'often', '--template', 'examples/diamond', '--every', '30m', '--context', '@examples/contexts/diamond.json', '--paused']);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toBe('created often: examples/diamond, every 30m, paused\n');
    const fired = await cli(['schedule', 'trigger', 'often']);
    expect(fired.code, fired.stderr).toBe(0);
    const id = fired.stdout.trim();
    const waited = await runBaton(['task', 'watch', id, '--server', url]);
    expect(waited.stdout).toContain(`task ${id} complete`);
    const task = JSON.parse((await cli(['task', 'get', id, '--json'])).stdout) as { tags: string[] };
    expect(task.tags).toEqual(['schedule:often']);
  });

  it('refuses bad schedules with exit 2, naming the problem, and changes nothing', async () => {
    const badCron = file('bad-cron.yaml', 'schedules:\n  - { name: bad, template: { namespace: examples, name: diamond }, cron: "61 * * * *" }\n');
    const refused = await cli(['schedule', 'apply', badCron]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('schedule bad: cron "61 * * * *" is invalid: Invalid value for minute: 61');
    const notSchedules = file('not.yaml', 'templates: []\n');
    const wrong = await cli(['schedule', 'apply', notSchedules]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('is not a schedules file');
    const unknown = await cli(['schedule', 'create', 'x', '--template', 'examples/nope', '--every', '1h']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('template examples/nope is not registered');
    const names = (JSON.parse((await cli(['schedule', 'list', '--json'])).stdout) as { name: string }[]).map((s) => s.name);
    expect(names).toEqual(['nightly_report', 'often']);
  });
});
