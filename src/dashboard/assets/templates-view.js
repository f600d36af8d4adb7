// @ts-check
// Templates: the registered list, and one template's definition drawn as its DAG.

import { api } from './api.js';
import { renderDag } from './dag.js';
import { facts, formatTime, h, jsonBlock, notice } from './dom.js';
import { runFormHash } from './run-form.js';

/** @typedef {import('./types.js').Failure} Failure */
/** @typedef {import('./types.js').StepDefinition} StepDefinition */

/** @param {{ namespace: string, name: string, version: string }} t */
const templatePath = (t) => `${encodeURIComponent(t.namespace)}/${encodeURIComponent(t.name)}/${encodeURIComponent(t.version)}`;

/**
 * @param {HTMLElement} root
 * @returns {() => void}
 */
export function renderTemplates(root) {
  const message = h('div', {});
  const tbody = h('tbody', {});
  root.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Templates')),
    message,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'list', 'data-testid': 'templates-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Template', 'Version', 'Description', 'Registered', ''].map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        tbody,
      ),
    ),
  );
  let stopped = false;
  /** @type {Promise<import('./types.js').TemplateList>} */
  const list = api('/v1/templates');
  list
    .then((body) => {
      if (stopped) return;
      const rows = body.templates.map((t) =>
        h(
          'tr',
          { 'data-testid': `template-row-${t.namespace}/${t.name}/${t.version}` },
          h('td', {}, h('a', { href: `#/templates/${templatePath(t)}` }, `${t.namespace}/${t.name}`)),
          h('td', {}, h('code', {}, t.version)),
          h('td', {}, t.description ?? h('span', { class: 'muted' }, '—')),
          h('td', {}, formatTime(t.created_at)),
          h(
            'td',
            { class: 'row-actions run-cell' },
            h('a', { class: 'button-link small', href: runFormHash(t), 'data-testid': `template-run-${t.namespace}/${t.name}/${t.version}` }, 'Run…'),
          ),
        ),
      );
      tbody.replaceChildren(...rows);
      if (rows.length === 0)
        tbody.append(h('tr', {}, h('td', { colspan: 5, class: 'empty' }, 'No templates registered. Register one with POST /v1/templates or `baton template apply`.')));
    })
    .catch((/** @type {Failure} */ err) => {
      if (!stopped) message.replaceChildren(notice(`Could not load templates: ${err.message}`, 'error', 'templates-error'));
    });
  return () => {
    stopped = true;
  };
}

/** @param {StepDefinition | null | undefined} step */
function stepDetails(step) {
  if (!step) return h('div', { class: 'placeholder', 'data-testid': 'template-step-details' }, 'Select a step in the graph to see its definition.');
  const labels = Object.entries(step.labels ?? {});
  return h(
    'div',
    { 'data-testid': 'template-step-details' },
    h('h2', {}, step.name),
    facts([
      // A worker-less step (sleep, wait) has no handler and is never retried: its spec says what it waits for.
      step.handler ? ['Handler', h('code', {}, step.handler)] : null,
      ['Kind', step.kind],
      ['Depends on', step.depends_on.length ? step.depends_on.join(', ') : '—'],
      step.sleep ? ['Sleeps', h('code', {}, JSON.stringify(step.sleep))] : null,
      step.wait ? ['Waits for', h('code', {}, JSON.stringify(step.wait))] : null,
      step.handler ? ['Retry', `${step.retry.max_attempts} attempts, ${step.retry.backoff} backoff`] : null,
      step.handler ? ['Timeout', step.timeout_seconds ? `${step.timeout_seconds} s` : 'none'] : null,
      labels.length ? ['Labels', labels.map(([k, v]) => h('span', { class: 'tag' }, `${k}=${v}`))] : null,
      step.fan_out ? ['Fan-out', h('code', {}, JSON.stringify(step.fan_out))] : null,
    ]),
    h('h3', {}, 'Params'),
    jsonBlock(step.params, 'template-step-params'),
  );
}

/**
 * @param {HTMLElement} root
 * @param {string[]} path the template's namespace, name and version
 * @returns {() => void}
 */
export function renderTemplate(root, [namespace, name, version]) {
  const message = h('div', {});
  const body = h('div', {});
  root.append(h('p', { class: 'crumbs' }, h('a', { href: '#/templates' }, '← Templates')), message, body);
  let stopped = false;
  /** @type {Promise<import('./types.js').TemplateAnswer>} */
  const answer = api(`/v1/templates/${templatePath({ namespace, name, version })}`);
  answer
    .then(({ template }) => {
      if (stopped) return;
      const def = template.definition;
      const details = h('aside', { class: 'details', 'aria-label': 'Step definition' }, stepDetails(null));
      const graph = renderDag(def.steps, {
        label: `Steps of template ${namespace}/${name}`,
        testid: 'template-dag',
        onSelect(stepName) {
          graph.select(stepName);
          details.replaceChildren(stepDetails(def.steps.find((st) => st.name === stepName)));
        },
      });
      body.replaceChildren(
        h(
          'div',
          { class: 'page-head' },
          h('h1', {}, `${namespace}/${name}`, h('span', { class: 'muted' }, ` @${version}`)),
          h('div', { class: 'actions' }, h('a', { class: 'button-link', href: runFormHash({ namespace, name, version }), 'data-testid': 'template-run' }, 'Run task…')),
        ),
        template.description ? h('p', {}, template.description) : '',
        facts([
          ['Steps', String(def.steps.length)],
          ['On failure', def.on_failure],
          ['Task timeout', def.timeout_seconds ? `${def.timeout_seconds} s` : 'none'],
          ['Digest', h('code', {}, template.digest.slice(0, 16))],
          ['Registered', formatTime(template.created_at)],
        ]),
        h('div', { class: 'task-body' }, h('section', { class: 'graph-panel', 'aria-label': 'Step graph' }, h('div', { class: 'graph-wrap' }, graph.element)), details),
        def.input_schema ? h('details', { class: 'more' }, h('summary', {}, 'Input schema'), jsonBlock(def.input_schema)) : '',
        h('details', { class: 'more' }, h('summary', {}, 'Definition'), jsonBlock(def)),
      );
    })
    .catch((/** @type {Failure} */ err) => {
      if (!stopped)
        message.replaceChildren(
          notice(err.status === 404 ? `No template ${namespace}/${name}@${version}.` : `Could not load the template: ${err.message}`, 'error', 'template-error'),
        );
    });
  return () => {
    stopped = true;
  };
}
