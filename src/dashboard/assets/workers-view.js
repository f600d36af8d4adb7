// @ts-check
// Workers: what each one runs, how busy it is, when it was last heard from,
// and a drain button (finish what it holds, claim nothing new).

import { api } from './api.js';
import { badge, formatTime, h, notice, shortId } from './dom.js';
import { refreshingList } from './refreshing-list.js';

/** @typedef {import('./types.js').WorkerView} WorkerView */
/** @typedef {import('./types.js').Failure} Failure */

/** @param {string} iso */
function ago(iso) {
  const s = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  if (!Number.isFinite(s)) return '—';
  if (s < 2) return 'just now';
  if (s < 120) return `${s} s ago`;
  if (s < 7200) return `${Math.round(s / 60)} min ago`;
  return formatTime(iso);
}

/**
 * @param {WorkerView} w
 * @param {(w: WorkerView, button: HTMLButtonElement) => Promise<void>} onDrain
 */
function workerRow(w, onDrain) {
  const labels = Object.entries(w.labels ?? {});
  return h(
    'tr',
    { 'data-testid': `worker-row-${w.id}` },
    h('td', {}, h('strong', {}, w.name), h('br'), shortId(w.id), h('span', { class: 'muted' }, ` · ${w.transport}`)),
    h('td', {}, badge(w.state, `worker-state-${w.id}`)),
    h(
      'td',
      {},
      w.handlers.map((x) => h('code', { class: 'chip' }, x)),
    ),
    h('td', {}, labels.length ? labels.map(([k, v]) => h('span', { class: 'tag' }, `${k}=${v}`)) : h('span', { class: 'muted' }, 'none')),
    h('td', { class: 'num' }, `${w.in_flight} / ${w.capacity}`),
    h('td', { title: formatTime(w.last_heartbeat_at) }, ago(w.last_heartbeat_at)),
    h('td', { class: 'error-text' }, w.last_error ?? ''),
    h(
      'td',
      {},
      h(
        'button',
        {
          type: 'button',
          class: 'ghost',
          disabled: w.state !== 'active',
          'aria-label': `Drain worker ${w.name}`,
          'data-testid': `drain-${w.id}`,
          onclick: (ev) => void onDrain(w, /** @type {HTMLButtonElement} */ (ev.currentTarget)),
        },
        'Drain',
      ),
    ),
  );
}

/**
 * @param {HTMLElement} root
 * @returns {() => void} stops the refresh
 */
export function renderWorkers(root) {
  const message = h('div', {});
  const tbody = h('tbody', {});
  const table = h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'list', 'data-testid': 'workers-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Worker', 'State', 'Handlers', 'Labels', 'In flight', 'Last heartbeat', 'Last error', ''].map((c) => h('th', { scope: 'col' }, c)),
        ),
      ),
      tbody,
    ),
  );
  root.append(h('div', { class: 'page-head' }, h('h1', {}, 'Workers')), message, table);

  /**
   * @param {WorkerView} w
   * @param {HTMLButtonElement} button
   */
  async function drain(w, button) {
    if (!window.confirm(`Drain ${w.name}? It finishes its running steps and claims no new ones.`)) return;
    button.disabled = true;
    try {
      await api(`/v1/workers/${encodeURIComponent(w.id)}/drain`, { method: 'POST' });
      await list.load();
    } catch (err) {
      button.disabled = false;
      message.replaceChildren(notice(`Could not drain ${w.name}: ${/** @type {Failure} */ (err).message}`, 'error', 'workers-error'));
    }
  }

  const list = refreshingList({
    path: '/v1/workers',
    noun: 'workers',
    table,
    tbody,
    message,
    rows: (/** @type {import('./types.js').WorkerList} */ body) => body.workers,
    row: (/** @type {WorkerView} */ w) => workerRow(w, drain),
    empty: 'No workers registered.',
    columns: 8,
  });
  return list.stop;
}
