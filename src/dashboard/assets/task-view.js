// @ts-check
// One task: its heading with the cancel button (task-head.js), its live step
// graph and timeline (states from the task's event stream, followed by
// task-stream.js), the selected step's details (with a form to signal a wait
// step, or to retry or resolve a step in error), the task's own history, and
// for a parent its children, whose statuses are polled while any is live
// (task-children.js).

import { api } from './api.js';
import { renderDag } from './dag.js';
import { h, jsonBlock, notice } from './dom.js';
import { createSignalForm, signalOf } from './signal-form.js';
import { canOperate, createStepActions } from './step-actions.js';
import { createStepDetails, eventList } from './step-details.js';
import { childLinks, createChildrenTable } from './task-children.js';
import { createTaskHead } from './task-head.js';
import { followTaskEvents } from './task-stream.js';
import { createTimeline } from './timeline.js';

import { TERMINAL_TASK_STATUSES as TERMINAL } from './states.js';

/** @typedef {import('./types.js').TaskDetail} TaskDetail */
/** @typedef {import('./types.js').ReceivedEvent} ReceivedEvent */
/** @typedef {import('./types.js').StreamData} StreamData */
/** @typedef {import('./types.js').StepView} StepView */
/** @typedef {import('./types.js').Failure} Failure */
/** @typedef {ReturnType<typeof renderDag>} Dag */

const REFRESH_THROTTLE_MS = 400;

/**
 * What `create` made for `step`, kept in `byStep` while `keep` holds (so what
 * is typed into it survives redraws); null, and forgotten, otherwise.
 * @template T
 * @param {Map<string, T>} byStep
 * @param {StepView} step
 * @param {boolean} keep
 * @param {() => T} create
 * @returns {T | null}
 */
function keptFor(byStep, step, keep, create) {
  if (!keep) {
    byStep.delete(step.name);
    return null;
  }
  let kept = byStep.get(step.name);
  if (kept === undefined) {
    kept = create();
    byStep.set(step.name, kept);
  }
  return kept;
}

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
  const top = createTaskHead(root, id, ctx, { message, onCancelled: () => refreshSoon() });
  const children = createChildrenTable(id, {
    current: () => task,
    onPolled: (polled) => {
      paintChildren(polled);
      showDetails();
    },
  });
  const graphWrap = h('div', { class: 'graph-wrap', 'data-testid': 'graph' });
  const stepDetails = createStepDetails();
  const details = h('aside', { class: 'details', 'aria-label': 'Step details' }, stepDetails.element);
  /** Signal forms by step: kept while the step can take a signal, so what is typed into one survives redraws. */
  /** @type {Map<string, ReturnType<typeof createSignalForm>>} */
  const signalForms = new Map();
  /** Retry and resolve buttons by step, kept while the step is in error (an output being typed survives redraws). */
  /** @type {Map<string, ReturnType<typeof createStepActions>>} */
  const stepActions = new Map();
  const timeline = createTimeline({ onSelect: select });
  const historyBox = h('div', {});
  const context = h('div', {});
  root.append(
    h('p', { class: 'crumbs' }, h('a', { href: '#/tasks' }, '← Tasks')),
    top.lineage,
    top.head,
    message,
    top.summary,
    h(
      'div',
      { class: 'task-body' },
      // The timeline under the graph, beside the (taller) step details.
      h('div', { class: 'task-main' }, h('section', { class: 'graph-panel', 'aria-label': 'Step graph' }, graphWrap), timeline.element),
      details,
    ),
    children.element,
    h('details', { class: 'more' }, h('summary', {}, 'Task history'), historyBox),
    h('details', { class: 'more' }, h('summary', {}, 'Context'), context),
  );

  /** @param {string} name */
  function select(name) {
    selected = name;
    graph?.select(name);
    timeline.select(name);
    // Keep the step in the address so a reload or a shared link opens it again.
    window.history.replaceState(null, '', `#/tasks/${encodeURIComponent(id)}?step=${encodeURIComponent(name)}`);
    showDetails();
  }

  function showDetails() {
    const step = task?.steps.find((st) => st.name === selected);
    stepDetails.show(
      step,
      events.filter((ev) => ev.step === selected),
      step ? (actionsFor(step) ?? signalFormFor(step) ?? childLinks(task, step)) : null,
    );
  }

  /**
   * Retry and resolve for a step in error; null (and the buttons forgotten) otherwise.
   * @param {StepView} step
   */
  function actionsFor(step) {
    const onDone = () => {
      stream.resumeAfterAction();
      refreshSoon();
    };
    return keptFor(stepActions, step, canOperate(step), () => createStepActions(id, step, { onDone }))?.element ?? null;
  }

  /** Timeline of the attempts, from the events received and the loaded steps. */
  function drawTimeline() {
    timeline.update(task, events, !task || !TERMINAL.has(task.status));
  }

  /**
   * The signal form of a wait step that can still take its signal; null (and the form forgotten) otherwise.
   * @param {StepView} step
   */
  function signalFormFor(step) {
    const form = keptFor(signalForms, step, !!signalOf(step), () => createSignalForm(id, step, { onSent: refreshSoon }));
    form?.update(step);
    return form?.element ?? null;
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
      top.renderLineage(task);
      top.render(task);
      renderGraph(task);
      children.render(task);
      showDetails();
      drawTimeline();
      if (!TERMINAL.has(task.status)) stream.resume();
      context.replaceChildren(jsonBlock(task.context, 'task-context'));
      children.watch();
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
   * @param {StreamData} data
   * @param {string | null} eventId
   */
  function apply(type, data, eventId) {
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
        top.render(task);
      }
      if (data.step === selected || (data.step && !task.steps.some((st) => st.name === data.step))) showDetails();
    } else if ((type === 'progress' || type === 'signal') && data.step === selected) {
      showDetails();
    } else if (type === 'end' && task && data.status) {
      task.status = data.status;
      top.render(task);
    }
    if (type === 'transition' || type === 'end') drawTimeline();
    refreshSoon();
  }

  // Without the event stream, poll until the task ends.
  const stream = followTaskEvents(id, ctx, {
    onEvent: apply,
    poll: () => {
      if (task && TERMINAL.has(task.status)) return false;
      void load();
      return true;
    },
  });

  // load() reports its own failures on the page, as every call of it below.
  void load();
  return () => {
    stopped = true;
    stream.close();
    timeline.close();
    clearTimeout(refreshTimer);
    children.close();
  };
}
