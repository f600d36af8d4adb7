// One task: its live step graph (states from the task's event stream), the
// selected step's details, the task's own history, and the cancel button.

import { api, feedWithPolling, followEvents } from './api.js';
import { renderDag } from './dag.js';
import { badge, facts, formatDuration, formatTime, h, jsonBlock, notice } from './dom.js';
import { eventList, renderStepDetails } from './step-details.js';

import { TERMINAL_TASK_STATUSES as TERMINAL } from './states.js';
const POLL_MS = 2000;
const REFRESH_THROTTLE_MS = 400;

export function renderTask(root, id, ctx) {
  let task = null;
  let graph = null;
  let graphKey = '';
  let selected = ctx.query.get('step') ?? null;
  const events = [];
  let stopped = false;

  const message = h('div', {});
  const head = h('div', { class: 'page-head' }, h('h1', {}, 'Task'));
  const summary = h('div', {});
  const graphWrap = h('div', { class: 'graph-wrap', 'data-testid': 'graph' });
  const details = h('aside', { class: 'details', 'aria-label': 'Step details' }, renderStepDetails(null, []));
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

  function select(name) {
    selected = name;
    graph?.select(name);
    // Keep the step in the address so a reload or a shared link opens it again.
    window.history.replaceState(null, '', `#/tasks/${encodeURIComponent(id)}?step=${encodeURIComponent(name)}`);
    showDetails();
  }

  function showDetails() {
    const step = task?.steps.find((st) => st.name === selected);
    details.replaceChildren(renderStepDetails(step, events.filter((ev) => ev.step === selected)));
  }

  async function cancel(button) {
    if (!window.confirm(`Cancel task ${id}? Running steps are told to stop.`)) return;
    button.disabled = true;
    try {
      const result = await api(`/v1/tasks/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
      task.status = result.status;
      renderHead();
      refreshSoon();
    } catch (err) {
      button.disabled = false;
      message.replaceChildren(notice(`Could not cancel: ${err.message}`, 'error', 'cancel-error'));
    }
  }

  function renderHead() {
    const done = TERMINAL.has(task.status);
    const cancelButton = h('button', { type: 'button', class: 'danger', 'data-testid': 'cancel-task', disabled: done, onclick: (ev) => cancel(ev.currentTarget) }, 'Cancel task');
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

  function renderGraph() {
    // Rebuild only when the set of steps changes (fan-out adds instances); otherwise recolour in place.
    const key = task.steps.map((st) => `${st.name}<${st.depends_on.join(',')}`).join('|');
    if (key !== graphKey) {
      graphKey = key;
      graph = renderDag(task.steps, { onSelect: select, label: `Steps of task ${task.id}` });
      graphWrap.replaceChildren(graph.element);
      if (selected) graph.select(selected);
    } else {
      for (const st of task.steps) graph.setState(st.name, st.state, st.attempts);
    }
  }

  async function load() {
    try {
      const body = await api(`/v1/tasks/${encodeURIComponent(id)}`);
      if (stopped) return;
      task = body.task;
      message.replaceChildren();
      renderHead();
      renderGraph();
      showDetails();
      context.replaceChildren(jsonBlock(task.context, 'task-context'));
    } catch (err) {
      if (stopped) return;
      message.replaceChildren(notice(err.status === 404 ? `No task ${id}.` : `Could not load the task: ${err.message}`, 'error', 'task-error'));
    }
  }

  let refreshTimer = null;
  const refreshSoon = () => {
    refreshTimer ??= setTimeout(() => {
      refreshTimer = null;
      load();
    }, REFRESH_THROTTLE_MS);
  };

  // Applies one event at once (the graph changes as it happens); a throttled reload then brings outputs and timings.
  function apply(type, data, eventId) {
    if (!data || data.task_id !== id) return;
    if (type === 'transition' || type === 'progress') {
      events.push({ ...data, type, id: eventId });
      historyBox.replaceChildren(eventList(events.filter((ev) => !ev.step), 'task-history'));
    }
    if (type === 'transition' && task) {
      if (data.step) {
        const step = task.steps.find((st) => st.name === data.step);
        if (step && data.to) {
          step.state = data.to;
          if (data.attempt) step.attempts = data.attempt;
          graph?.setState(step.name, data.to, data.attempt);
        }
      } else if (data.to) {
        task.status = data.to;
        renderHead();
      }
      if (data.step === selected || (data.step && !task.steps.some((st) => st.name === data.step))) showDetails();
    } else if (type === 'progress' && data.step === selected) {
      showDetails();
    } else if (type === 'end' && task && data.status) {
      task.status = data.status;
      renderHead();
    }
    refreshSoon();
  }

  // Without the event stream, poll until the task ends.
  const feed = feedWithPolling(ctx, POLL_MS, () => {
    if (task && TERMINAL.has(task.status)) return false;
    load();
    return true;
  });
  const stream = followEvents(`/v1/tasks/${encodeURIComponent(id)}/events`, { onEvent: apply, onState: feed.onState });

  load();
  return () => {
    stopped = true;
    stream.close();
    clearTimeout(refreshTimer);
    feed.stop();
  };
}
