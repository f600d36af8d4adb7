// @ts-check
// The top of the task view: the template and status with the task's actions
// (run the template, run again with this context, cancel), the task's facts,
// and, for a child workflow, the link to its parent and the step that started it.

import { api } from './api.js';
import { badge, facts, formatDuration, formatTime, h, notice, shortId } from './dom.js';
import { openRunAgain } from './run-again.js';
import { runFormHash } from './run-form.js';

import { TERMINAL_TASK_STATUSES as TERMINAL } from './states.js';

/** @typedef {import('./types.js').TaskDetail} TaskDetail */
/** @typedef {import('./types.js').Failure} Failure */

/**
 * The heading parts of task `id`'s view, drawn by `render(task)` and
 * `renderLineage(task)`. A refused cancel shows in `message`; `onCancelled`
 * hears an accepted one.
 * @param {HTMLElement} root the view (the run-again dialog opens in it)
 * @param {string} id
 * @param {import('./types.js').ViewContext} ctx
 * @param {{ message: HTMLElement, onCancelled: () => void }} options
 */
export function createTaskHead(root, id, ctx, { message, onCancelled }) {
  const lineage = h('div', {});
  const head = h('div', { class: 'page-head' }, h('h1', {}, 'Task'));
  const summary = h('div', {});
  /** The task last drawn: the cancel button shows only once there is one. */
  /** @type {TaskDetail | null} */
  let shown = null;

  /** @param {HTMLButtonElement} button */
  async function cancel(button) {
    if (!window.confirm(`Cancel task ${id}? Running steps are told to stop.`)) return;
    button.disabled = true;
    try {
      /** @type {import('./types.js').CancelAnswer} */
      const result = await api(`/v1/tasks/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
      const task = /** @type {TaskDetail} */ (shown);
      task.status = result.status;
      renderHead(task);
      onCancelled();
    } catch (err) {
      button.disabled = false;
      message.replaceChildren(notice(`Could not cancel: ${/** @type {Failure} */ (err).message}`, 'error', 'cancel-error'));
    }
  }

  /**
   * The heading and facts of `task`.
   * @param {TaskDetail} task
   */
  function renderHead(task) {
    shown = task;
    const done = TERMINAL.has(task.status);
    const onclick = (/** @type {Event} */ ev) => void cancel(/** @type {HTMLButtonElement} */ (ev.currentTarget));
    const cancelButton = h('button', { type: 'button', class: 'danger', 'data-testid': 'cancel-task', disabled: done, onclick }, 'Cancel task');
    const again = () => openRunAgain(root, task, (newId) => ctx.navigate(`#/tasks/${encodeURIComponent(newId)}`));
    head.replaceChildren(
      h('h1', {}, `${task.namespace}/${task.name}`, h('span', { class: 'muted' }, ` @${task.version}`), ' ', badge(task.status, 'task-status')),
      h(
        'div',
        { class: 'actions' },
        h('a', { class: 'button-link ghost', href: runFormHash(task), 'data-testid': 'run-task-link' }, 'Run task…'),
        h('button', { type: 'button', class: 'ghost', 'data-testid': 'run-again', onclick: again }, 'Run again with this context'),
        cancelButton,
      ),
    );
    summary.replaceChildren(
      facts([
        ['Task', h('code', { 'data-testid': 'task-id' }, task.id)],
        ['Created', formatTime(task.created_at)],
        ['Started', formatTime(task.started_at)],
        ['Finished', h('span', { 'data-testid': 'task-finished' }, formatTime(task.finished_at))],
        ['Duration', task.started_at ? formatDuration(task.started_at, task.finished_at) : '—'],
        task.tags?.length ? ['Tags', task.tags.map((t) => h('span', { class: 'tag' }, t))] : null,
        task.deadline_at ? ['Deadline', formatTime(task.deadline_at)] : null,
      ]),
    );
  }

  /**
   * The link to the parent of a child workflow (nothing for other tasks).
   * @param {TaskDetail} task
   */
  function renderLineage(task) {
    if (!task.parent_task_id) {
      lineage.replaceChildren();
      return;
    }
    const step = task.parent_step ? `?step=${encodeURIComponent(task.parent_step)}` : '';
    lineage.replaceChildren(
      h(
        'p',
        { class: 'notice lineage', 'data-testid': 'parent-link' },
        'Child workflow of task ',
        h('a', { href: `#/tasks/${encodeURIComponent(task.parent_task_id)}${step}`, 'data-testid': 'parent-task-link' }, shortId(task.parent_task_id)),
        task.parent_step ? [', step ', h('code', { 'data-testid': 'parent-step' }, task.parent_step)] : '',
      ),
    );
  }

  return { lineage, head, summary, render: renderHead, renderLineage };
}
