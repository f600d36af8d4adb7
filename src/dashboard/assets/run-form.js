// @ts-check
// "Run task": a form generated from a template's `input_schema` (a field per
// top-level property, required ones marked, defaults filled in), or a JSON
// context for a template without one. The server validates the context: its
// problems are shown beside the fields they name, the rest above the button.
// A task accepted opens the task's page.

import { api } from './api.js';
import { h, jsonBlock, notice } from './dom.js';
import { problemKey, problemsOf, schemaFields } from './schema-fields.js';
import { submitRefusal, submitTask } from './task-submit.js';

/** @typedef {import('./types.js').Failure} Failure */
/** @typedef {import('./schema-fields.js').SchemaField} SchemaField */

/** @param {{ namespace: string, name: string, version: string }} t */
export const runFormHash = (t) => `#/templates/${encodeURIComponent(t.namespace)}/${encodeURIComponent(t.name)}/${encodeURIComponent(t.version)}/run`;

/**
 * @param {HTMLElement} root
 * @param {string[]} path the template's namespace, name and version
 * @param {import('./types.js').ViewContext} ctx
 * @returns {() => void}
 */
export function renderRunForm(root, [namespace, name, version], ctx) {
  const templateHash = `#/templates/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/${encodeURIComponent(version)}`;
  const message = h('div', {});
  const body = h('div', { class: 'run-form-wrap' }, h('p', { class: 'muted' }, 'Loading the template…'));
  root.append(
    h('p', { class: 'crumbs' }, h('a', { href: '#/templates' }, '← Templates'), ' / ', h('a', { href: templateHash }, `${namespace}/${name}`)),
    h('div', { class: 'page-head' }, h('h1', {}, 'Run ', `${namespace}/${name}`, h('span', { class: 'muted' }, ` @${version}`))),
    message,
    body,
  );
  let stopped = false;

  /** @type {Promise<import('./types.js').TemplateAnswer>} */
  const answer = api(`/v1/templates/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/${encodeURIComponent(version)}`);
  answer
    .then(({ template }) => {
      if (stopped) return;
      const schema = template.definition.input_schema;
      body.replaceChildren(buildForm(schema), schema ? h('details', { class: 'more' }, h('summary', {}, 'Input schema'), jsonBlock(schema, 'run-input-schema')) : '');
      if (template.description) body.prepend(h('p', {}, template.description));
    })
    .catch((/** @type {Failure} */ err) => {
      if (stopped) return;
      body.replaceChildren();
      message.replaceChildren(
        notice(err.status === 404 ? `No template ${namespace}/${name}@${version}.` : `Could not load the template: ${err.message}`, 'error', 'run-form-error'),
      );
    });

  /** @param {unknown} schema the template's input_schema, if any */
  function buildForm(schema) {
    const fields = schema ? schemaFields(schema, 'run-field') : null;
    const contextArea = h('textarea', { id: 'run-context', rows: 8, spellcheck: 'false', class: 'code', 'data-testid': 'run-context' });
    contextArea.value = '{}';
    const contextError = h('div', { class: 'field-error', 'data-testid': 'field-error-context', hidden: true });
    const tags = h('input', { id: 'run-tags', type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: 'e.g. manual, from-dashboard', 'data-testid': 'run-tags' });
    const priority = h('input', { id: 'run-priority', type: 'number', step: '1', min: -1000, max: 1000, placeholder: '0', 'data-testid': 'run-priority' });
    const result = h('div', { 'aria-live': 'polite', 'data-testid': 'run-result' });
    const submit = h('button', { type: 'submit', 'data-testid': 'run-submit' }, 'Run task');

    /** @param {string[]} messages */
    const showContextError = (messages) => {
      contextError.replaceChildren(...messages.map((m) => h('span', {}, m)));
      contextError.hidden = messages.length === 0;
    };

    /** The context to send, or null after showing why there is none. */
    function readContext() {
      if (!fields) {
        try {
          const value = JSON.parse(contextArea.value.trim() || '{}');
          showContextError([]);
          return /** @type {{ value: unknown }} */ ({ value });
        } catch (err) {
          showContextError([`The context is not JSON: ${/** @type {Error} */ (err).message}`]);
          return null;
        }
      }
      /** @type {Record<string, unknown>} */
      const context = {};
      let ok = true;
      for (const field of fields) {
        const read = field.read();
        if ('problem' in read) {
          field.showError([read.problem]);
          ok = false;
        } else {
          field.showError([]);
          if (read.present) context[field.key] = read.value;
        }
      }
      return ok ? { value: context } : null;
    }

    async function run() {
      result.replaceChildren();
      const context = readContext();
      if (!context) {
        result.replaceChildren(notice('Fix the fields marked above first.', 'error', 'submit-error'));
        return;
      }
      const tagList = tags.value
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      const prio = priority.value.trim() === '' ? undefined : Number(priority.value);
      submit.disabled = true;
      result.replaceChildren(h('p', { class: 'muted' }, 'Submitting…'));
      try {
        const task = await submitTask({
          namespace,
          name,
          version,
          context: context.value,
          ...(tagList.length ? { tags: tagList } : {}),
          ...(prio !== undefined && Number.isFinite(prio) ? { priority: prio } : {}),
        });
        if (stopped) return;
        ctx.navigate(`#/tasks/${encodeURIComponent(task.id)}`);
      } catch (e) {
        if (stopped) return;
        submit.disabled = false;
        const err = /** @type {Failure & { code?: string, details?: unknown }} */ (e);
        // The server's problems beside the fields they name; the others in the notice.
        /** @type {Map<string, string[]>} */
        const byKey = new Map();
        for (const p of problemsOf(err.details)) {
          const key = problemKey(p);
          if (key !== null && fields?.some((f) => f.key === key)) byKey.set(key, [...(byKey.get(key) ?? []), p.message]);
        }
        for (const field of fields ?? []) field.showError(byKey.get(field.key) ?? []);
        if (!fields) showContextError(problemsOf(err.details).map((p) => `${p.path || '/'} ${p.message}`));
        result.replaceChildren(submitRefusal(err, new Set(byKey.keys())));
        const first = fields?.find((f) => byKey.has(f.key));
        first?.element.querySelector('input, select, textarea')?.scrollIntoView({ block: 'center' });
      }
    }

    return h(
      'form',
      {
        class: 'run-form',
        'data-testid': 'run-form',
        'data-template': `${namespace}/${name}/${version}`,
        novalidate: true,
        onsubmit: (ev) => {
          ev.preventDefault();
          void run();
        },
      },
      fields
        ? fields.length > 0
          ? [
              h('h2', {}, 'Context'),
              h('p', { class: 'hint' }, 'Fields from the template’s input schema; ', h('span', { class: 'required' }, '*'), ' marks a required one.'),
              fields.map((f) => f.element),
            ]
          : h('p', { class: 'hint' }, 'The input schema names no properties: the task runs with an empty context.')
        : [
            h('label', { for: 'run-context' }, 'Context (JSON object)'),
            h('p', { class: 'hint' }, 'This template has no input schema: any JSON object is accepted.'),
            contextArea,
            contextError,
          ],
      h(
        'details',
        { class: 'run-options', 'data-testid': 'run-options' },
        h('summary', {}, 'Options'),
        h('div', { class: 'field' }, h('label', { for: 'run-tags' }, 'Tags (comma separated)'), tags),
        h('div', { class: 'field' }, h('label', { for: 'run-priority' }, 'Priority (−1000 to 1000, higher runs first)'), priority),
      ),
      h('div', { class: 'actions' }, submit, h('a', { class: 'button-link ghost', href: templateHash }, 'Cancel')),
      result,
    );
  }

  return () => {
    stopped = true;
  };
}
