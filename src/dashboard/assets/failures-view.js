// @ts-check
// The dead-letter view (GET /v1/failures): tasks that ended in error, one row
// per template, step and error code, with a "Retry all in this group" that
// runs the bulk retry (POST /v1/tasks/retry) on the group's filter.

import { api } from './api.js';
import { createBulkPanel } from './bulk-action.js';
import { formatTime, h, notice } from './dom.js';

/** @typedef {import('./types.js').FailureGroup} FailureGroup */
/** @typedef {import('./types.js').Failure} Failure */

const GROUP_LIMIT = 100;

/**
 * The bulk retry of a group: its template's tasks in error whose failed step carries its code.
 * The filter has no step, so a task of the template failing with the same code at another step
 * is retried too (and every step of a matched task in error is retried, as the task's retry does).
 * @param {FailureGroup} group
 * @returns {import('./bulk-action.js').BulkRequest}
 */
function retryRequest(group) {
  const template = `${group.namespace}/${group.name}`;
  const where = `${template}, step ${group.step}${group.error_code ? `, code ${group.error_code}` : ''}`;
  return {
    action: 'retry',
    filter: { status: ['error'], namespace: group.namespace, name: group.name, ...(group.error_code ? { error_code: group.error_code } : {}) },
    what: `the tasks of ${where}`,
    note: group.error_code
      ? `The retry takes every ${template} task in error with a step that failed with code ${group.error_code} (at any step), and re-runs each of its steps in error.`
      : `These failures carry no error code: the retry takes every ${template} task in error, whatever its step or code.`,
  };
}

/** @param {FailureGroup} group */
function tasksLink(group) {
  const q = new URLSearchParams({ status: 'error', template: `${group.namespace}/${group.name}` });
  return `#/tasks?${q}`;
}

/**
 * @param {FailureGroup} group
 * @param {(group: FailureGroup) => void} onRetry
 */
function groupRow(group, onRetry) {
  return h(
    'tr',
    {
      'data-testid': 'failure-group',
      'data-template': `${group.namespace}/${group.name}`,
      'data-step': group.step,
      'data-code': group.error_code ?? '',
    },
    h('td', {}, `${group.namespace}/${group.name}`),
    h('td', {}, h('code', {}, group.step)),
    h('td', {}, group.error_code ? h('code', {}, group.error_code) : h('span', { class: 'muted' }, 'none')),
    h('td', { class: 'num', 'data-testid': 'failure-count' }, String(group.tasks)),
    h('td', {}, formatTime(group.first_seen)),
    h('td', {}, formatTime(group.last_seen)),
    h('td', { class: 'error-text', 'data-testid': 'failure-message' }, group.last_message ?? '—'),
    h(
      'td',
      { class: 'row-actions' },
      h('button', { type: 'button', class: 'small', 'data-testid': 'failure-retry', onclick: () => onRetry(group) }, 'Retry all in this group'),
      ' ',
      // The task list filters by status and template, not by step or code: it shows the template's every task in error.
      h('a', { href: tasksLink(group), 'data-testid': 'failure-tasks', title: `${group.namespace}/${group.name} tasks in error (any step or code)` }, 'Tasks'),
    ),
  );
}

/**
 * @param {HTMLElement} root
 * @param {import('./types.js').ViewContext} ctx
 * @returns {() => void}
 */
export function renderFailures(root, ctx) {
  const namespace = ctx.query.get('namespace') ?? '';
  const tbody = h('tbody', {});
  const message = h('div', {});
  const summary = h('p', { class: 'muted', 'data-testid': 'failures-summary' });
  let stopped = false;
  const panel = createBulkPanel({ onDone: () => void load() });

  const nsInput = h('input', { id: 'failures-namespace', name: 'namespace', placeholder: 'namespace', value: namespace, 'data-testid': 'failures-namespace' });
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter failures' },
    h('div', { class: 'field' }, h('label', { for: 'failures-namespace' }, 'Namespace'), nsInput),
    h(
      'div',
      { class: 'field actions' },
      h('button', { type: 'submit', 'data-testid': 'failures-apply' }, 'Apply'),
      h('button', { type: 'button', class: 'ghost', 'data-testid': 'failures-refresh', onclick: () => void load() }, 'Refresh'),
    ),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const ns = nsInput.value.trim();
    ctx.navigate(ns ? `#/failures?${new URLSearchParams({ namespace: ns })}` : '#/failures');
  });

  root.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Failures')),
    h('p', { class: 'muted' }, 'Tasks that ended in error, grouped by template, step and error code; the largest groups first.'),
    form,
    message,
    panel.element,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'list', 'data-testid': 'failures-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Template', 'Step', 'Error code', 'Tasks', 'First seen', 'Last seen', 'Latest message', ''].map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        tbody,
      ),
    ),
    summary,
  );

  async function load() {
    const q = new URLSearchParams({ limit: String(GROUP_LIMIT) });
    if (namespace) q.set('namespace', namespace);
    try {
      /** @type {import('./types.js').FailureList} */
      const { groups } = await api(`/v1/failures?${q}`);
      if (stopped) return;
      message.replaceChildren();
      tbody.replaceChildren(...groups.map((g) => groupRow(g, (group) => void panel.start(retryRequest(group)))));
      if (groups.length === 0) tbody.append(h('tr', {}, h('td', { colspan: 8, class: 'empty', 'data-testid': 'failures-empty' }, 'No task has ended in error.')));
      summary.textContent = groups.length >= GROUP_LIMIT ? `The ${GROUP_LIMIT} largest groups; narrow by namespace for the rest.` : '';
    } catch (e) {
      if (stopped) return;
      const err = /** @type {Failure} */ (e);
      const text = err.status === 401 ? 'Enter a token above to see failures.' : `Could not load failures: ${err.message}`;
      message.replaceChildren(notice(text, err.status === 401 ? 'info' : 'error', 'failures-error'));
    }
  }

  void load();
  return () => {
    stopped = true;
    panel.close();
  };
}
