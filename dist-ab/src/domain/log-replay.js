/**
 * Invariant I6: a task's transitions log, replayed in id order, walks the
 * state machines of `state-machine.ts` and respects causality. Pure: the
 * caller reads the rows and the task's graph; this says what is wrong.
 */
import { canTransitionStep, canTransitionTask, SETTLED_STEP_STATES, TERMINAL_STEP_STATES, TERMINAL_TASK_STATUSES } from './state-machine.js';
/** The states in which a step first exists: with open dependencies, or none. */
export function initialStepState(dependencyCount) {
    return dependencyCount > 0 ? 'pending' : 'ready';
}
/**
 * Replays `rows` (one task's log, any order: they are sorted by id) over
 * `steps`. Returns one message per violation; an empty list means the log is
 * a true record:
 * - the task's first row is `null -> pending`, and every later one follows its state machine;
 * - every step row starts from the state the replay has the step in, and follows its state machine;
 * - a step becomes `ready` (or a fan-in `complete`) only once every step it depends on has settled;
 * - a task reaches a terminal status only when every step is terminal.
 */
export function replayTaskLog(rows, steps) {
    const problems = [];
    const state = new Map(steps.map((s) => [s.name, s.initial]));
    const upstream = new Map(steps.map((s) => [s.name, s.upstream]));
    let task = null;
    const sorted = [...rows].sort((a, b) => a.id - b.id);
    for (const row of sorted) {
        if (row.kind !== 'transition' || row.to === null)
            continue;
        const at = `row ${row.id}`;
        if (row.step === null) {
            const to = row.to;
            if (task === null) {
                if (row.from !== null || to !== 'pending')
                    problems.push(`${at}: the task's first transition is ${row.from} -> ${to}, not null -> pending`);
            }
            else if (row.from !== task) {
                problems.push(`${at}: task goes ${row.from} -> ${to} but the log has it ${task}`);
            }
            else if (!canTransitionTask(task, to)) {
                problems.push(`${at}: task cannot go ${task} -> ${to}`);
            }
            if (TERMINAL_TASK_STATUSES.includes(to)) {
                const live = [...state].filter(([, s]) => !TERMINAL_STEP_STATES.includes(s)).map(([n, s]) => `${n} (${s})`);
                if (live.length > 0)
                    problems.push(`${at}: task ${to} while steps are live: ${live.join(', ')}`);
            }
            task = to;
            continue;
        }
        const current = state.get(row.step);
        const to = row.to;
        if (current === undefined) {
            problems.push(`${at}: step "${row.step}" is not a step of the task`);
            continue;
        }
        if (row.from !== current)
            problems.push(`${at}: step "${row.step}" goes ${row.from} -> ${to} but the log has it ${current}`);
        else if (!canTransitionStep(current, to))
            problems.push(`${at}: step "${row.step}" cannot go ${current} -> ${to}`);
        const released = (to === 'ready' && (current === 'pending' || current === 'skipped')) || (to === 'complete' && current !== 'running');
        if (released) {
            const open = (upstream.get(row.step) ?? []).filter((u) => !SETTLED_STEP_STATES.includes(state.get(u) ?? 'pending'));
            if (open.length > 0)
                problems.push(`${at}: step "${row.step}" ${to} before ${open.map((u) => `"${u}" (${state.get(u)})`).join(', ')} settled`);
        }
        state.set(row.step, to);
    }
    return problems;
}
//# sourceMappingURL=log-replay.js.map