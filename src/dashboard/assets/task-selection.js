// @ts-check
// The task list's selection: tasks ticked one by one (kept across pages of
// the same filters), or every task matching the list's filters; and the bar
// that cancels or retries them through the bulk panel.

import { createBulkPanel, MAX_BY_ID } from './bulk-action.js';
import { h } from './dom.js';

/** @typedef {import('./types.js').BulkFilter} BulkFilter */

// The ticked tasks, kept while the user pages through one set of filters (`key`).
let kept = { key: '', ids: /** @type {Set<string>} */ (new Set()), matching: false };

/**
 * @param {{ key: string, filter: BulkFilter, filterText: string, canSelectMatching?: boolean, onDone: () => void }} options
 *   `key` names the list's filters (a change of filters starts an empty selection); `filter` is
 *   them as the bulk routes take them, `filterText` in words; `canSelectMatching: false` when the
 *   list has a filter the bulk routes do not take; `onDone` hears each finished run.
 */
export function createTaskSelection({ key, filter, filterText, canSelectMatching = true, onDone }) {
  if (kept.key !== key) kept = { key, ids: new Set(), matching: false };
  const state = kept;
  /** @type {Map<string, HTMLInputElement>} the current page's checkboxes */
  const boxes = new Map();

  const panel = createBulkPanel({
    onDone: () => {
      state.ids.clear();
      state.matching = false;
      paint();
      onDone();
    },
  });
  const count = h('span', { class: 'bulk-count', 'data-testid': 'bulk-selection' });
  const hint = h('span', { class: 'muted small', 'data-testid': 'bulk-hint' });
  const pageBox = h('input', { type: 'checkbox', 'aria-label': 'Select every task on this page', 'data-testid': 'select-page' });
  const matchingButton = h('button', { type: 'button', class: 'ghost', 'data-testid': 'select-matching' }, 'Select all matching this filter');
  const clearButton = h('button', { type: 'button', class: 'ghost', 'data-testid': 'select-clear' }, 'Clear selection');
  const cancelButton = h('button', { type: 'button', class: 'danger', 'data-testid': 'bulk-cancel' }, 'Cancel selected');
  const retryButton = h('button', { type: 'button', 'data-testid': 'bulk-retry' }, 'Retry failed steps of selected');

  function paint() {
    const n = state.ids.size;
    count.textContent = state.matching ? `All tasks matching ${filterText}` : n === 0 ? 'No task selected' : `${n} task${n === 1 ? '' : 's'} selected`;
    count.dataset.count = state.matching ? 'matching' : String(n);
    const none = !state.matching && n === 0;
    cancelButton.disabled = none;
    retryButton.disabled = none;
    clearButton.disabled = none;
    matchingButton.disabled = state.matching || !canSelectMatching;
    for (const [id, box] of boxes) {
      box.checked = state.matching || state.ids.has(id);
      box.disabled = state.matching;
    }
    pageBox.disabled = state.matching || boxes.size === 0;
    pageBox.checked = state.matching || (boxes.size > 0 && [...boxes.keys()].every((id) => state.ids.has(id)));
  }

  /**
   * Ticks (or unticks) tasks by id, up to the cap of tasks picked one by one.
   * @param {string[]} ids
   * @param {boolean} on
   */
  function toggle(ids, on) {
    hint.textContent = '';
    for (const id of ids) {
      if (!on) state.ids.delete(id);
      else if (state.ids.size < MAX_BY_ID) state.ids.add(id);
      else if (!state.ids.has(id)) hint.textContent = `At most ${MAX_BY_ID} tasks one by one: select all matching a filter for more.`;
    }
    paint();
  }

  pageBox.addEventListener('change', () => toggle([...boxes.keys()], pageBox.checked));
  matchingButton.addEventListener('click', () => {
    state.matching = true;
    hint.textContent = 'Every task the filter matches, on every page; the count comes before anything changes.';
    paint();
  });
  clearButton.addEventListener('click', () => {
    state.ids.clear();
    state.matching = false;
    hint.textContent = '';
    panel.close();
    paint();
  });

  /** @param {'cancel' | 'retry'} action */
  function act(action) {
    if (state.matching) {
      void panel.start({ action, filter, what: `the tasks matching ${filterText}` });
    } else {
      const ids = [...state.ids];
      void panel.start({ action, ids, what: `the ${ids.length} selected task${ids.length === 1 ? '' : 's'}` });
    }
  }
  cancelButton.addEventListener('click', () => act('cancel'));
  retryButton.addEventListener('click', () => act('retry'));

  paint();
  return {
    /** The bar above the list, and the panel under it. */
    element: h(
      'div',
      { class: 'bulk' },
      h('div', { class: 'bulk-bar', 'data-testid': 'bulk-bar' }, count, matchingButton, clearButton, cancelButton, retryButton, hint),
      panel.element,
    ),
    /** The header cell's checkbox: every task on this page. */
    pageBox,
    /** Forgets the page's checkboxes before its rows are drawn again. */
    resetPage() {
      boxes.clear();
    },
    /**
     * A row's checkbox, ticked as the selection says.
     * @param {string} id
     * @param {string} label
     */
    checkbox(id, label) {
      const box = h('input', { type: 'checkbox', 'aria-label': `Select ${label}`, 'data-testid': `select-task-${id}` });
      box.addEventListener('change', () => toggle([id], box.checked));
      boxes.set(id, box);
      return box;
    },
    /** Updates the checkboxes after the rows are drawn. */
    paint,
  };
}
