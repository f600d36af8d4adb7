/**
 * The readiness decision of a worker process (`baton worker --metrics-port`,
 * `GET /health/ready`), as a pure function over what the Worker knows, so
 * every combination can be tested without a database or a server. A worker is
 * ready when it is registered and running, not draining, and its heartbeats
 * are succeeding: the last one that succeeded (or the registration, before the
 * first) is at most two heartbeat intervals old.
 */
import type { ReadinessCheck } from './health.js';

/** How many heartbeat intervals may pass without a successful heartbeat before the worker is unready. */
export const HEARTBEAT_INTERVALS_TOLERATED = 2;

export interface WorkerHealthInput {
  /** Registered (with the server or in the database) and claiming: `start()` returned. */
  running: boolean;
  /**
   * `stopping`: this process is stopping (SIGTERM), claims no more, and its running steps finish or are handed back;
   * `drain_requested`: an operator drained it (`POST /v1/workers/:id/drain`), so it is given nothing new; false otherwise.
   */
  draining: false | 'stopping' | 'drain_requested';
  /** The interval between heartbeats, in ms. */
  heartbeatMs: number;
  /** When the last heartbeat succeeded (the registration counts as one), ms since the epoch; null before. */
  lastHeartbeatOkAt: number | null;
  /** Why the last heartbeat failed, when it did (cleared by a success). */
  lastHeartbeatError?: string;
  /** Heartbeats that failed since the last success. */
  heartbeatFailures: number;
  /** When the heartbeat still waiting for its answer was sent (a transport may retry one for up to an interval); null when none is. */
  heartbeatInFlightSince: number | null;
  /** Now, ms since the epoch. */
  now: number;
}

export interface WorkerReadiness {
  ready: boolean;
  checks: Record<'worker' | 'draining' | 'heartbeat', ReadinessCheck>;
}

export function evaluateWorkerReadiness(input: WorkerHealthInput): WorkerReadiness {
  const limit = HEARTBEAT_INTERVALS_TOLERATED * input.heartbeatMs;
  const age = input.lastHeartbeatOkAt === null ? null : Math.max(0, input.now - input.lastHeartbeatOkAt);
  const ok = age !== null && age <= limit;
  const heartbeat: ReadinessCheck = { ok, value: age, limit };
  const error = heartbeatError(input, ok);
  if (error !== undefined) heartbeat.error = error;
  const checks: WorkerReadiness['checks'] = {
    worker: { ok: input.running, value: input.running ? 'running' : 'not_running' },
    draining: { ok: input.draining === false, value: input.draining },
    heartbeat,
  };
  return { ready: Object.values(checks).every((c) => c.ok), checks };
}

/** Why heartbeats are not succeeding: the failures since the last success, or the one still waiting; nothing when all is well. */
function heartbeatError(input: WorkerHealthInput, ok: boolean): string | undefined {
  const parts: string[] = [];
  if (input.lastHeartbeatError !== undefined) parts.push(`${input.heartbeatFailures} failed since the last success; last: ${input.lastHeartbeatError}`);
  if (input.heartbeatInFlightSince !== null && (!ok || parts.length > 0)) {
    parts.push(`one has waited ${Math.max(0, input.now - input.heartbeatInFlightSince)} ms for an answer`);
  }
  if (!ok && parts.length === 0) parts.push(input.lastHeartbeatOkAt === null ? 'not registered yet' : 'no heartbeat has been sent since the last success');
  return parts.length > 0 ? parts.join('; ') : undefined;
}
