// @ts-check
// Schedules: what each one fires and when it fires next, the task it fired
// last, and Pause/Resume and Trigger now buttons.

import { api } from './api.js';
import { badge, formatTime, h, notice, shortId } from './dom.js';
import { refreshingList } from './refreshing-list.js';

/** @typedef {import('./types.js').ScheduleView} ScheduleView */
/** @typedef {import('./types.js').Failure} Failure */

/** @param {ScheduleView} s */
function templateCell(s) {
  const { namespace, name, version } = s.template;
  const label = `${namespace}/${name}`;
  // A schedule without a version fires the latest one: the template list shows which that is.
  const href = version ? `#/templates/${[namespace, name, version].map(encodeURIComponent).join('/')}` : '#/templates';
  return [h('a', { href }, label), h('span', { class: 'muted' }, version ? ` @${version}` : ' @latest')];
}

/** @param {ScheduleView} s */
function specCell(s) {
  return [h('code', {}, s.cron ?? `every ${s.every ?? '?'}`), h('br'), h('span', { class: 'muted small' }, `${s.timezone} · overlap ${s.overlap} · catch-up ${s.catch_up}`)];
}

/** @param {ScheduleView} s */
function nextCell(s) {
  if (s.paused) return h('span', { class: 'muted' }, 'paused');
  if (s.next_fire_times.length === 0) return h('span', { class: 'muted' }, 'none');
  return h(
    'ol',
    { class: 'fire-times', 'data-testid': `schedule-next-${s.name}` },
    s.next_fire_times.map((t) => h('li', {}, h('time', { datetime: t }, formatTime(t)))),
  );
}

/** @param {ScheduleView} s */
function lastTaskCell(s) {
  if (!s.last_task) return h('span', { class: 'muted' }, 'none yet');
  const { id, status } = s.last_task;
  return [
    h('a', { href: `#/tasks/${encodeURIComponent(id)}`, 'data-testid': `schedule-last-task-${s.name}` }, shortId(id)),
    ' ',
    status ? badge(status) : h('span', { class: 'muted' }, 'deleted'),
    s.last_fired_at ? [h('br'), h('span', { class: 'muted small' }, formatTime(s.last_fired_at))] : '',
  ];
}

/**
 * @param {ScheduleView} s
 * @param {{ togglePause: (s: ScheduleView, button: HTMLButtonElement) => Promise<void>, trigger: (s: ScheduleView, button: HTMLButtonElement) => Promise<void> }} actions
 */
function scheduleRow(s, actions) {
  /** @param {(s: ScheduleView, button: HTMLButtonElement) => Promise<void>} fn */
  const onclick = (fn) => (/** @type {Event} */ ev) => void fn(s, /** @type {HTMLButtonElement} */ (ev.currentTarget));
  return h(
    'tr',
    { 'data-testid': `schedule-row-${s.name}`, 'data-schedule': s.name },
    h('td', {}, h('strong', {}, s.name)),
    h('td', {}, templateCell(s)),
    h('td', {}, specCell(s)),
    h('td', {}, badge(s.paused ? 'paused' : 'active', `schedule-state-${s.name}`)),
    h('td', {}, nextCell(s)),
    h('td', {}, lastTaskCell(s)),
    h('td', { class: 'num', title: `${s.skipped_count} slots skipped` }, String(s.fired_count)),
    h(
      'td',
      { class: 'row-actions' },
      h(
        'button',
        {
          type: 'button',
          class: 'ghost',
          'aria-label': `${s.paused ? 'Resume' : 'Pause'} schedule ${s.name}`,
          'data-testid': `schedule-pause-${s.name}`,
          onclick: onclick(actions.togglePause),
        },
        s.paused ? 'Resume' : 'Pause',
      ),
      h(
        'button',
        { type: 'button', 'aria-label': `Trigger schedule ${s.name} now`, 'data-testid': `schedule-trigger-${s.name}`, onclick: onclick(actions.trigger) },
        'Trigger now',
      ),
    ),
  );
}

/**
 * @param {HTMLElement} root
 * @returns {() => void} stops the refresh
 */
export function renderSchedules(root) {
  // Separate lines for the list's state and for what a button did, so a refresh keeps the latter.
  const message = h('div', {});
  const outcome = h('div', {});
  const tbody = h('tbody', {});
  const columns = ['Schedule', 'Template', 'When', 'State', 'Next fire times', 'Last task', 'Fired', ''];
  const table = h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'list', 'data-testid': 'schedules-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((c) => h('th', { scope: 'col' }, c)),
        ),
      ),
      tbody,
    ),
  );
  root.append(h('div', { class: 'page-head' }, h('h1', {}, 'Schedules')), message, outcome, table);
  const actions = { togglePause, trigger };

  /**
   * Runs one button's call; on failure the button comes back and the error shows above the table.
   * @param {HTMLButtonElement} button
   * @param {string} what
   * @param {() => Promise<void>} call
   */
  async function act(button, what, call) {
    button.disabled = true;
    try {
      await call();
      await list.load();
    } catch (err) {
      button.disabled = false;
      outcome.replaceChildren(notice(`Could not ${what}: ${/** @type {Failure} */ (err).message}`, 'error', 'schedules-error'));
    }
  }

  /**
   * @param {ScheduleView} s
   * @param {HTMLButtonElement} button
   */
  function togglePause(s, button) {
    const path = `/v1/schedules/${encodeURIComponent(s.name)}`;
    return act(button, `${s.paused ? 'resume' : 'pause'} ${s.name}`, async () => {
      await api(path, { method: 'PATCH', body: { paused: !s.paused } });
      outcome.replaceChildren();
    });
  }

  /**
   * @param {ScheduleView} s
   * @param {HTMLButtonElement} button
   */
  function trigger(s, button) {
    return act(button, `trigger ${s.name}`, async () => {
      /** @type {import('./types.js').TriggerAnswer} */
      const answer = await api(`/v1/schedules/${encodeURIComponent(s.name)}/trigger`, { method: 'POST' });
      const link = h('a', { href: `#/tasks/${encodeURIComponent(answer.task.id)}`, 'data-testid': 'schedule-triggered-task' }, answer.task.id);
      outcome.replaceChildren(h('div', { class: 'notice info', role: 'status', 'data-testid': 'schedule-triggered' }, `${s.name} fired task `, link, '.'));
    });
  }

  const list = refreshingList({
    path: '/v1/schedules',
    noun: 'schedules',
    table,
    tbody,
    message,
    rows: (/** @type {import('./types.js').ScheduleList} */ body) => body.schedules,
    row: (/** @type {ScheduleView} */ s) => scheduleRow(s, actions),
    empty: 'No schedules. Create one with POST /v1/schedules or `baton schedule apply`.',
    columns: columns.length,
  });
  return list.stop;
}
