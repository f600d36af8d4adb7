// @ts-check
// A parent task's child workflows on the task view: the table of its
// children, their statuses polled while any is live (a child's status changes
// on the child's own stream, not the parent's), and the links from a workflow
// step to the children it started.

import { api } from './api.js';
import { badge, formatTime, h, shortId } from './dom.js';

import { TERMINAL_TASK_STATUSES as TERMINAL } from './states.js';

/** @typedef {import('./types.js').TaskDetail} TaskDetail */
/** @typedef {import('./types.js').StepView} StepView */

const CHILD_POLL_MS = 2000;

/**
 * Links to the children a workflow step started (the latest first: a retry starts a new one); null for other steps.
 * @param {TaskDetail | null} task
 * @param {StepView} step
 */
export function childLinks(task, step) {
  const mine = (task?.children ?? []).filter((c) => c.step === step.name).reverse();
  if (step.kind !== 'workflow' || mine.length === 0) return null;
  return h(
    'div',
    { class: 'notice wait child-links', 'data-testid': 'step-children' },
    mine.map((c, i) =>
      h(
        'p',
        {},
        i === 0 ? 'Child task ' : 'Earlier child ',
        h('a', { href: `#/tasks/${encodeURIComponent(c.id)}`, 'data-testid': `step-child-link-${c.id}` }, shortId(c.id)),
        ' ',
        badge(c.status),
      ),
    ),
  );
}

/**
 * The children table of task `taskId`. `current()` gives the task as the view
 * last loaded it; `onPolled(task)` hears that task once polled statuses are in
 * its `children`. Call `watch()` after each load: it polls while any child is live.
 * @param {string} taskId
 * @param {{ current: () => TaskDetail | null, onPolled: (task: TaskDetail) => void }} options
 */
export function createChildrenTable(taskId, { current, onPolled }) {
  const element = h('div', {});
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer = undefined;
  let closed = false;

  /** @param {TaskDetail} task */
  function render(task) {
    const children = task.children ?? [];
    if (children.length === 0) {
      element.replaceChildren();
      return;
    }
    // Open unless a fan-out made it long; keep the user's choice across redraws.
    const previous = element.querySelector('details');
    const open = previous ? previous.open : children.length <= 20;
    const headings = ['Task', 'Step', 'Template', 'Status', 'Created'].map((t) => h('th', {}, t));
    const rows = children.map((c) =>
      h(
        'tr',
        { 'data-testid': `child-row-${c.id}`, 'data-child-id': c.id },
        h('td', {}, h('a', { href: `#/tasks/${encodeURIComponent(c.id)}`, 'data-testid': `child-link-${c.id}` }, shortId(c.id))),
        h('td', {}, h('code', {}, c.step ?? '—')),
        h('td', {}, `${c.namespace}/${c.name}`, h('span', { class: 'muted' }, ` @${c.version}`)),
        h('td', {}, badge(c.status, `child-status-${c.id}`)),
        h('td', {}, formatTime(c.created_at)),
      ),
    );
    element.replaceChildren(
      h(
        'details',
        { class: 'more', open, 'data-testid': 'children' },
        h('summary', {}, `Child workflows (${children.length})`),
        h('div', { class: 'table-wrap' }, h('table', { class: 'list' }, h('thead', {}, h('tr', {}, headings)), h('tbody', {}, rows))),
      ),
    );
  }

  /** Polls the children's statuses while any is live; a new child (a retry) comes with the parent's own events. */
  function watch() {
    clearTimeout(timer);
    timer = undefined;
    const task = current();
    if (closed || !task || !(task.children ?? []).some((c) => !TERMINAL.has(c.status))) return;
    timer = setTimeout(() => void poll(), CHILD_POLL_MS);
  }

  async function poll() {
    try {
      /** @type {import('./types.js').TaskPage} */
      const page = await api(`/v1/tasks?parent=${encodeURIComponent(taskId)}&limit=500`);
      const task = current();
      if (closed || !task) return;
      const statuses = new Map(page.tasks.map((t) => [t.id, t.status]));
      for (const c of task.children ?? []) c.status = statuses.get(c.id) ?? c.status;
      render(task);
      onPolled(task);
    } catch {
      // The next poll (or the parent's next event) tries again; the page's feed indicator shows an outage.
    }
    watch();
  }

  return {
    element,
    render,
    watch,
    close() {
      closed = true;
      clearTimeout(timer);
    },
  };
}
