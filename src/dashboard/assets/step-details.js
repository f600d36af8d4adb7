// @ts-check
// The panel beside a task's graph: everything about one step, what it waits
// for, and its transitions, progress and signal events as received on the
// task's stream.

import { badge, facts, formatClock, formatDuration, formatTime, h, jsonBlock } from './dom.js';
import { describeWait } from './waiting.js';

/** @typedef {import('./types.js').StepView} StepView */
/** @typedef {import('./types.js').ReceivedEvent} ReceivedEvent */

/** @param {ReceivedEvent} ev */
function eventLine(ev) {
  const when = h('time', { datetime: ev.at, title: formatTime(ev.at) }, formatClock(ev.at));
  if (ev.type === 'progress') {
    return h('li', { class: 'event progress' }, when, h('span', {}, ' progress '), h('code', {}, JSON.stringify(ev.data)));
  }
  if (ev.type === 'signal') {
    const data = /** @type {{ signal?: string, status?: string } | null} */ (ev.data);
    return h(
      'li',
      { class: 'event signal', 'data-testid': 'signal-event' },
      when,
      ' ',
      h('span', { class: 'badge state-signal' }, 'signal'),
      ` "${data?.signal ?? ''}" ${data?.status ?? ''}`,
      ev.step ? h('span', { class: 'muted' }, ` · step ${ev.step}`) : '',
      ev.actor ? h('span', { class: 'muted' }, ` · by ${ev.actor}`) : '',
    );
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
 * A list of events (transitions, progress and signals), oldest first.
 * @param {ReceivedEvent[]} events
 * @param {string} testid
 */
export function eventList(events, testid) {
  if (events.length === 0) return h('p', { class: 'muted', 'data-testid': testid }, 'No events received yet.');
  return h('ol', { class: 'events', 'data-testid': testid }, events.map(eventLine));
}

/** @param {StepView} step */
function stepHead(step) {
  return h(
    'div',
    {},
    h('h2', {}, step.name, ' ', badge(step.state, 'step-state')),
    step.waiting_reason ? h('p', { class: 'notice warn', 'data-testid': 'step-waiting' }, `Waiting: ${step.waiting_reason}`) : '',
    step.state === 'waiting' && step.waiting ? h('p', { class: 'notice wait', 'data-testid': 'step-wait', 'data-for': step.waiting.for }, describeWait(step.waiting)) : '',
  );
}

/**
 * @param {StepView} step
 * @param {ReceivedEvent[]} events
 */
function stepBody(step, events) {
  const labels = Object.entries(step.labels ?? {});
  return h(
    'div',
    {},
    facts([
      // A worker-less step (sleep, wait) has no handler, attempts or worker.
      step.handler ? ['Handler', h('code', {}, step.handler)] : null,
      step.kind && step.kind !== 'task' ? ['Kind', step.kind] : null,
      step.handler ? ['Attempts', `${step.attempts} of ${step.max_attempts}`] : null,
      step.handler ? ['Worker', step.worker ? h('code', {}, step.worker) : '—'] : null,
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
    h('h3', {}, 'Events'),
    eventList(events, 'step-transitions'),
  );
}

/**
 * The step details panel. `show(step, events, action)` redraws it around
 * `action` (a form for the step, or null), which is moved only when it
 * changes: what the user is typing into it, and its focus, survive the
 * redraws that every event of the task brings.
 */
export function createStepDetails() {
  const head = h('div', {});
  const slot = h('div', {});
  const body = h('div', {});
  const element = h('div', { 'data-testid': 'step-details' }, head, slot, body);
  return {
    element,
    /**
     * @param {StepView | null | undefined} step
     * @param {ReceivedEvent[]} events
     * @param {Node | null} [action]
     */
    show(step, events, action = null) {
      if (slot.firstChild !== action) slot.replaceChildren(...(action ? [action] : []));
      if (!step) {
        element.className = 'placeholder';
        element.removeAttribute('data-step');
        head.replaceChildren('Select a step in the graph to see its details.');
        body.replaceChildren();
        return;
      }
      element.className = '';
      element.dataset.step = step.name;
      head.replaceChildren(stepHead(step));
      body.replaceChildren(stepBody(step, events));
    },
  };
}
