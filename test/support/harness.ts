import { defaultConfig, type BatonConfig } from '../../src/config/schema.js';
import type { Engine } from '../../src/core/engine.js';
import { TERMINAL_TASK_STATUSES } from '../../src/domain/state-machine.js';
import type { TaskView } from '../../src/core/views.js';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../src/runtime.js';
import type { HandlerRegistration } from '../../src/worker/types.js';
import { createTestDb, type Backend, type TestDb } from './db.js';
import { testLogger } from './logger.js';

export interface Harness {
  testDb: TestDb;
  runtime: Runtime;
  engine: Engine;
  close(): Promise<void>;
}

/** Fast loops for tests: short leases, frequent sweeps. */
export function testConfig(overrides: (c: BatonConfig) => void = () => {}): BatonConfig {
  const config = defaultConfig();
  config.worker.leaseMs = 2000;
  config.worker.heartbeatMs = 500;
  config.worker.shutdownGraceMs = 1000;
  config.orchestrator.pollIntervalMs = 200;
  config.orchestrator.sweepIntervalMs = 200;
  overrides(config);
  return config;
}

export async function startHarness(
  backend: Backend,
  opts: {
    handlers?: HandlerRegistration[];
    config?: (c: BatonConfig) => void;
    sweeper?: boolean;
    /** Build the HTTP API through the composition root: `runtime.app`, with the worker pool and metrics. */
    http?: RuntimeOptions['http'];
    /** Count commits (`runtime.metrics`); on with `http`. */
    metrics?: boolean;
  } = {},
): Promise<Harness> {
  const testDb = await createTestDb(backend);
  const runtime = await createRuntime({
    config: testConfig(opts.config),
    db: testDb.db,
    logger: testLogger,
    ...(opts.handlers ? { handlers: opts.handlers } : {}),
    sweeper: opts.sweeper ?? true,
    ...(opts.http ? { http: opts.http } : {}),
    ...(opts.metrics ? { metrics: true } : {}),
  });
  return {
    testDb,
    runtime,
    engine: runtime.engine,
    async close() {
      await runtime.stop();
      await testDb.close();
    },
  };
}

const TERMINAL: ReadonlySet<string> = new Set(TERMINAL_TASK_STATUSES);

/** Polls until the task is terminal (or `until` holds); fails the test after `timeoutMs`. */
export async function waitForTask(
  engine: Engine,
  id: string,
  opts: { timeoutMs?: number; until?: (t: TaskView & { steps: NonNullable<TaskView['steps']> }) => boolean } = {},
): Promise<TaskView & { steps: NonNullable<TaskView['steps']> }> {
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  const until = opts.until ?? ((t) => TERMINAL.has(t.status));
  for (;;) {
    const task = await engine.getTask(id);
    if (until(task)) return task;
    if (Date.now() > deadline)
      throw new Error(`task ${id} did not reach the expected state in time; it is ${task.status}: ${JSON.stringify(task.steps.map((s) => [s.name, s.state, s.attempts]))}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function stepOf(task: { steps: { name: string }[] }, name: string) {
  const step = task.steps.find((s) => s.name === name);
  if (!step) throw new Error(`no step ${name}`);
  return step as TaskView['steps'] extends (infer S)[] | undefined ? S : never;
}
