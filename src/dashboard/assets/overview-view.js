// @ts-check
// The overview (GET /v1/stats): throughput over the window as a chart (uPlot,
// loaded on first use), the ready backlog, step latency, errors by template
// and tasks by status. Refreshed every few seconds in place: the page is built
// once and each answer only changes texts, rows and the chart's data.

import { api } from './api.js';
import { h, notice } from './dom.js';

/** @typedef {import('./overview.js').StatsView} StatsView */
/** @typedef {import('./overview.js').UPlot} UPlot */
/** @typedef {import('./overview.js').UPlotConstructor} UPlotConstructor */
/** @typedef {import('./types.js').Failure} Failure */

const REFRESH_MS = 5000;
const WINDOWS = ['5m', '15m', '1h', '6h'];
const CHART_HEIGHT = 220;

/** @type {Promise<UPlotConstructor> | undefined} */
let uplotLoaded;

/** Loads uPlot's script and stylesheet once (a classic script: it sets `window.uPlot`). */
function loadUplot() {
  uplotLoaded ??= new Promise((resolve, reject) => {
    document.head.append(h('link', { rel: 'stylesheet', href: '/dashboard/vendor/uPlot.min.css' }));
    const script = h('script', { src: '/dashboard/vendor/uPlot.iife.min.js' });
    script.addEventListener('load', () => (window.uPlot ? resolve(window.uPlot) : reject(new Error('uPlot did not load'))));
    script.addEventListener('error', () => reject(new Error('could not load /dashboard/vendor/uPlot.iife.min.js')));
    document.head.append(script);
  });
  return uplotLoaded;
}

/** @param {number | null} ms */
function formatMs(ms) {
  if (ms === null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

/** @param {number} perSecond */
function formatRate(perSecond) {
  if (perSecond >= 10) return `${Math.round(perSecond)}/s`;
  // Under one every ten seconds, per minute reads better than 0.01/s.
  return perSecond >= 0.1 || perSecond === 0 ? `${perSecond.toFixed(2)}/s` : `${(perSecond * 60).toFixed(1)}/min`;
}

/**
 * A number card; `set(value, text, detail)` updates it in place.
 * @param {string} label
 * @param {string} testid
 */
function card(label, testid) {
  const value = h('div', { class: 'stat-value', 'data-testid': testid }, '—');
  const detail = h('div', { class: 'stat-detail' });
  const element = h('div', { class: 'stat-card' }, h('div', { class: 'stat-label' }, label), value, detail);
  return {
    element,
    /**
     * @param {number | null} raw the API's number, kept in `data-value` for tests and tools
     * @param {string} text
     * @param {string} [more]
     */
    set(raw, text, more = '') {
      value.dataset.value = raw === null ? '' : String(raw);
      value.textContent = text;
      detail.textContent = more;
    },
  };
}

/**
 * The template's row in "errors by template": links to its failures and its tasks in error.
 * @param {StatsView['errors_by_template'][number]} e
 */
function errorRow(e) {
  const template = `${e.namespace}/${e.name}`;
  const failures = `#/failures?${new URLSearchParams({ namespace: e.namespace })}`;
  const tasks = `#/tasks?${new URLSearchParams({ status: 'error', template })}`;
  return h(
    'tr',
    { 'data-testid': 'error-template', 'data-template': template },
    h('td', {}, h('a', { href: failures, 'data-testid': 'error-template-link', title: `failures of namespace ${e.namespace}` }, template)),
    h('td', { class: 'num', 'data-testid': 'error-template-steps' }, String(e.step_errors)),
    h('td', { class: 'num', 'data-testid': 'error-template-tasks' }, String(e.failed_tasks)),
    h('td', {}, h('a', { href: tasks }, 'Tasks in error')),
  );
}

/**
 * @param {HTMLElement} root
 * @param {import('./types.js').ViewContext} ctx
 * @returns {() => void} stops the refresh and the chart
 */
export function renderOverview(root, ctx) {
  const windowParam = ctx.query.get('window') ?? '1h';
  const span = WINDOWS.includes(windowParam) ? windowParam : '1h';
  let stopped = false;
  /** @type {UPlot | undefined} */
  let chart;

  const picker = h(
    'select',
    { id: 'stats-window', 'data-testid': 'stats-window', 'aria-label': 'Window' },
    WINDOWS.map((w) => h('option', { value: w, selected: w === span }, `last ${w}`)),
  );
  picker.addEventListener('change', () => ctx.navigate(`#/overview?${new URLSearchParams({ window: picker.value })}`, { replace: true }));
  const updated = h('span', { class: 'muted', 'data-testid': 'stats-updated' });
  const message = h('div', {});

  const rate = card('Throughput now', 'stat-rate');
  const completed = card(`Completed (${span})`, 'stat-completed');
  const ready = card('Ready backlog', 'stat-ready');
  const p50 = card('p50 latency', 'stat-p50');
  const p99 = card('p99 latency', 'stat-p99');
  const errors = card(`Step errors (${span})`, 'stat-errors');

  const chartBox = h('div', { class: 'chart', 'data-testid': 'throughput-chart' });
  const backlogBody = h('tbody', {});
  const errorsBody = h('tbody', {});
  const statuses = h('div', { class: 'status-counts', 'data-testid': 'overview-statuses' });

  root.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Overview'), h('div', { class: 'actions' }, updated, picker)),
    message,
    h('div', { class: 'stat-cards' }, rate.element, completed.element, ready.element, p50.element, p99.element, errors.element),
    h('section', { class: 'panel' }, h('h2', {}, 'Steps per second'), chartBox),
    h(
      'div',
      { class: 'overview-grid' },
      h(
        'section',
        { class: 'panel' },
        h('h2', {}, 'Ready backlog by handler'),
        h(
          'table',
          { class: 'list', 'data-testid': 'backlog-table' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Handler'), h('th', { scope: 'col' }, 'Ready'))),
          backlogBody,
        ),
      ),
      h(
        'section',
        { class: 'panel' },
        h('h2', {}, 'Errors by template'),
        h(
          'table',
          { class: 'list', 'data-testid': 'errors-table' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['Template', 'Step errors', 'Failed tasks', ''].map((c) => h('th', { scope: 'col' }, c)),
            ),
          ),
          errorsBody,
        ),
      ),
    ),
    h('section', { class: 'panel' }, h('h2', {}, 'Tasks by status'), statuses),
  );

  /** @param {StatsView} stats */
  async function drawChart(stats) {
    const seconds = stats.throughput.bucket_seconds;
    /** @type {[number[], number[], number[]]} */
    const data = [
      stats.throughput.buckets.map((b) => Date.parse(b.start) / 1000),
      stats.throughput.buckets.map((b) => b.completed / seconds),
      stats.throughput.buckets.map((b) => b.errors / seconds),
    ];
    if (chart) return chart.setData(data);
    const UPlot = await loadUplot();
    if (stopped || chart) return;
    chart = new UPlot(
      {
        width: Math.max(320, chartBox.clientWidth),
        height: CHART_HEIGHT,
        series: [
          {},
          { label: 'completed/s', stroke: '#15803d', fill: 'rgba(21, 128, 61, 0.12)', width: 2, points: { show: false } },
          { label: 'errors/s', stroke: '#b91c1c', width: 1.5, points: { show: false } },
        ],
        axes: [{}, { label: 'steps/s', size: 60 }],
        scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
      },
      data,
      chartBox,
    );
  }

  /** @param {StatsView} stats */
  function show(stats) {
    const t = stats.throughput;
    rate.set(t.current_per_second, formatRate(t.current_per_second), 'completed in the last minute');
    completed.set(t.completed, String(t.completed), `${formatRate(t.per_second)} on average`);
    ready.set(stats.ready.total, String(stats.ready.total), stats.ready.total > 0 ? `oldest waiting ${formatMs(stats.ready.oldest_age_ms)}` : 'nothing waiting');
    const l = stats.latency;
    const sample = l.samples === 0 ? 'no step completed' : `over ${l.samples} steps`;
    p50.set(l.p50_ms, formatMs(l.p50_ms), `ready→complete; run ${formatMs(l.run_p50_ms)} (${sample})`);
    p99.set(l.p99_ms, formatMs(l.p99_ms), `ready→complete; run ${formatMs(l.run_p99_ms)}`);
    errors.set(t.errors, String(t.errors), `${stats.errors_by_template.reduce((n, e) => n + e.failed_tasks, 0)} tasks failed`);

    backlogBody.replaceChildren(
      ...stats.ready.by_handler.map((b) =>
        h(
          'tr',
          { 'data-testid': 'backlog-handler', 'data-handler': b.handler },
          h('td', {}, h('code', {}, b.handler || '(no handler)')),
          h('td', { class: 'num' }, String(b.count)),
        ),
      ),
    );
    if (stats.ready.other > 0) backlogBody.append(h('tr', {}, h('td', { class: 'muted' }, 'other handlers'), h('td', { class: 'num' }, String(stats.ready.other))));
    if (backlogBody.childElementCount === 0) backlogBody.append(h('tr', {}, h('td', { colspan: 2, class: 'empty' }, 'No step is waiting for a worker.')));

    errorsBody.replaceChildren(...stats.errors_by_template.map(errorRow));
    if (stats.errors_by_template.length === 0) errorsBody.append(h('tr', {}, h('td', { colspan: 4, class: 'empty' }, `No failures in the last ${stats.window}.`)));

    statuses.replaceChildren(
      ...stats.tasks_by_status.map((s) =>
        h(
          'a',
          {
            class: `status-count state-${s.status}`,
            href: `#/tasks?${new URLSearchParams({ status: s.status })}`,
            'data-testid': `overview-status-${s.status}`,
            'data-count': s.count,
          },
          h('span', { class: 'status-name' }, s.status.replaceAll('_', ' ')),
          h('span', { class: 'num' }, `${s.count}${s.capped ? '+' : ''}`),
        ),
      ),
    );
    updated.textContent = `updated ${new Date(stats.now).toLocaleTimeString([], { hour12: false })}`;
  }

  async function load() {
    try {
      /** @type {StatsView} */
      const stats = await api(`/v1/stats?${new URLSearchParams({ window: span })}`);
      if (stopped) return;
      message.replaceChildren();
      show(stats);
      await drawChart(stats);
    } catch (e) {
      if (stopped) return;
      const err = /** @type {Failure} */ (e);
      const text = err.status === 401 ? 'Enter a token above to see the overview.' : `Could not load the overview: ${err.message}`;
      message.replaceChildren(notice(text, err.status === 401 ? 'info' : 'error', 'overview-error'));
    }
  }

  const onResize = () => chart?.setSize({ width: Math.max(320, chartBox.clientWidth), height: CHART_HEIGHT });
  addEventListener('resize', onResize);
  const timer = setInterval(() => void load(), REFRESH_MS);
  void load();
  return () => {
    stopped = true;
    clearInterval(timer);
    removeEventListener('resize', onResize);
    chart?.destroy();
  };
}
