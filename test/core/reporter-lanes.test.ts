/**
 * The worker's Reporter delivers every report it is sent, however the send
 * falls against the end of a delivery lane. A stand-in transport records the
 * batches (the Reporter's own logic is under test, not the database's).
 */
import { describe, expect, it } from 'vitest';
import type { ReportResult } from '../../src/core/outcomes.js';
import { Reporter } from '../../src/worker/reporter.js';
import type { WorkerTransport } from '../../src/worker/transport.js';
import { testLogger } from '../support/logger.js';

function recordingTransport(delivered: string[]): WorkerTransport {
  const answer = async (items: { executionId: string }[]): Promise<ReportResult[]> => {
    delivered.push(...items.map((i) => i.executionId));
    return items.map(() => 'ok');
  };
  return { complete: answer, fail: answer } as unknown as WorkerTransport;
}

async function ticks(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await Promise.resolve();
}

describe('Reporter', () => {
  it('delivers a report sent while a lane is finishing, at every point of that window', async () => {
    for (let delay = 0; delay <= 30; delay++) {
      const delivered: string[] = [];
      const reporter = new Reporter(recordingTransport(delivered), testLogger);
      const first = reporter.send({ kind: 'complete', executionId: 'a', leaseId: 'l', output: null });
      // The second report leaves `delay` microtasks after the first one is answered.
      const second = first.then(async () => {
        await ticks(delay);
        return reporter.send({ kind: 'complete', executionId: 'b', leaseId: 'l', output: null });
      });
      const outcome = await Promise.race([second, new Promise((resolve) => setTimeout(() => resolve('stranded'), 1000))]);
      expect(outcome, `second report sent ${delay} microtasks later`).toBe('ok');
      expect(delivered).toEqual(['a', 'b']);
    }
  });
});
