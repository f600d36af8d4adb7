/**
 * How tasks are shown: the step table of `task get`, the task list, the live
 * step lines of `task submit --wait` and the final report.
 */
import type { StepView, TaskDetail, TaskView } from '../sdk/client.js';
import { compactJson, durationBetween, formatTable } from './output.js';

export function taskRef(task: Pick<TaskView, 'namespace' | 'name' | 'version'>): string {
  return `${task.namespace}/${task.name}@${task.version}`;
}

/** The header and step table of `baton task get`. */
export function renderTaskDetail(task: TaskDetail, now = Date.now()): string[] {
  const lines = [`task ${task.id}  ${taskRef(task)}  ${task.status}`];
  const facts = [`created ${task.created_at}`];
  if (task.started_at !== null) facts.push(`ran ${durationBetween(task.started_at, task.finished_at, now)}`);
  if (task.tags.length > 0) facts.push(`tags ${task.tags.join(', ')}`);
  if (task.priority !== 0) facts.push(`priority ${task.priority}`);
  if (task.run_at !== null) facts.push(`run at ${task.run_at}`);
  lines.push(facts.join('  '), '');
  const rows = task.steps.map((s) => [
    s.name,
    s.state,
    `${s.attempts}/${s.max_attempts}`,
    durationBetween(s.started_at, s.state === 'running' ? null : s.finished_at, now),
    s.error === null ? '' : oneLine(s.error.message, 100),
  ]);
  lines.push(...formatTable(['STEP', 'STATE', 'ATTEMPTS', 'DURATION', 'ERROR'], rows));
  return lines;
}

/** The table of `baton task list`. */
export function renderTaskList(tasks: TaskView[], now = Date.now()): string[] {
  if (tasks.length === 0) return ['no tasks'];
  const rows = tasks.map((t) => [t.id, t.status, taskRef(t), t.created_at, durationBetween(t.started_at, t.finished_at, now), t.tags.join(',')]);
  return formatTable(['ID', 'STATUS', 'TEMPLATE', 'CREATED', 'DURATION', 'TAGS'], rows);
}

/**
 * Follows a task's snapshots and describes each step change since the last
 * one: `charge_payment  failed  attempt 1/5: card declined`.
 */
export class StepChangePrinter {
  private readonly seen = new Map<string, string>();
  private width = 0;

  /** Lines for what changed since the previous snapshot (nothing for steps still `pending`). */
  changes(task: TaskDetail): string[] {
    this.width = Math.max(this.width, ...task.steps.map((s) => s.name.length));
    const lines: string[] = [];
    for (const step of task.steps) {
      const key = `${step.state}/${step.attempts}`;
      const before = this.seen.get(step.name);
      this.seen.set(step.name, key);
      if (before === key || (before === undefined && step.state === 'pending')) continue;
      lines.push(this.describe(step));
    }
    return lines;
  }

  private describe(step: StepView): string {
    const attempt = step.attempts > 0 ? `  attempt ${step.attempts}/${step.max_attempts}` : '';
    const error = (step.state === 'failed' || step.state === 'error') && step.error !== null ? `: ${oneLine(step.error.message, 120)}` : '';
    return `  ${step.name.padEnd(this.width)}  ${step.state.padEnd(9)}${attempt}${error}`.trimEnd();
  }
}

/** The end of `task submit --wait`: status, time, then each step's output (or error). */
export function renderOutcome(task: TaskDetail): string[] {
  const took = durationBetween(task.created_at, task.finished_at);
  const lines = [`task ${task.id} ${task.status}${took === '' ? '' : ` in ${took}`}`];
  const outputs = task.steps.filter((s) => s.output !== null && s.output !== undefined);
  if (outputs.length > 0) {
    lines.push('outputs:');
    for (const s of outputs) lines.push(`  ${s.name}: ${compactJson(s.output, 200)}`);
  }
  const failed = task.steps.filter((s) => s.error !== null && (s.state === 'error' || s.state === 'cancelled'));
  if (failed.length > 0) {
    lines.push('errors:');
    for (const s of failed) lines.push(`  ${s.name}: ${oneLine(s.error!.message, 200)}`);
  }
  return lines;
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}
