import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { JsonValue, StepError, TaskStatus } from '../domain/types.js';
import { BatonError } from '../errors.js';
import { channelName, type Db } from '../store/db.js';
import { extendLeases, insertProgress, nextVisibleAt, releaseLeases, type ClaimRequest, type LeaseRef } from '../store/leases.js';
import { notifyReady } from '../store/notify.js';
import { findStep, listEdges, listSteps, saveCheckpoint } from '../store/steps.js';
import { findTask, listChildren, listTasks, type TaskFilter } from '../store/tasks.js';
import { countRunningByKey } from '../store/keyed-claims.js';
import { listRateLimits, nextWindowRoom, upsertRateLimit, windowsNextRoom } from '../store/rate-limits.js';
import { parseDuration } from '../domain/duration.js';
import { listTransitions } from '../store/transitions.js';
import { insertWorker, liveWorkerCapabilities, reinsertWorker, setWorkerState, touchWorker, type NewWorker } from '../store/workers.js';
import { TemplateLimits } from '../domain/template-schema.js';
import { stepError } from '../domain/step-errors.js';
import { claimExecutions, claimInTransaction, replayExecutions, type Execution } from './claim.js';
import { FlowClaimer } from './flow-claims.js';
import { failStep, stopTask, type ReportResult } from './outcomes.js';
import { completeSteps } from './complete-batch.js';
import { submitTasks, type SubmittedTask, type TaskRequest } from './submit.js';
import { assertTaskId, decodeCursor, encodeCursor, parseExecutionId } from './ids.js';
import { NO_OBSERVERS, type CommitObservers } from './observers.js';
import { inTaskTransaction, type TaskUnit } from './task-unit.js';
import { resolveStep, retryStep } from './operator.js';
import { sendEvent, sendSignal, type EventRequest, type EventResult, type SignalRequest, type SignalResult } from './signals.js';
import { TemplateRegistry, type RegisteredTemplate } from './template-registry.js';
import { toChildView, toEventView, toRateLimitView, toTaskDetail, toTaskView, type EventView, type RateLimitView, type TaskView } from './views.js';

/** Where the routes have long found them. */
export { assertTaskId, parseExecutionId };

export interface CompletionItem {
  executionId: string;
  leaseId: string;
  output: JsonValue;
}

export interface FailureItem {
  executionId: string;
  leaseId: string;
  error: StepError;
  retryable: boolean;
}

/** Bounds on what a step may store, so one handler cannot bloat a transaction or a NOTIFY. */
export interface EngineLimits {
  /** Largest step output, as JSON. Over it, the step fails permanently naming the limit. @default 1048576 */
  maxOutputBytes: number;
  /** Largest progress or checkpoint payload, as JSON. Over it, the call is refused (413). @default 65536 */
  maxProgressBytes: number;
  /** Most steps a registered template may list (`templates.max_steps`). @default 10000 */
  maxTemplateSteps: number;
  /** How long an event that reached no waiting step is kept for one (`orchestrator.event_keep_seconds`). @default 86400 */
  eventKeepSeconds: number;
}

export const DEFAULT_LIMITS: EngineLimits = { maxOutputBytes: 1_048_576, maxProgressBytes: 65_536, maxTemplateSteps: TemplateLimits.maxSteps, eventKeepSeconds: 86_400 };

function jsonBytes(value: JsonValue): number {
  return Buffer.byteLength(JSON.stringify(value ?? null), 'utf8');
}

export interface TaskPage {
  tasks: TaskView[];
  next_cursor: string | null;
}

/**
 * The orchestration core's commands, over one database. Every state change is
 * a transaction guarded in SQL, so any number of engines (processes) may share
 * the database.
 */
export class Engine {
  readonly templates: TemplateRegistry;

  readonly limits: EngineLimits;

  /** This engine's turn through concurrency keys and rate-limit windows. */
  private readonly flow = new FlowClaimer();

  /**
   * @param observers hear of every unit of work and claim this engine commits
   *   (the composition root passes the metrics'); none by default.
   */
  constructor(
    readonly db: Db,
    readonly logger: Logger,
    limits: Partial<EngineLimits> = {},
    readonly observers: CommitObservers = NO_OBSERVERS,
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.templates = new TemplateRegistry(db, { maxSteps: this.limits.maxTemplateSteps });
  }

  registerTemplate(source: string | object): Promise<RegisteredTemplate> {
    return this.templates.register(source);
  }

  async submit(request: TaskRequest): Promise<SubmittedTask> {
    const [result] = await submitTasks(this.db, this.templates, [request], this.observers);
    return result;
  }

  submitMany(requests: TaskRequest[]): Promise<SubmittedTask[]> {
    return submitTasks(this.db, this.templates, requests, this.observers);
  }

  async getTask(id: string): Promise<TaskView & { steps: NonNullable<TaskView['steps']> }> {
    const task = await findTask(this.db, assertTaskId(id));
    if (!task) throw new BatonError('not_found', `task ${id} does not exist`);
    const [steps, edges] = await Promise.all([listSteps(this.db, id), listEdges(this.db, id)]);
    const workers = steps.some((s) => s.state === 'ready') ? await liveWorkerCapabilities(this.db) : [];
    const children = steps.some((s) => s.kind === 'workflow') ? (await listChildren(this.db, id)).map(toChildView) : [];
    const ready = steps.filter((s) => s.state === 'ready');
    const keys = [...new Set(ready.flatMap((s) => (s.concurrency_key !== null ? [s.concurrency_key] : [])))];
    const windows = ready.flatMap((s) => (s.rate_limit_name !== null ? [{ name: s.rate_limit_name, key: s.rate_limit_key ?? '' }] : []));
    const flow = { runningByKey: await countRunningByKey(this.db, keys), windowRoom: await windowsNextRoom(this.db, windows) };
    return { ...toTaskDetail(task, steps, edges, workers, flow), children };
  }

  async listTasks(filter: Omit<TaskFilter, 'before'> & { cursor?: string }): Promise<TaskPage> {
    const rows = await listTasks(this.db, {
      ...filter,
      limit: filter.limit + 1,
      ...(filter.cursor ? { before: decodeCursor(filter.cursor) } : {}),
    });
    const page = rows.slice(0, filter.limit);
    return { tasks: page.map(toTaskView), next_cursor: rows.length > filter.limit ? encodeCursor(page[page.length - 1]) : null };
  }

  async events(taskId: string, afterId = 0, limit = 1000): Promise<EventView[]> {
    return (await listTransitions(this.db, assertTaskId(taskId), afterId, limit)).map(toEventView);
  }

  /**
   * Cancels a live task; returns its status afterwards. A task already
   * cancelled or timed out is left as it is (`changed: false`).
   * @throws BatonError `conflict` when the task finished (complete or error): there is nothing to cancel.
   */
  async cancel(taskId: string, actor?: string): Promise<{ changed: boolean; status: TaskStatus; correlationId: string }> {
    assertTaskId(taskId);
    const { value: changed } = await this.inUnit((unit) => stopTask(unit, taskId, { status: 'cancelled', reason: 'cancelled', ...(actor ? { actor } : {}) }));
    const { status, correlation_id: correlationId, id } = (await findTask(this.db, taskId))!;
    if (!changed && (status === 'complete' || status === 'error')) {
      throw new BatonError('conflict', `task ${taskId} already finished with status ${status}; there is nothing to cancel`, { details: { status } });
    }
    return { changed, status, correlationId: correlationId ?? id };
  }

  /** A unit of work on `db` (the reserved connections for reports), told to this engine's observers. */
  private inUnit<T>(fn: (unit: TaskUnit) => Promise<T>, db: Db = this.db): Promise<{ value: T; unit: TaskUnit }> {
    return inTaskTransaction(db, fn, this.observers);
  }

  /** Sends a signal to a task's wait step (DESIGN §8); see `sendSignal` for what it answers and refuses. */
  async signal(req: SignalRequest): Promise<SignalResult> {
    return (await this.inUnit((unit) => sendSignal(unit, { ...req, taskId: assertTaskId(req.taskId) }))).value;
  }

  /** Delivers an external event to every step waiting for its name and key, or keeps it for one. */
  sendEvent(req: EventRequest): Promise<EventResult> {
    return sendEvent(this.db, req, this.limits.eventKeepSeconds, this.observers);
  }

  /** Declares (or changes) a named rate limit: `limit` units per `per` (`1s`, `1m`, `1h`, any duration). */
  async setRateLimit(name: string, limit: number, per: string): Promise<RateLimitView> {
    const perMs = parseDuration(per);
    if (perMs === undefined || perMs <= 0) throw new BatonError('invalid_request', `per must be a duration such as "1s", "1m" or "1h", got ${JSON.stringify(per)}`);
    return toRateLimitView(await upsertRateLimit(this.db, name, limit, perMs));
  }

  async listRateLimits(): Promise<RateLimitView[]> {
    return (await listRateLimits(this.db)).map(toRateLimitView);
  }

  /** Operator: re-runs a step in error and what it blocked; the task reopens. */
  async retryStep(taskId: string, step: string, actor: string | null = null): Promise<TaskView & { steps: NonNullable<TaskView['steps']> }> {
    await this.inUnit((unit) => retryStep(unit, { taskId: assertTaskId(taskId), step, actor }));
    return this.getTask(taskId);
  }

  /** Operator: marks a step resolved with `output`; the task goes on. */
  async resolveStep(taskId: string, step: string, output: JsonValue, actor: string | null = null): Promise<TaskView & { steps: NonNullable<TaskView['steps']> }> {
    await this.inUnit((unit) => resolveStep(unit, { taskId: assertTaskId(taskId), step, output, actor }));
    return this.getTask(taskId);
  }

  claim(req: ClaimRequest): Promise<Execution[]> {
    return claimExecutions(this.db, this.templates, req, this.observers, this.flow);
  }

  /**
   * What an earlier try of claim call `claimId` took for this worker and still
   * runs under its leases (the try's answer was lost): a retry's answer. Empty
   * when there is nothing to replay.
   */
  replayClaim(workerId: string, claimId: string, leaseMs: number): Promise<Execution[]> {
    return replayExecutions(this.db, this.templates, { workerId, claimId, leaseMs }, this.observers);
  }

  async complete(executionId: string, leaseId: string, output: JsonValue): Promise<ReportResult> {
    const [result] = await this.completeMany([{ executionId, leaseId, output }]);
    return result;
  }

  /** Many completions in one transaction (one commit), each fenced by its own lease, each answered. */
  async completeMany(items: CompletionItem[]): Promise<ReportResult[]> {
    const oversized = new Set(items.filter((i) => jsonBytes(i.output) > this.limits.maxOutputBytes));
    const parsed = items.filter((i) => !oversized.has(i)).map((i) => ({ stepId: parseExecutionId(i.executionId), leaseId: i.leaseId, output: i.output }));
    const { value } = await this.inUnit((unit) => completeSteps(unit, parsed, this.templates), this.db.reserved());
    return this.failOversized(items, oversized, value);
  }

  /**
   * `completeMany`, then claims up to `claim.limit` steps in the same
   * transaction: one commit reports the finished steps and hands over the
   * next ones, the dependents those completions released among them.
   */
  async completeAndClaim(items: CompletionItem[], claim: ClaimRequest): Promise<{ results: ReportResult[]; executions: Execution[] }> {
    const oversized = new Set(items.filter((i) => jsonBytes(i.output) > this.limits.maxOutputBytes));
    const parsed = items.filter((i) => !oversized.has(i)).map((i) => ({ stepId: parseExecutionId(i.executionId), leaseId: i.leaseId, output: i.output }));
    const { value } = await this.inUnit(async (unit) => {
      const results = await completeSteps(unit, parsed, this.templates);
      const pending = claim.limit > 0 ? await claimInTransaction(this.db, unit, this.templates, claim, this.observers, this.flow) : null;
      return { results, pending };
    }, this.db.reserved());
    await value.pending?.afterCommit();
    return { results: await this.failOversized(items, oversized, value.results), executions: value.pending?.executions ?? [] };
  }

  private async failOversized(items: CompletionItem[], oversized: Set<CompletionItem>, value: ReportResult[]): Promise<ReportResult[]> {
    if (oversized.size === 0) return value;
    // An output over the limit is the step's failure, not the transport's: fail it permanently, naming the limit.
    const refused = await this.failMany(
      [...oversized].map((i) => ({
        executionId: i.executionId,
        leaseId: i.leaseId,
        error: stepError(
          'output_too_large',
          `step output is ${jsonBytes(i.output)} bytes, over the limit of ${this.limits.maxOutputBytes} bytes; store large data elsewhere and return a reference`,
        ),
        retryable: false,
      })),
    );
    const answers = [...value];
    return items.map((i) => (oversized.has(i) ? refused[[...oversized].indexOf(i)] : answers.shift()!));
  }

  async fail(executionId: string, leaseId: string, error: StepError, retryable = true): Promise<ReportResult> {
    const [result] = await this.failMany([{ executionId, leaseId, error, retryable }]);
    return result;
  }

  async failMany(items: FailureItem[]): Promise<ReportResult[]> {
    const parsed = items.map((i) => ({ stepId: parseExecutionId(i.executionId), leaseId: i.leaseId, error: i.error, retryable: i.retryable }));
    const { value } = await this.inUnit(async (unit) => {
      const results: ReportResult[] = [];
      for (const item of parsed) results.push(await failStep(unit, item));
      return results;
    }, this.db.reserved());
    return value;
  }

  private assertPayload(what: string, data: JsonValue): void {
    const bytes = jsonBytes(data);
    if (bytes > this.limits.maxProgressBytes) {
      throw new BatonError('payload_too_large', `${what} is ${bytes} bytes, over the limit of ${this.limits.maxProgressBytes} bytes`, {
        details: { bytes, limit: this.limits.maxProgressBytes },
      });
    }
  }

  async progress(executionId: string, leaseId: string, data: JsonValue): Promise<ReportResult> {
    this.assertPayload('progress data', data);
    const lease = { stepId: parseExecutionId(executionId), leaseId };
    const { value } = await this.inUnit(async (unit) => {
      const found = await unit.thenLogging((tx) => insertProgress(tx, lease, data));
      unit.eventsAdded = found !== null;
      if (found) return 'ok';
      return (await findStep(unit.tx, lease.stepId)) ? 'stale' : 'not_found';
    });
    return value;
  }

  /** Saves a step's checkpoint; refused ('stale') unless the lease is current. */
  async checkpoint(executionId: string, leaseId: string, data: JsonValue): Promise<ReportResult> {
    this.assertPayload('checkpoint data', data);
    const stepId = parseExecutionId(executionId);
    if (await saveCheckpoint(this.db, stepId, leaseId, data)) return 'ok';
    return (await findStep(this.db, stepId)) ? 'stale' : 'not_found';
  }

  /** Extends leases; returns the execution ids whose lease is gone (abort them). */
  async extendLeases(leases: LeaseRef[], leaseMs: number): Promise<number[]> {
    // Reports and heartbeats use the reserved connections: a pool full of claims and reads must not expire leases.
    const kept = await extendLeases(this.db.reserved(), leases, leaseMs);
    return leases.filter((l) => !kept.has(l.stepId)).map((l) => l.stepId);
  }

  async releaseLeases(leases: LeaseRef[]): Promise<number> {
    const released = await releaseLeases(this.db, leases);
    if (released.length > 0) await notifyReady(this.db);
    return released.length;
  }

  /** Registers a worker (operators see it, placement is explained against it); its id is assigned here. */
  async registerWorker(registration: Omit<NewWorker, 'id'>): Promise<string> {
    return (await insertWorker(this.db, { id: randomUUID(), ...registration })).id;
  }

  /** Registers a direct worker again under its own id once its row is gone; true when it was missing. */
  reregisterWorker(workerId: string, registration: Omit<NewWorker, 'id'>): Promise<boolean> {
    return reinsertWorker(this.db, { id: workerId, ...registration });
  }

  /** Records that a worker is alive, on the reserved connections; returns its state (`active`, `draining`), or null when it is unknown or removed. */
  async touchWorker(workerId: string, lastError?: string | null): Promise<'active' | 'draining' | 'lost' | 'stopped' | null> {
    return (await touchWorker(this.db.reserved(), workerId, lastError))?.state ?? null;
  }

  /** Marks a worker stopped (deregistered); what it still holds is the caller's to release. */
  async stopWorker(workerId: string): Promise<void> {
    await setWorkerState(this.db, workerId, 'stopped');
  }

  /** When the next step a worker with these handlers and labels can run, in backoff or scheduled (`run_at`), comes due: they send no NOTIFY. */
  async nextVisibleAt(handlers: string[], labels: Record<string, string>): Promise<Date | null> {
    // A full rate-limit window sends no NOTIFY when it has room again: wake for that too.
    const [visible, room] = await Promise.all([nextVisibleAt(this.db, handlers, labels), nextWindowRoom(this.db, handlers)]);
    return visible && room ? (visible < room ? visible : room) : (visible ?? room);
  }

  /** Calls `onCancel(taskId)` for every task cancelled from now on (in any process); resolves to the unsubscribe. */
  onTaskCancelled(onCancel: (taskId: string) => void): Promise<() => Promise<void>> {
    return this.db.listen(channelName(this.db.schema, 'cancel'), (payload) => {
      if (payload) onCancel(payload);
    });
  }
}
