import { compactJson, durationBetween, formatDuration, formatTable } from './output.js';
export function taskRef(task) {
    return `${task.namespace}/${task.name}@${task.version}`;
}
/** The header and step table of `baton task get`. */
export function renderTaskDetail(task, now = Date.now()) {
    const lines = [`task ${task.id}  ${taskRef(task)}  ${task.status}`];
    const facts = [`created ${task.created_at}`];
    if (task.started_at !== null)
        facts.push(`ran ${durationBetween(task.started_at, task.finished_at, now)}`);
    if (task.tags.length > 0)
        facts.push(`tags ${task.tags.join(', ')}`);
    if (task.priority !== 0)
        facts.push(`priority ${task.priority}`);
    if (task.run_at !== null)
        facts.push(`run at ${task.run_at}`);
    lines.push(facts.join('  '), '');
    const rows = task.steps.map((s) => [
        s.name,
        s.state,
        `${s.attempts}/${s.max_attempts}`,
        durationBetween(s.started_at, s.state === 'running' ? null : s.finished_at, now),
        s.error === null ? '' : oneLine(s.error.message, 100),
    ]);
    lines.push(...formatTable(['STEP', 'STATE', 'ATTEMPTS', 'DURATION', 'ERROR'], rows));
    const waiting = task.steps.filter((s) => s.state === 'waiting' && s.waiting !== undefined);
    if (waiting.length > 0) {
        const width = Math.max(...waiting.map((s) => s.name.length));
        lines.push('', 'waiting:', ...waiting.map((s) => `  ${s.name.padEnd(width)}  ${describeWaiting(s.waiting, now)}`));
    }
    return lines;
}
/** What a waiting step waits for, and until when: `signal "approval" until 2030-01-03T00:00:00.000Z (in 47h59m)`. */
export function describeWaiting(waiting, now = Date.now()) {
    const what = waiting.for === 'sleep' ? 'sleep' : waiting.for === 'event' ? `event "${waiting.name}" with key "${waiting.key}"` : `signal "${waiting.name}"`;
    if (waiting.until === null)
        return `${what}, no time limit`;
    const left = Date.parse(waiting.until) - now;
    return `${what} until ${waiting.until} (${left > 0 ? `in ${formatDuration(left)}` : 'due now'})`;
}
/** The table of `baton task list`. */
export function renderTaskList(tasks, now = Date.now()) {
    if (tasks.length === 0)
        return ['no tasks'];
    const rows = tasks.map((t) => [t.id, t.status, taskRef(t), t.created_at, durationBetween(t.started_at, t.finished_at, now), t.tags.join(',')]);
    return formatTable(['ID', 'STATUS', 'TEMPLATE', 'CREATED', 'DURATION', 'TAGS'], rows);
}
/** The end of `task submit --wait`: status, time, then each step's output (or error). */
export function renderOutcome(task) {
    const took = durationBetween(task.created_at, task.finished_at);
    const lines = [`task ${task.id} ${task.status}${took === '' ? '' : ` in ${took}`}`];
    const outputs = task.steps.filter((s) => s.output !== null && s.output !== undefined);
    if (outputs.length > 0) {
        lines.push('outputs:');
        for (const s of outputs)
            lines.push(`  ${s.name}: ${compactJson(s.output, 200)}`);
    }
    const failed = task.steps.filter((s) => s.error !== null && (s.state === 'error' || s.state === 'cancelled'));
    if (failed.length > 0) {
        lines.push('errors:');
        for (const s of failed)
            lines.push(`  ${s.name}: ${oneLine(s.error.message, 200)}`);
    }
    return lines;
}
function oneLine(text, max) {
    const flat = text.replace(/\s+/g, ' ').trim();
    return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}
//# sourceMappingURL=task-render.js.map