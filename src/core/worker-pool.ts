import { randomUUID } from 'node:crypto';
import { BatonError } from '../errors.js';
import type { WorkerRow } from '../store/rows.js';
import {
  executionsNotHeld,
  extendWorkerLeases,
  findWorker,
  insertWorker,
  leasesOfWorker,
  listWorkers,
  liveWorkerCapabilities,
  recentlyCancelledOf,
  setWorkerState,
  touchWorker,
  type WorkerWithLoad,
} from '../store/workers.js';
import type { Execution } from './claim.js';
import type { Engine } from './engine.js';
import type { Wakeup } from './wakeup.js';

export interface WorkerRegistration {
  name: string;
  handlers: string[];
  labels: Record<string, string>;
  capacity: number;
  transport: 'direct' | 'http';
}

export interface WorkerView {
  id: string;
  name: string;
  transport: 'direct' | 'http';
  handlers: string[];
  labels: Record<string, string>;
  capacity: number;
  state: WorkerRow['state'];
  in_flight: number;
  last_heartbeat_at: string;
  last_error: string | null;
  created_at: string;
}

export function toWorkerView(w: WorkerWithLoad): WorkerView {
  return {
    id: w.id,
    name: w.name,
    transport: w.transport,
    handlers: w.handlers,
    labels: w.labels,
    capacity: w.capacity,
    state: w.state,
    in_flight: w.in_flight,
    last_heartbeat_at: w.last_heartbeat_at.toISOString(),
    last_error: w.last_error,
    created_at: w.created_at.toISOString(),
  };
}

/**
 * The server side of the worker protocol: registration, long-poll claims,
 * heartbeats that extend leases and report aborts, drain and removal.
 */
export class WorkerPool {
  constructor(
    private readonly engine: Engine,
    private readonly wakeup: Wakeup,
    readonly leaseMs: number,
  ) {}

  async register(reg: WorkerRegistration): Promise<{ id: string; lease_ms: number }> {
    const row = await insertWorker(this.engine.db, { id: randomUUID(), ...reg });
    return { id: row.id, lease_ms: this.leaseMs };
  }

  private async live(workerId: string): Promise<WorkerRow> {
    const worker = await touchWorker(this.engine.db, workerId);
    if (!worker) throw new BatonError('not_found', `worker ${workerId} is not registered (or was removed); register again with POST /v1/workers`);
    return worker;
  }

  /**
   * Claims up to `max` executions for the worker, waiting up to `waitMs` for
   * work to appear. Wakes on NOTIFY, so a submission is picked up at once.
   */
  async claim(workerId: string, max: number, waitMs: number, signal?: AbortSignal): Promise<Execution[]> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const worker = await this.live(workerId);
      if (worker.state === 'draining') return [];
      const seq = this.wakeup.seq;
      const executions = await this.engine.claim({
        workerId,
        handlers: worker.handlers,
        labels: worker.labels,
        limit: max,
        leaseMs: this.leaseMs,
      });
      const remaining = deadline - Date.now();
      if (executions.length > 0 || remaining <= 0 || signal?.aborted) return executions;
      await this.wakeup.wait(seq, Math.min(remaining, 1000), signal);
    }
  }

  /**
   * Extends all the worker's leases. `executions` (what the worker believes it
   * runs) lets the answer name exactly those it must abort; without it, the
   * recently cancelled ones are named.
   */
  async heartbeat(workerId: string, executions?: string[], lastError?: string | null): Promise<{ lease_ms: number; abort: string[]; state: WorkerRow['state'] }> {
    const worker = await touchWorker(this.engine.db, workerId, lastError);
    if (!worker) throw new BatonError('not_found', `worker ${workerId} is not registered (or was removed); register again with POST /v1/workers`);
    await extendWorkerLeases(this.engine.db, workerId, this.leaseMs);
    const abort = executions
      ? await executionsNotHeld(this.engine.db, workerId, executions.map(Number).filter(Number.isSafeInteger))
      : await recentlyCancelledOf(this.engine.db, workerId, this.leaseMs * 2);
    return { lease_ms: this.leaseMs, abort: abort.map(String), state: worker.state };
  }

  async drain(workerId: string): Promise<WorkerView> {
    const row = await setWorkerState(this.engine.db, workerId, 'draining');
    if (!row) throw new BatonError('not_found', `worker ${workerId} is not registered`);
    return this.view(workerId);
  }

  /** Deregisters a worker; its leases go back to ready at once. */
  async remove(workerId: string): Promise<{ released: number }> {
    const worker = await findWorker(this.engine.db, workerId);
    if (!worker) throw new BatonError('not_found', `worker ${workerId} is not registered`);
    await setWorkerState(this.engine.db, workerId, 'stopped');
    const leases = await leasesOfWorker(this.engine.db, workerId);
    const released = await this.engine.releaseLeases(leases.map((l) => ({ stepId: l.id, leaseId: l.lease_id })));
    return { released };
  }

  async list(): Promise<WorkerView[]> {
    return (await listWorkers(this.engine.db, false)).map(toWorkerView);
  }

  async view(workerId: string): Promise<WorkerView> {
    const found = (await listWorkers(this.engine.db, true)).find((w) => w.id === workerId);
    if (!found) throw new BatonError('not_found', `worker ${workerId} is not registered`);
    return toWorkerView(found);
  }

  capabilities() {
    return liveWorkerCapabilities(this.engine.db);
  }
}
