/**
 * Live progress of a task in the terminal (`baton task watch`, `task submit
 * --wait`), as pure functions: events fold into a WatchState, and the state
 * renders to lines. Fan-out instances (`each[3]`) are counted under their
 * group (`each`, the fan-in step) and drawn as a progress bar.
 */
import { TERMINAL_STEP_STATES, TERMINAL_TASK_STATUSES } from '../domain/state-machine.js';
import { formatDuration } from './output.js';
import { describeWaiting } from './task-render.js';
const INSTANCE = /^(.+)\[(\d+)\]$/;
const FINAL_STEP_STATES = new Set(TERMINAL_STEP_STATES);
const FINAL_TASK_STATUSES = new Set(TERMINAL_TASK_STATUSES);
const DONE_INSTANCE_STATES = new Set(['complete', 'resolved']);
const FAILED_STATES = new Set(['error', 'failed', 'cancelled']);
/** A state knowing only the task id (before the first snapshot or event). */
export function emptyWatchState(taskId) {
    return { taskId, title: null, status: 'pending', createdAt: null, finishedAt: null, steps: new Map(), groups: new Map(), maxAttempts: new Map(), nameWidth: 0 };
}
/** Seeds the state from a snapshot (`GET /v1/tasks/:id`), so steps without events yet are listed too. */
export function watchStateFromTask(task) {
    const state = emptyWatchState(task.id);
    state.title = `${task.namespace}/${task.name}@${task.version}`;
    state.status = task.status;
    state.createdAt = task.created_at;
    state.finishedAt = task.finished_at;
    for (const s of task.steps) {
        state.maxAttempts.set(s.name, s.max_attempts);
        state.nameWidth = Math.max(state.nameWidth, s.name.length);
        const instance = INSTANCE.exec(s.name);
        if (instance) {
            groupOf(state, instance[1]).instances.set(Number(instance[2]), s.state);
            continue;
        }
        state.steps.set(s.name, {
            name: s.name,
            state: s.state,
            attempt: s.attempts > 0 ? s.attempts : null,
            maxAttempts: s.max_attempts,
            startedAt: s.started_at,
            finishedAt: FINAL_STEP_STATES.has(s.state) ? s.finished_at : null,
            error: s.error?.message ?? null,
            waiting: s.state === 'waiting' && s.waiting ? describeWaiting(s.waiting) : null,
        });
    }
    return state;
}
function groupOf(state, name) {
    let group = state.groups.get(name);
    if (!group) {
        group = { total: null, instances: new Map() };
        state.groups.set(name, group);
    }
    return group;
}
function stepOf(state, name) {
    let step = state.steps.get(name);
    if (!step) {
        step = { name, state: 'pending', attempt: null, maxAttempts: state.maxAttempts.get(name) ?? null, startedAt: null, finishedAt: null, error: null };
        state.steps.set(name, step);
    }
    return step;
}
/** Folds one event into the state (mutating it) and returns it. */
export function applyEvent(state, event) {
    const d = event.data;
    if (event.event === 'end') {
        if (d.status)
            state.status = d.status;
        return state;
    }
    if (event.event !== 'transition')
        return state;
    if (d.step === undefined) {
        if (d.to)
            state.status = d.to;
        if (d.to === 'pending' && d.at)
            state.createdAt ??= d.at;
        if (d.to && FINAL_TASK_STATUSES.has(d.to))
            state.finishedAt = d.at ?? null;
        return state;
    }
    const instance = INSTANCE.exec(d.step);
    if (instance) {
        if (d.to)
            groupOf(state, instance[1]).instances.set(Number(instance[2]), d.to);
        return state;
    }
    const fannedOut = d.data?.instances;
    if (d.to === undefined && typeof fannedOut === 'number') {
        groupOf(state, d.step).total = fannedOut;
        stepOf(state, d.step);
        return state;
    }
    if (!d.to)
        return state;
    const step = stepOf(state, d.step);
    const waitingBefore = step.state === 'waiting' ? step.waiting : null;
    step.state = d.to;
    if (d.attempt !== undefined)
        step.attempt = d.attempt;
    if (d.to === 'running') {
        step.startedAt = d.at ?? null;
        step.finishedAt = null;
    }
    if (FINAL_STEP_STATES.has(d.to) || d.to === 'failed')
        step.finishedAt = d.at ?? null;
    if (FAILED_STATES.has(d.to) && d.reason)
        step.error = d.reason;
    // A snapshot's text (with the deadline) outlives a replay of the transition that started the wait.
    step.waiting = d.to === 'waiting' ? (waitingBefore ?? d.reason ?? null) : null;
    return state;
}
function attemptText(attempt, max) {
    return `attempt ${attempt}${max ? `/${max}` : ''}`;
}
/** `[██████░░░░]` for `done` of `total`, `width` cells wide. */
export function progressBar(done, total, width = 20) {
    const filled = total <= 0 ? width : Math.min(width, Math.round((done / total) * width));
    return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
}
/** How long the current attempt has run, or the last one ran; '' while the step waits. */
function stepDuration(step, now) {
    if (step.startedAt === null)
        return '';
    if (step.state === 'running')
        return formatDuration(now - Date.parse(step.startedAt));
    if (step.finishedAt === null || !(FINAL_STEP_STATES.has(step.state) || step.state === 'failed'))
        return '';
    return formatDuration(Date.parse(step.finishedAt) - Date.parse(step.startedAt));
}
function groupSummary(group) {
    const states = [...group.instances.values()];
    const total = group.total ?? states.length;
    const done = states.filter((s) => DONE_INSTANCE_STATES.has(s)).length;
    const running = states.filter((s) => s === 'running').length;
    const failed = states.filter((s) => FAILED_STATES.has(s)).length;
    const extra = [running > 0 ? `${running} running` : '', failed > 0 ? `${failed} failed` : ''].filter(Boolean).join(', ');
    return `${progressBar(done, total)} ${done}/${total}${extra ? ` (${extra})` : ''}`;
}
/**
 * The whole picture, redrawn in place on a terminal: a header, then a line
 * per step with its state, attempt and duration; a fan-out group shows a bar
 * of its instances done out of the total.
 */
export function renderWatch(state, now = Date.now()) {
    const took = state.createdAt === null ? '' : formatDuration((state.finishedAt === null ? now : Date.parse(state.finishedAt)) - Date.parse(state.createdAt));
    const lines = [[`task ${state.taskId}`, state.title ?? '', state.status, took].filter(Boolean).join('  ')];
    const width = Math.max(0, ...[...state.steps.keys()].map((n) => n.length));
    for (const step of state.steps.values()) {
        const group = state.groups.get(step.name);
        const attempt = step.attempt === null ? '' : attemptText(step.attempt, step.maxAttempts);
        const extras = [];
        if (group && (group.total !== null || group.instances.size > 0))
            extras.push(groupSummary(group));
        if (step.error !== null && FAILED_STATES.has(step.state))
            extras.push(oneLine(step.error, 80));
        if (step.state === 'waiting' && step.waiting)
            extras.push(oneLine(step.waiting, 100));
        const columns = `${step.name.padEnd(width)}  ${step.state.padEnd(9)}  ${attempt.padEnd(10)}  ${stepDuration(step, now).padEnd(6)}`;
        lines.push(`  ${[columns, ...extras].join('  ')}`.trimEnd());
    }
    return lines;
}
/**
 * One appended line for an event (not a terminal, or a log): step changes
 * with attempt and, when final, the duration; null for what is not shown.
 */
export function describeEvent(state, event) {
    const d = event.data;
    if (event.event === 'end')
        return null;
    const name = (step) => step.padEnd(state.nameWidth);
    if (event.event === 'progress')
        return `  ${name(d.step ?? '')}  progress   ${oneLine(JSON.stringify(d.data ?? null), 100)}`;
    if (d.step === undefined)
        return d.to ? `task ${d.to}${d.reason && d.to !== 'pending' ? `: ${oneLine(d.reason, 100)}` : ''}` : null;
    if (d.to === undefined)
        return d.reason ? `  ${name(d.step)}  ${oneLine(d.reason, 100)}` : null;
    const parts = [`  ${name(d.step)}`, d.to.padEnd(9)];
    if (d.attempt !== undefined)
        parts.push(attemptText(d.attempt, state.maxAttempts.get(d.step) ?? state.maxAttempts.get(INSTANCE.exec(d.step)?.[1] ?? '')));
    const step = state.steps.get(d.step);
    if (step && (FINAL_STEP_STATES.has(d.to) || d.to === 'failed')) {
        const took = stepDuration(step, Date.parse(d.at ?? '') || Date.now());
        if (took)
            parts.push(took);
    }
    const line = parts.join('  ').trimEnd();
    return (FAILED_STATES.has(d.to) || d.to === 'waiting') && d.reason ? `${line}: ${oneLine(d.reason, 120)}` : line;
}
function oneLine(text, max) {
    const flat = text.replace(/\s+/g, ' ').trim();
    return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}
//# sourceMappingURL=watch-render.js.map