// @ts-check
// One task: its live step graph (states from the task's event stream), the
// selected step's details (with a form to signal a wait step), the task's own
// history, and the cancel button.

import { api, feedWithPolling, followEvents } from './api.js';
import { renderDag } from './dag.js';
import { badge, facts, formatDuration, formatTime, h, jsonBlock, notice } from './dom.js';
import { createSignalForm, signalOf } from './signal-form.js';
import { createStepDetails, eventList } from './step-details.js';

import { TERMINAL_TASK_STATUSES as TERMINAL } from './states.js';

/** @typedef {import('./types.js').TaskDetail} TaskDetail */
/** @typedef {import('./types.js').ReceivedEvent} ReceivedEvent */
/** @typedef {import('./types.js').StreamData} StreamData */
/** @typedef {import('./types.js').StepView} StepView */
/** @typedef {import('./types.js').Failure} Failure */
/** @typedef {ReturnType<typeof renderDag>} Dag */

const POLL_MS = 2000;
const REFRESH_THROTTLE_MS = 400;

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
    head,
    message,
    summary,
    h('div', { class: 'task-body' }, h('section', { class: 'graph-panel', 'aria-label': 'Step graph' }, graphWrap), details),
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
      step ? signalFormFor(step) : null,
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
  function renderGraph(task) {
    // Rebuild only when the set of steps changes (fan-out adds instances); otherwise recolour in place.
    const key = task.steps.map((st) => `${st.name}<${st.depends_on.join(',')}`).join('|');
    if (key !== graphKey) {
      graphKey = key;
      graph = renderDag(task.steps, { onSelect: select, label: `Steps of task ${task.id}` });
      graphWrap.replaceChildren(graph.element);
      if (selected) graph.select(selected);
    } else {
      for (const st of task.steps) graph?.setState(st.name, st.state, st.attempts, st.waiting);
    }
  }

  async function load() {
    try {
      /** @type {import('./types.js').TaskAnswer} */
      const body = await api(`/v1/tasks/${encodeURIComponent(id)}`);
      if (stopped) return;
      task = body.task;
      message.replaceChildren();
      renderHead(task);
      renderGraph(task);
      showDetails();
      context.replaceChildren(jsonBlock(task.context, 'task-context'));
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
    feed.stop();
  };
}
