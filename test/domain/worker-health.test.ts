import { describe, expect, it } from 'vitest';
import { evaluateWorkerReadiness, HEARTBEAT_INTERVALS_TOLERATED, type WorkerHealthInput } from '../../src/domain/worker-health.js';

const NOW = 1_000_000;
const base: WorkerHealthInput = { running: true, draining: false, heartbeatMs: 1000, lastHeartbeatOkAt: NOW - 500, heartbeatFailures: 0, heartbeatInFlightSince: null, now: NOW };

describe('evaluateWorkerReadiness', () => {
  it('is ready when running, not draining, and a heartbeat succeeded within two intervals', () => {
    expect(evaluateWorkerReadiness(base)).toEqual({
      ready: true,
      checks: {
        worker: { ok: true, value: 'running' },
        draining: { ok: true, value: false },
        heartbeat: { ok: true, value: 500, limit: 2000 },
      },
    });
    expect(HEARTBEAT_INTERVALS_TOLERATED).toBe(2);
    expect(evaluateWorkerReadiness({ ...base, lastHeartbeatOkAt: NOW - 2000 }).ready).toBe(true);
  });

  it('is unready before it runs, while it stops, and once an operator drained it', () => {
    expect(evaluateWorkerReadiness({ ...base, running: false })).toMatchObject({ ready: false, checks: { worker: { ok: false, value: 'not_running' } } });
    expect(evaluateWorkerReadiness({ ...base, draining: 'stopping' })).toMatchObject({
      ready: false,
      checks: { draining: { ok: false, value: 'stopping' }, heartbeat: { ok: true } },
    });
    expect(evaluateWorkerReadiness({ ...base, draining: 'drain_requested' })).toMatchObject({ ready: false, checks: { draining: { ok: false, value: 'drain_requested' } } });
  });

  it('tolerates one failed heartbeat within the window, and says so', () => {
    const r = evaluateWorkerReadiness({ ...base, lastHeartbeatOkAt: NOW - 1500, heartbeatFailures: 1, lastHeartbeatError: 'connect ECONNREFUSED' });
    expect(r.ready).toBe(true);
    expect(r.checks.heartbeat).toEqual({ ok: true, value: 1500, limit: 2000, error: '1 failed since the last success; last: connect ECONNREFUSED' });
  });

  it('is unready once no heartbeat succeeded for more than two intervals, with the reason', () => {
    const failed = evaluateWorkerReadiness({ ...base, lastHeartbeatOkAt: NOW - 2001, heartbeatFailures: 2, lastHeartbeatError: 'fetch failed', heartbeatInFlightSince: NOW - 300 });
    expect(failed.ready).toBe(false);
    expect(failed.checks.heartbeat).toEqual({
      ok: false,
      value: 2001,
      limit: 2000,
      error: '2 failed since the last success; last: fetch failed; one has waited 300 ms for an answer',
    });
    const hanging = evaluateWorkerReadiness({ ...base, lastHeartbeatOkAt: NOW - 2500, heartbeatInFlightSince: NOW - 1400 });
    expect(hanging.checks.heartbeat).toEqual({ ok: false, value: 2500, limit: 2000, error: 'one has waited 1400 ms for an answer' });
    const silent = evaluateWorkerReadiness({ ...base, lastHeartbeatOkAt: NOW - 9000 });
    expect(silent.checks.heartbeat.error).toBe('no heartbeat has been sent since the last success');
  });

  it('is unready before its registration counts as a first heartbeat', () => {
    const r = evaluateWorkerReadiness({ ...base, running: false, lastHeartbeatOkAt: null });
    expect(r.ready).toBe(false);
    expect(r.checks.heartbeat).toEqual({ ok: false, value: null, limit: 2000, error: 'not registered yet' });
  });
});
