/**
 * A finished task cannot be cancelled, whichever client asks: `Engine.cancel`
 * decides it, so the HTTP client and library mode's in-process client both
 * get 409 `conflict`, with the same message and details.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Baton, BatonClient, BatonError, defineHandler, workflow } from '../../src/index.js';
import { testLogger } from '../support/logger.js';

const finish = defineHandler('cc.finish', () => ({ ok: true }));
const once = workflow('cc', 'once', '1').step('only', finish);

async function refusal(attempt: Promise<unknown>): Promise<BatonError> {
  const outcome = await attempt.then(
    (value) => ({ value }),
    (err: unknown) => ({ err }),
  );
  if (!('err' in outcome)) throw new Error(`the cancel was accepted: ${JSON.stringify(outcome.value)}`);
  expect(outcome.err).toBeInstanceOf(BatonError);
  return outcome.err as BatonError;
}

describe('cancelling a task that already finished', () => {
  let baton: Baton;
  beforeAll(async () => {
    baton = await Baton.start({ dataDir: 'memory://', templates: [once], port: 0, host: '127.0.0.1', logger: testLogger });
  });
  afterAll(async () => baton?.stop());

  it('is refused with the same 409 conflict over HTTP and in process', async () => {
    const task = await baton.client.submit(once, {});
    expect((await baton.client.wait(task, { timeoutMs: 20_000 })).status).toBe('complete');

    const overHttp = await refusal(new BatonClient(baton.url!).cancel(task.id));
    const inProcess = await refusal(baton.client.cancel(task));
    for (const err of [overHttp, inProcess]) {
      expect(err).toMatchObject({ code: 'conflict', status: 409, details: { status: 'complete' } });
      expect(err.message).toMatch(/already finished with status complete/);
    }
    expect(inProcess.message).toBe(overHttp.message);
    expect((await baton.client.get(task)).status).toBe('complete');
  });

  it('still answers a second cancel of a cancelled task with changed: false on both', async () => {
    const idle = await baton.client.submit({ namespace: 'cc', name: 'once', context: {}, run_at: new Date(Date.now() + 3_600_000).toISOString() });
    expect(await baton.client.cancel(idle)).toEqual({ id: idle.id, changed: true, status: 'cancelled' });
    expect(await new BatonClient(baton.url!).cancel(idle.id)).toEqual({ id: idle.id, changed: false, status: 'cancelled' });
    expect(await baton.client.cancel(idle)).toEqual({ id: idle.id, changed: false, status: 'cancelled' });
  });
});
