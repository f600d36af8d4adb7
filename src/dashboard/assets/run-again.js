// @ts-check
// "Run again with this context": a dialog on the task view holding the task's
// context as JSON, to edit before submitting a new task of the same template
// version. The new task's page opens once it is accepted; a refusal (the
// context no longer matches the schema, the template is gone) stays in the dialog.

import { h, notice } from './dom.js';
import { submitRefusal, submitTask } from './task-submit.js';

/** @typedef {import('./types.js').TaskDetail} TaskDetail */
/** @typedef {import('./types.js').Failure} Failure */

/**
 * Opens the dialog inside `root` (it goes with the view).
 * @param {HTMLElement} root
 * @param {Pick<TaskDetail, 'namespace' | 'name' | 'version' | 'context' | 'tags' | 'priority'>} task
 * @param {(id: string) => void} onSubmitted hears the new task's id
 */
export function openRunAgain(root, task, onSubmitted) {
  const area = h('textarea', { id: 'run-again-context', rows: 12, spellcheck: 'false', class: 'code', 'data-testid': 'run-again-context' });
  area.value = JSON.stringify(task.context, null, 2);
  const keepTags = h('input', { id: 'run-again-tags', type: 'checkbox', 'data-testid': 'run-again-tags' });
  keepTags.checked = task.tags.length > 0;
  const result = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', 'data-testid': 'run-again-submit' }, 'Run');
  const dialog = h(
    'dialog',
    { class: 'run-again', 'aria-labelledby': 'run-again-title', 'data-testid': 'run-again-dialog' },
    h(
      'form',
      {
        onsubmit: (ev) => {
          ev.preventDefault();
          void send();
        },
      },
      h('h2', { id: 'run-again-title' }, `Run ${task.namespace}/${task.name}`, h('span', { class: 'muted' }, ` @${task.version}`), ' again'),
      h('label', { for: 'run-again-context' }, 'Context (JSON): edit it first if you need to'),
      area,
      task.tags.length > 0 ? h('label', { class: 'check' }, keepTags, ` Keep the tags (${task.tags.join(', ')})`) : '',
      result,
      h('div', { class: 'actions' }, submit, h('button', { type: 'button', class: 'ghost', 'data-testid': 'run-again-cancel', onclick: () => dialog.close() }, 'Cancel')),
    ),
  );
  dialog.addEventListener('close', () => dialog.remove());

  async function send() {
    let context;
    try {
      context = JSON.parse(area.value);
    } catch (err) {
      result.replaceChildren(notice(`The context is not JSON: ${/** @type {Error} */ (err).message}`, 'error', 'submit-error'));
      area.focus();
      return;
    }
    submit.disabled = true;
    result.replaceChildren(h('p', { class: 'muted' }, 'Submitting…'));
    try {
      const answer = await submitTask({
        namespace: task.namespace,
        name: task.name,
        version: task.version,
        context,
        ...(keepTags.checked && task.tags.length > 0 ? { tags: task.tags } : {}),
        ...(task.priority ? { priority: task.priority } : {}),
      });
      dialog.close();
      onSubmitted(answer.id);
    } catch (err) {
      submit.disabled = false;
      result.replaceChildren(submitRefusal(/** @type {Failure & { code?: string, details?: unknown }} */ (err)));
    }
  }

  root.append(dialog);
  dialog.showModal();
  area.focus();
  return dialog;
}
