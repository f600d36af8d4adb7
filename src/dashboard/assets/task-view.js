// @ts-check
// One task: its live step graph (states from the task's event stream), the
// selected step's details (with a form to signal a wait step), the task's own
// history, and the cancel button; for a child workflow, a link to its parent;
// for a parent, its children, whose statuses are polled while any is live.

import { api, feedWithPolling, followEvents } from './api.js';
import { renderDag } from './dag.js';
import { badge, facts, formatDuration, formatTime, h, jsonBlock, notice, shortId } from './dom.js';
import { createSignalForm, signalOf } from './signal-form.js';
import { createStepDetails, eventList } from './step-details.js';

import { TERMINAL_TASK_STATUSES as TERMINAL } from './states.js';

/** @typedef {import('./types.js').TaskDetail} TaskDetail */
/** @typedef {import('./types.js').ReceivedEvent} ReceivedEvent */
/** @typedef {import('./types.js').StreamData} StreamData */
/** @typedef {import('./types.js').StepView} StepView */
/** @typedef {import('./types.js').Failure} Failure */
/** @typedef {import('./types.js').ChildView} ChildView */
/** @typedef {ReturnType<typeof renderDag>} Dag */

const POLL_MS = 2000;
const REFRESH_THROTTLE_MS = 400;
// A child's status changes on the child's own stream, not the parent's: polled while any child is live.
const CHILD_POLL_MS = 2000;

/**
 * @param {HTMLElement} root
 * @param {string} id
 * @param {import('./types.js').ViewContext} ctx
 * @returns {() => void} closes the task's stream and timers
 */
export function renderTask(root, id, ctx) {
  /** @type {TaskDetail | null} */
  let task = null;
  /** @type {Dag | null} */
  let graph = null;
  let graphKey = '';
  let selected = ctx.query.get('step') ?? null;
  /** @type {ReceivedEvent[]} */
  const events = [];
  let stopped = false;

  const message = h('div', {});
  const lineage = h('div', {});
  const childrenBox = h('div', {});
  const head = h('div', { class: 'page-head' }, h('h1', {}, 'Task'));
  const summary = h('div', {});
  const graphWrap = h('div', { class: 'graph-wrap', 'data-testid': 'graph' });
  const stepDetails = createStepDetails();
  const details = h('aside', { class: 'details', 'aria-label': 'Step details' }, stepDetails.element);
  /** Signal forms by step: kept while the step can take a signal, so what is typed into one survives redraws. */
  /** @type {Map<string, ReturnType<typeof createSignalForm>>} */
  const signalForms = new Map();
  const historyBox = h('div', {});
  const context = h('div', {});
  root.append(
    h('p', { class: 'crumbs' }, h('a', { href: '#/tasks' }, '← Tasks')),
    lineage,
    head,
    message,
    summary,
    h('div', { class: 'task-body' }, h('section', { class: 'graph-panel', 'aria-label': 'Step graph' }, graphWrap), details),
    childrenBox,
    h('details', { class: 'more' }, h('summary', {}, 'Task history'), historyBox),
    h('details', { class: 'more' }, h('summary', {}, 'Context'), context),
  );

  /** @param {string} name */
  function select(name) {
    selected = name;
    graph?.select(name);
    // Keep the step in the address so a reload or a shared link opens it again.
    window.history.replaceState(null, '', `#/tasks/${encodeURIComponent(id)}?step=${encodeURIComponent(name)}`);
    showDetails();
  }

  function showDetails() {
    const step = task?.steps.find((st) => st.name === selected);
    stepDetails.show(
      step,
      events.filter((ev) => ev.step === selected),
      step ? (signalFormFor(step) ?? childLinksFor(step)) : null,
    );
  }

  /**
   * Links to the children a workflow step started (the latest first: a retry starts a new one); null for other steps.
   * @param {StepView} step
   */
  function childLinksFor(step) {
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
   * The signal form of a wait step that can still take its signal; null (and the form forgotten) otherwise.
   * @param {StepView} step
   */
  function signalFormFor(step) {
    if (!signalOf(step)) {
      signalForms.delete(step.name);
      return null;
    }
    let form = signalForms.get(step.name);
    if (!form) {
      form = createSignalForm(id, step, { onSent: refreshSoon });
      signalForms.set(step.name, form);
    }
    form.update(step);
    return form.element;
  }

  /** @param {HTMLButtonElement} button */
  async function cancel(button) {
    if (!window.confirm(`Cancel task ${id}? Running steps are told to stop.`)) return;
    button.disabled = true;
    try {
      /** @type {import('./types.js').CancelAnswer} */
      const result = await api(`/v1/tasks/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
      // The button shows only once the task is loaded.
      const shown = /** @type {TaskDetail} */ (task);
      shown.status = result.status;
      renderHead(shown);
      refreshSoon();
    } catch (err) {
      button.disabled = false;
      message.replaceChildren(notice(`Could not cancel: ${/** @type {Failure} */ (err).message}`, 'error', 'cancel-error'));
    }
  }

  /** @param {TaskDetail} task */
  function renderHead(task) {
    const done = TERMINAL.has(task.status);
    const onclick = (/** @type {Event} */ ev) => void cancel(/** @type {HTMLButtonElement} */ (ev.currentTarget));
    const cancelButton = h('button', { type: 'button', class: 'danger', 'data-testid': 'cancel-task', disabled: done, onclick }, 'Cancel task');
    head.replaceChildren(
      h('h1', {}, `${task.namespace}/${task.name}`, h('span', { class: 'muted' }, ` @${task.version}`), ' ', badge(task.status, 'task-status')),
      h('div', { class: 'actions' }, cancelButton),
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

  /** @param {TaskDetail} task */
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

  /** @param {TaskDetail} task */
  function renderChildren(task) {
    const children = task.children ?? [];
    if (children.length === 0) {
      childrenBox.replaceChildren();
      return;
    }
    // Open unless a fan-out made it long; keep the user's choice across redraws.
    const previous = childrenBox.querySelector('details');
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
    childrenBox.replaceChildren(
      h(
        'details',
        { class: 'more', open, 'data-testid': 'children' },
        h('summary', {}, `Child workflows (${children.length})`),
        h('div', { class: 'table-wrap' }, h('table', { class: 'list' }, h('thead', {}, h('tr', {}, headings)), h('tbody', {}, rows))),
      ),
    );
  }

  /**
   * The child each waiting workflow step waits for, with its status from the task's `children`.
   * @param {TaskDetail} task
   */
  function paintChildren(task) {
    const statuses = new Map((task.children ?? []).map((c) => [c.id, c.status]));
    for (const st of task.steps) {
      if (st.kind !== 'workflow') continue;
      const id = st.state === 'waiting' && st.waiting?.for === 'workflow' ? st.waiting.key : null;
      graph?.setChild(st.name, id ? { id, status: statuses.get(id) ?? null } : null);
    }
  }

  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let childTimer = undefined;
  /** Polls the children's statuses while any is live; a new child (a retry) comes with the parent's own events. */
  function watchChildren() {
    clearTimeout(childTimer);
    childTimer = undefined;
    if (stopped || !task || !(task.children ?? []).some((c) => !TERMINAL.has(c.status))) return;
    childTimer = setTimeout(() => void pollChildren(), CHILD_POLL_MS);
  }

  async function pollChildren() {
    try {
      /** @type {import('./types.js').TaskPage} */
      const page = await api(`/v1/tasks?parent=${encodeURIComponent(id)}&limit=500`);
      if (stopped || !task) return;
      const statuses = new Map(page.tasks.map((t) => [t.id, t.status]));
      for (const c of task.children ?? []) c.status = statuses.get(c.id) ?? c.status;
      renderChildren(task);
      paintChildren(task);
      showDetails();
    } catch {
      // The next poll (or the parent's next event) tries again; the page's feed indicator shows an outage.
    }
    watchChildren();
  }

  /** @param {TaskDetail} task */
  function renderGraph(task) {
    // Rebuild only when the set of steps changes (fan-out adds instances); otherwise recolour in place.
    const key = task.steps.map((st) => `${st.name}<${st.depends_on.join(',')}`).join('|');
    if (key !== graphKey) {
      graphKey = key;
      graph = renderDag(task.steps, { onSelect: select, label: `Steps of task ${task.id}` });
      graphWrap.replaceChildren(graph.element);
      if (selected) graph.select(selected);
    } else {
      for (const st of task.steps) graph?.setState(st.name, st.state, st.attempts, st.waiting, st.waiting_reason ?? null);
    }
    paintChildren(task);
  }

  async function load() {
    try {
      /** @type {import('./types.js').TaskAnswer} */
      const body = await api(`/v1/tasks/${encodeURIComponent(id)}`);
      if (stopped) return;
      task = body.task;
      message.replaceChildren();
      renderLineage(task);
      renderHead(task);
      renderGraph(task);
      renderChildren(task);
      showDetails();
      context.replaceChildren(jsonBlock(task.context, 'task-context'));
      watchChildren();
    } catch (e) {
      if (stopped) return;
      const err = /** @type {Failure} */ (e);
      message.replaceChildren(notice(err.status === 404 ? `No task ${id}.` : `Could not load the task: ${err.message}`, 'error', 'task-error'));
    }
  }

  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let refreshTimer = undefined;
  const refreshSoon = () => {
    refreshTimer ??= setTimeout(() => {
      refreshTimer = undefined;
      void load();
    }, REFRESH_THROTTLE_MS);
  };

  /**
   * Applies one event at once (the graph changes as it happens); a throttled reload then brings outputs and timings.
   * @param {string} type
   * @param {StreamData | null} data
   * @param {string | null} eventId
   */
  function apply(type, data, eventId) {
    if (!data || data.task_id !== id) return;
    if (type === 'transition' || type === 'progress' || type === 'signal') {
      events.push(/** @type {ReceivedEvent} */ ({ ...data, type, id: eventId }));
      // The task's history: its own transitions, and every signal it received (which step took it is in the line).
      historyBox.replaceChildren(
        eventList(
          events.filter((ev) => !ev.step || ev.type === 'signal'),
          'task-history',
        ),
      );
    }
    if (type === 'transition' && task) {
      if (data.step) {
        const step = task.steps.find((st) => st.name === data.step);
        if (step && data.to) {
          // A step's transition names step states.
          step.state = /** @type {StepView['state']} */ (data.to);
          if (data.attempt) step.attempts = data.attempt;
          graph?.setState(step.name, data.to, data.attempt);
        }
      } else if (data.to) {
        // A task's transition (no step) names task statuses.
        task.status = /** @type {TaskDetail['status']} */ (data.to);
        renderHead(task);
      }
      if (data.step === selected || (data.step && !task.steps.some((st) => st.name === data.step))) showDetails();
    } else if ((type === 'progress' || type === 'signal') && data.step === selected) {
      showDetails();
    } else if (type === 'end' && task && data.status) {
      task.status = data.status;
      renderHead(task);
    }
    refreshSoon();
  }

  // Without the event stream, poll until the task ends.
  const feed = feedWithPolling(ctx, POLL_MS, () => {
    if (task && TERMINAL.has(task.status)) return false;
    void load();
    return true;
  });
  const stream = followEvents(`/v1/tasks/${encodeURIComponent(id)}/events`, { onEvent: apply, onState: feed.onState });

  // load() reports its own failures on the page, as every call of it below.
  void load();
  return () => {
    stopped = true;
    stream.close();
    clearTimeout(refreshTimer);
    clearTimeout(childTimer);
    feed.stop();
  };
}
