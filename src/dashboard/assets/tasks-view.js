// @ts-check
// The tasks list: counts by status (GET /v1/tasks/counts, each a filter),
// filters (status, template, tag), a search by id prefix or tag, cursor pages,
// rows kept current from the all-tasks event feed (GET /v1/events), and a
// selection to cancel or retry (task-selection.js).

import { api, feedWithPolling, followEvents } from './api.js';
import { badge, formatDuration, formatTime, h, notice, shortId } from './dom.js';
import { TASK_STATUSES as STATUSES } from './states.js';
import { createTaskSelection } from './task-selection.js';

/** @typedef {import('./types.js').TaskView} TaskView */
/** @typedef {import('./types.js').Failure} Failure */
/** The list's filters, as in the address: '' or absent when unset; `id` is a task id prefix. @typedef {{ status?: string, template?: string, tag?: string, id?: string, cursor?: string }} Filters */

const PAGE_SIZE = 25;
const POLL_MS = 5000;
const RELOAD_THROTTLE_MS = 1000;
/** Hex digits (dashes aside) from which a search is taken for an id: a list row shows 8. */
const ID_SEARCH_DIGITS = 8;
/** The filter keys the address holds, in order. */
const FILTER_KEYS = /** @type {const} */ (['status', 'template', 'tag', 'id', 'cursor']);

// Cursors of the pages before the current one, so "Previous" works within a session.
/** @type {string[]} */
const previousCursors = [];

/**
 * The template filter `namespace/name` (or `namespace` alone) as the API's fields.
 * @param {string | undefined} template
 * @returns {{ namespace?: string, name?: string }}
 */
function templateFields(template) {
  const [namespace, ...rest] = (template ?? '').split('/');
  const name = rest.join('/');
  return { ...(namespace ? { namespace } : {}), ...(name ? { name } : {}) };
}

/** @param {Filters} filters */
function listPath(filters) {
  const q = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (filters.status) q.set('status', filters.status);
  for (const [key, value] of Object.entries(templateFields(filters.template))) q.set(key, value);
  if (filters.tag) q.set('tag', filters.tag);
  if (filters.id) q.set('id_prefix', filters.id);
  if (filters.cursor) q.set('cursor', filters.cursor);
  return `/v1/tasks?${q}`;
}

/** @param {Filters} filters */
function hashFor(filters) {
  const q = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value) q.set(key, value);
  }
  const text = q.toString();
  return text ? `#/tasks?${text}` : '#/tasks';
}

/**
 * The list's filters as the bulk routes take them, and in words.
 * @param {Filters} filters
 * @returns {{ filter: import('./types.js').BulkFilter, text: string }}
 */
function bulkFilter(filters) {
  /** @type {import('./types.js').BulkFilter} */
  const filter = { ...templateFields(filters.template) };
  // The list's statuses are the domain's (states.js), as the bulk routes take them.
  if (filters.status) filter.status = [/** @type {import('./types.js').TaskStatus} */ (filters.status)];
  if (filters.tag) filter.tag = filters.tag;
  const words = [
    filters.status ? `status ${filters.status.replaceAll('_', ' ')}` : '',
    filters.template ? `template ${filters.template}` : '',
    filters.tag ? `tag ${filters.tag}` : '',
    filters.id ? `id starting ${filters.id}` : '',
  ].filter(Boolean);
  return { filter, text: words.length > 0 ? words.join(', ') : 'no filter (every task)' };
}

/**
 * What a search box entry looks for: `id:…` or `tag:…` say it; otherwise an
 * entry of at least 8 hex digits (dashes aside) is the start of a task id
 * (a row shows the first 8), and anything else a tag.
 * @param {string} text
 * @returns {{ id?: string, tag?: string }}
 */
export function parseSearch(text) {
  const value = text.trim();
  if (value === '') return {};
  const forced = /^(id|tag):\s*(.*)$/i.exec(value);
  if (forced) return forced[1].toLowerCase() === 'id' ? { id: forced[2] } : { tag: forced[2] };
  const digits = value.replaceAll('-', '');
  return /^[0-9a-f]+$/i.test(digits) && digits.length >= ID_SEARCH_DIGITS && value.length <= 36 ? { id: value.toLowerCase() } : { tag: value };
}

/**
 * The counts by status, each a link that filters the list by that status (or by none).
 * @param {import('./overview.js').StatsView['tasks_by_status']} counts
 * @param {Filters} filters
 */
function statusCounts(counts, filters) {
  const link = (/** @type {string} */ status, /** @type {string} */ label, /** @type {string} */ text) =>
    h(
      'a',
      {
        class: `status-count state-${status || 'template'}`,
        href: hashFor({ ...filters, status, cursor: '' }),
        'aria-current': (filters.status ?? '') === status ? 'true' : undefined,
        'data-testid': `status-count-${status || 'all'}`,
      },
      h('span', { class: 'status-name' }, label),
      h('span', { class: 'num', 'data-testid': 'status-count-value' }, text),
    );
  const total = counts.reduce((n, c) => n + c.count, 0);
  return [
    link('', 'all', `${total}${counts.some((c) => c.capped) ? '+' : ''}`),
    ...counts.map((c) => link(c.status, c.status.replaceAll('_', ' '), `${c.count}${c.capped ? '+' : ''}`)),
  ];
}

/**
 * @param {TaskView} task
 * @param {HTMLInputElement} checkbox
 */
function taskRow(task, checkbox) {
  const link = `#/tasks/${encodeURIComponent(task.id)}`;
  return h(
    'tr',
    { 'data-testid': `task-row-${task.id}`, 'data-task-id': task.id },
    h('td', { class: 'select-cell' }, checkbox),
    h('td', {}, h('a', { href: link, 'data-testid': `task-link-${task.id}` }, shortId(task.id))),
    h('td', {}, h('a', { href: link }, `${task.namespace}/${task.name}`), h('span', { class: 'muted' }, ` @${task.version}`)),
    h('td', { class: 'status-cell' }, badge(task.status, `task-status-${task.id}`)),
    h(
      'td',
      {},
      (task.tags ?? []).map((t) => h('span', { class: 'tag' }, t)),
    ),
    h('td', {}, formatTime(task.created_at)),
    h('td', {}, task.started_at ? formatDuration(task.started_at, task.finished_at) : '—'),
  );
}

/**
 * @param {Filters} filters
 * @param {Promise<string[]>} templateNames
 * @param {(filters: Filters) => void} onApply
 */
function filterForm(filters, templateNames, onApply) {
  const status = h(
    'select',
    { id: 'filter-status', name: 'status', 'data-testid': 'filter-status' },
    h('option', { value: '' }, 'Any status'),
    STATUSES.map((st) => h('option', { value: st, selected: st === filters.status }, st.replaceAll('_', ' '))),
  );
  const template = h('input', {
    id: 'filter-template',
    name: 'template',
    list: 'template-names',
    placeholder: 'namespace/name',
    value: filters.template ?? '',
    'data-testid': 'filter-template',
  });
  const tag = h('input', { id: 'filter-tag', name: 'tag', placeholder: 'tag', value: filters.tag ?? '', 'data-testid': 'filter-tag' });
  const search = h('input', {
    id: 'filter-search',
    name: 'search',
    type: 'search',
    class: 'search-box',
    placeholder: 'task id (8+ hex digits) or tag',
    title: 'The start of a task id, or a tag; "id:…" or "tag:…" to say which',
    value: filters.id ? `id:${filters.id}` : '',
    'data-testid': 'task-search',
  });
  const datalist = h('datalist', { id: 'template-names' });
  void templateNames.then((names) => datalist.replaceChildren(...names.map((n) => h('option', { value: n }))));
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter tasks' },
    h('div', { class: 'field' }, h('label', { for: 'filter-status' }, 'Status'), status),
    h('div', { class: 'field' }, h('label', { for: 'filter-template' }, 'Template'), template, datalist),
    h('div', { class: 'field' }, h('label', { for: 'filter-tag' }, 'Tag'), tag),
    h('div', { class: 'field' }, h('label', { for: 'filter-search' }, 'Search'), search),
    h(
      'div',
      { class: 'field actions' },
      h('button', { type: 'submit', 'data-testid': 'filter-apply' }, 'Apply'),
      h('button', { type: 'button', class: 'ghost', 'data-testid': 'filter-reset', onclick: () => onApply({}) }, 'Reset'),
    ),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    // A search for a tag fills the tag filter; one for an id adds the id filter.
    const found = parseSearch(search.value);
    onApply({ status: status.value, template: template.value.trim(), tag: found.tag ?? tag.value.trim(), id: found.id ?? '' });
  });
  return form;
}

/**
 * @param {HTMLElement} root
 * @param {import('./types.js').ViewContext} ctx
 * @returns {() => void} closes the feed and timers
 */
export function renderTasks(root, ctx) {
  /** @type {Filters} */
  const filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, ctx.query.get(k) ?? '']));
  if (!filters.cursor) previousCursors.length = 0;
  /** @type {Promise<import('./types.js').TemplateList>} */
  const templates = api('/v1/templates');
  const templateNames = templates.then((r) => [...new Set(r.templates.map((t) => `${t.namespace}/${t.name}`))].sort()).catch(() => /** @type {string[]} */ ([]));

  const tbody = h('tbody', {});
  const message = h('div', {});
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' });
  const counts = h('nav', { class: 'status-counts in-list', 'aria-label': 'Tasks by status', 'data-testid': 'status-counts' });
  /** @type {Map<string, HTMLTableRowElement>} */
  const rows = new Map();
  let stopped = false;
  const bulk = bulkFilter(filters);
  const selection = createTaskSelection({
    key: hashFor({ ...filters, cursor: '' }),
    filter: bulk.filter,
    filterText: bulk.text,
    // The bulk routes filter by no id: "all matching" would reach past an id search.
    canSelectMatching: !filters.id,
    onDone: () => void load(),
  });

  root.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Tasks')),
    counts,
    filterForm(filters, templateNames, (next) => ctx.navigate(hashFor(next))),
    message,
    selection.element,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'list', 'data-testid': 'tasks-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col', class: 'select-cell' }, selection.pageBox),
            ['Task', 'Template', 'Status', 'Tags', 'Created', 'Duration'].map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        tbody,
      ),
    ),
    pager,
  );

  async function loadCounts() {
    try {
      /** @type {{ tasks_by_status: import('./overview.js').StatsView['tasks_by_status'] }} */
      const answer = await api('/v1/tasks/counts');
      if (!stopped) counts.replaceChildren(...statusCounts(answer.tasks_by_status, filters));
    } catch {
      // The list reports the failure (both calls fail alike); the counts stay as they were.
    }
  }

  async function load() {
    void loadCounts();
    try {
      /** @type {import('./types.js').TaskPage} */
      const page = await api(listPath(filters));
      if (stopped) return;
      message.replaceChildren();
      rows.clear();
      selection.resetPage();
      tbody.replaceChildren(
        ...page.tasks.map((t) => {
          const tr = taskRow(t, selection.checkbox(t.id, `task ${t.id} (${t.namespace}/${t.name})`));
          rows.set(t.id, tr);
          return tr;
        }),
      );
      selection.paint();
      if (page.tasks.length === 0) tbody.append(h('tr', {}, h('td', { colspan: 7, class: 'empty' }, 'No tasks match.')));
      pager.replaceChildren(
        previousCursors.length > 0 || filters.cursor
          ? h(
              'button',
              {
                type: 'button',
                class: 'ghost',
                'data-testid': 'prev-page',
                onclick: () => {
                  const prev = previousCursors.pop() ?? '';
                  ctx.navigate(hashFor({ ...filters, cursor: prev }));
                },
              },
              '← Previous',
            )
          : '',
        page.next_cursor
          ? h(
              'button',
              {
                type: 'button',
                class: 'ghost',
                'data-testid': 'next-page',
                onclick: () => {
                  previousCursors.push(filters.cursor ?? '');
                  ctx.navigate(hashFor({ ...filters, cursor: page.next_cursor ?? '' }));
                },
              },
              'Next →',
            )
          : '',
      );
    } catch (e) {
      if (stopped) return;
      const err = /** @type {Failure} */ (e);
      const text = err.status === 401 ? 'Enter a token above to see tasks.' : `Could not load tasks: ${err.message}`;
      message.replaceChildren(notice(text, err.status === 401 ? 'info' : 'error', 'tasks-error'));
    }
  }

  // Feed events arrive in bursts; reload at most once a second.
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let reloadTimer = undefined;
  const reloadSoon = () => {
    reloadTimer ??= setTimeout(() => {
      reloadTimer = undefined;
      void load();
    }, RELOAD_THROTTLE_MS);
  };

  const feed = feedWithPolling(ctx, POLL_MS, () => load());
  const stream = followEvents('/v1/events', {
    /**
     * @param {string} type
     * @param {import('./types.js').StreamData | null} data
     */
    onEvent(type, data) {
      if (type !== 'transition' || !data?.task_id || data.step) return;
      // A task-level transition: show the new status at once, then refresh timings and membership.
      const tr = rows.get(data.task_id);
      // Every row has a status cell (taskRow).
      if (tr && data.to) /** @type {Element} */ (tr.querySelector('.status-cell')).replaceChildren(badge(data.to, `task-status-${data.task_id}`));
      if (tr || !filters.cursor) reloadSoon();
    },
    onState: feed.onState,
  });

  // load() reports its own failures on the page, as every call of it below.
  void load();
  return () => {
    stopped = true;
    stream.close();
    clearTimeout(reloadTimer);
    feed.stop();
  };
}
