// @ts-check
// What an operator can do with a step that ended in error (its attempts
// exhausted, or a permanent failure): retry it (POST .../retry: attempts start
// again and what it blocked comes back) or resolve it with an output typed in
// (POST .../resolve: its dependents go on as if it had completed). The
// output is checked as JSON before it is sent; a refusal shows the API's message.

import { api } from './api.js';
import { h, httpStatusOf, notice } from './dom.js';

/** @typedef {import('./types.js').StepView} StepView */
/** @typedef {import('./types.js').Failure} Failure */

/**
 * @param {StepView | null | undefined} step
 * @returns {boolean} whether the step takes an operator's retry or resolve
 */
export const canOperate = (step) => step?.state === 'error';

/**
 * The API's refusal in words.
 * @param {string} what
 * @param {Failure & { code?: string }} err
 */
function refusal(what, err) {
  return notice(`Could not ${what}${httpStatusOf(err)}: ${err.message}`, 'error', 'step-action-error');
}

/**
 * The Retry and Resolve buttons of step `step` of task `taskId`, with the
 * resolve output editor. `onDone` hears every action the API accepted.
 * @param {string} taskId
 * @param {StepView} step
 * @param {{ onDone?: () => void }} [options]
 */
export function createStepActions(taskId, step, { onDone } = {}) {
  const base = `/v1/tasks/${encodeURIComponent(taskId)}/steps/${encodeURIComponent(step.name)}`;
  const result = h('div', { 'aria-live': 'polite' });
  const outputId = `resolve-${step.name}-output`;
  const output = h('textarea', { id: outputId, rows: 6, spellcheck: 'false', class: 'code', 'data-testid': 'resolve-output' });
  output.value = '{}';
  // A stale "not JSON" goes as soon as the text changes.
  output.addEventListener('input', () => {
    if (result.querySelector('[data-testid="step-action-error"]')) result.replaceChildren();
  });
  const sendResolve = h('button', { type: 'submit', 'data-testid': 'resolve-send' }, 'Resolve with this output');
  const editor = h(
    'form',
    {
      class: 'resolve-editor',
      'data-testid': 'resolve-editor',
      hidden: true,
      onsubmit: (ev) => {
        ev.preventDefault();
        resolve();
      },
    },
    h('label', { for: outputId }, 'Output (JSON): what dependents get as this step’s output'),
    output,
    h('div', { class: 'actions' }, sendResolve, h('button', { type: 'button', class: 'ghost', 'data-testid': 'resolve-cancel', onclick: () => toggleEditor(false) }, 'Cancel')),
  );
  const retryButton = h('button', { type: 'button', 'data-testid': 'step-retry', onclick: () => void retry() }, 'Retry step');
  const resolveButton = h(
    'button',
    { type: 'button', class: 'ghost', 'data-testid': 'step-resolve', 'aria-expanded': 'false', onclick: () => toggleEditor(editor.hidden) },
    'Resolve…',
  );
  const buttons = [retryButton, resolveButton, sendResolve];

  /** @param {boolean} show */
  function toggleEditor(show) {
    editor.hidden = !show;
    resolveButton.setAttribute('aria-expanded', String(show));
    if (show) output.focus();
  }

  /** @param {boolean} busy */
  const setBusy = (busy) => {
    for (const b of buttons) b.disabled = busy;
  };

  /**
   * @param {string} what
   * @param {string} path
   * @param {unknown} body
   * @param {string} done
   */
  async function act(what, path, body, done) {
    setBusy(true);
    result.replaceChildren(h('p', { class: 'muted' }, 'Sending…'));
    try {
      await api(path, { method: 'POST', body });
      // Accepted: the step leaves `error`, and the panel drops these buttons with the next redraw.
      result.replaceChildren(notice(done, 'info', 'step-action-done'));
      toggleEditor(false);
      onDone?.();
    } catch (err) {
      setBusy(false);
      result.replaceChildren(refusal(what, /** @type {Failure & { code?: string }} */ (err)));
    }
  }

  const retry = () => act('retry the step', `${base}/retry`, undefined, 'Retried: the step is ready again with fresh attempts.');

  function resolve() {
    let value;
    try {
      value = JSON.parse(output.value);
    } catch (err) {
      result.replaceChildren(notice(`The output is not JSON: ${/** @type {Error} */ (err).message}`, 'error', 'step-action-error'));
      output.focus();
      return;
    }
    void act('resolve the step', `${base}/resolve`, { output: value }, 'Resolved: the task goes on with this output.');
  }

  const element = h(
    'div',
    { class: 'step-actions', 'data-testid': 'step-actions' },
    h('h3', {}, 'This step ended in error'),
    h('p', { class: 'hint' }, 'Retry runs it again with fresh attempts; resolve marks it done with an output you give.'),
    h('div', { class: 'actions' }, retryButton, resolveButton),
    editor,
    result,
  );
  return { element };
}
