// @ts-check
// The panel beside a task's graph: everything about one step, and its
// transitions and progress events as received on the task's stream.

import { badge, facts, formatClock, formatDuration, formatTime, h, jsonBlock } from './dom.js';

/** @typedef {import('./types.js').StepView} StepView */
/** @typedef {import('./types.js').ReceivedEvent} ReceivedEvent */

/** @param {ReceivedEvent} ev */
function eventLine(ev) {
  const when = h('time', { datetime: ev.at, title: formatTime(ev.at) }, formatClock(ev.at));
  if (ev.type === 'progress') {
    return h('li', { class: 'event progress' }, when, h('span', {}, ' progress '), h('code', {}, JSON.stringify(ev.data)));
  }
  return h(
    'li',
    { class: 'event' },
    when,
    ' ',
    ev.from ? badge(ev.from) : '',
    ev.from ? ' → ' : '',
    ev.to ? badge(ev.to) : '',
    ev.attempt ? h('span', { class: 'muted' }, ` attempt ${ev.attempt}`) : '',
    ev.reason ? h('span', { class: 'muted' }, ` · ${ev.reason}`) : '',
  );
}

/**
 * A list of events (transitions and progress), oldest first.
 * @param {ReceivedEvent[]} events
 * @param {string} testid
 */
export function eventList(events, testid) {
  if (events.length === 0) return h('p', { class: 'muted', 'data-testid': testid }, 'No events received yet.');
  return h('ol', { class: 'events', 'data-testid': testid }, events.map(eventLine));
}

/**
 * Details of `step` (a step of GET /v1/tasks/:id) with its `events`.
 * @param {StepView | null | undefined} step
 * @param {ReceivedEvent[]} events
 */
export function renderStepDetails(step, events) {
  if (!step) {
    return h('div', { class: 'placeholder', 'data-testid': 'step-details' }, 'Select a step in the graph to see its details.');
  }
  const labels = Object.entries(step.labels ?? {});
  return h(
    'div',
    { 'data-testid': 'step-details', 'data-step': step.name },
    h('h2', {}, step.name, ' ', badge(step.state, 'step-state')),
    step.waiting_reason ? h('p', { class: 'notice warn', 'data-testid': 'step-waiting' }, `Waiting: ${step.waiting_reason}`) : '',
    facts([
      ['Handler', h('code', {}, step.handler)],
      step.kind && step.kind !== 'task' ? ['Kind', step.kind] : null,
      ['Attempts', `${step.attempts} of ${step.max_attempts}`],
      ['Worker', step.worker ? h('code', {}, step.worker) : '—'],
      ['Depends on', step.depends_on.length > 0 ? step.depends_on.join(', ') : '—'],
      labels.length > 0 ? ['Labels', labels.map(([k, v]) => h('span', { class: 'tag' }, `${k}=${v}`))] : null,
      ['Started', formatTime(step.started_at)],
      ['Finished', formatTime(step.finished_at)],
      ['Duration', step.started_at ? formatDuration(step.started_at, step.finished_at) : '—'],
      step.visible_at ? ['Runnable at', formatTime(step.visible_at)] : null,
    ]),
    h('h3', {}, 'Params'),
    jsonBlock(step.params, 'step-params'),
    step.output !== null && step.output !== undefined ? [h('h3', {}, 'Output'), jsonBlock(step.output, 'step-output')] : '',
    step.error ? [h('h3', {}, 'Error'), h('div', { class: 'error-block' }, jsonBlock(step.error, 'step-error'))] : '',
    h('h3', {}, 'Transitions'),
    eventList(events, 'step-transitions'),
  );
}
