// @ts-check
// Form fields for a JSON Schema's top-level properties (a template's
// `input_schema`): text, number and integer inputs, a checkbox (or a
// three-way choice when the field is optional), a select for an enum, and a
// JSON textarea for objects, arrays and anything else. Each field reads back
// its value (absent when left empty) and shows errors: its own (not a number,
// not JSON) and the server's for its path.

import { h } from './dom.js';
import { samplePayload } from './signal-form.js';

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
export const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What a field holds after reading: absent (left empty, not sent), a value, or a problem to show.
 * @typedef {{ present: false } | { present: true, value: unknown } | { problem: string }} FieldValue
 */
/**
 * @typedef {{ key: string, element: HTMLElement, read(): FieldValue, showError(messages: string[]): void }} SchemaField
 */

/**
 * The form's fields, or null when the schema is not an object with properties (the form then takes the whole context as JSON).
 * @param {unknown} schema
 * @param {string} idPrefix
 * @returns {SchemaField[] | null}
 */
export function schemaFields(schema, idPrefix) {
  if (!isObject(schema) || !isObject(schema.properties) || (schema.type !== undefined && schema.type !== 'object')) return null;
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((k) => typeof k === 'string') : []);
  const properties = schema.properties;
  // Required fields first, in the schema's order (a stored definition keeps `required`'s order, not the properties'), then the rest by name.
  const optional = Object.keys(properties)
    .filter((k) => !required.has(k))
    .sort();
  const keys = [...required, ...optional];
  return keys.map((key, i) => createField(key, properties[key], required.has(key), `${idPrefix}-${i}`));
}

/**
 * The type a field edits: the schema's `type`, or `json` for several types, none, or a structured one.
 * @param {Record<string, unknown>} schema
 */
function fieldKind(schema) {
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return 'enum';
  const type = schema.type;
  if (type === 'string' || type === 'number' || type === 'integer' || type === 'boolean') return type;
  return 'json';
}

/**
 * @param {string} key
 * @param {unknown} rawSchema
 * @param {boolean} required
 * @param {string} id
 * @returns {SchemaField}
 */
function createField(key, rawSchema, required, id) {
  const schema = isObject(rawSchema) ? rawSchema : {};
  const kind = fieldKind(schema);
  const hasDefault = 'default' in schema;
  const errorId = `${id}-error`;
  const errorBox = h('div', { class: 'field-error', id: errorId, 'data-testid': `field-error-${key}`, hidden: true });
  const common = { id, name: key, 'aria-describedby': errorId, 'aria-required': required ? 'true' : undefined, 'data-testid': `field-${key}` };

  /** @type {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} */
  let input;
  /** @type {() => FieldValue} */
  let read;
  if (kind === 'enum') {
    const options = /** @type {unknown[]} */ (schema.enum);
    const select = h(
      'select',
      common,
      required && hasDefault ? '' : h('option', { value: '' }, required ? '— choose —' : '— not set —'),
      options.map((v, n) => h('option', { value: String(n) }, typeof v === 'string' ? v : JSON.stringify(v))),
    );
    const initial = hasDefault ? options.findIndex((v) => JSON.stringify(v) === JSON.stringify(schema.default)) : -1;
    select.value = initial >= 0 ? String(initial) : '';
    input = select;
    read = () => (select.value === '' ? { present: false } : { present: true, value: options[Number(select.value)] });
  } else if (kind === 'boolean' && required) {
    const box = h('input', { ...common, type: 'checkbox' });
    box.checked = schema.default === true;
    input = box;
    read = () => ({ present: true, value: box.checked });
  } else if (kind === 'boolean') {
    // Optional: unset, true or false are three answers, which a checkbox cannot tell apart.
    const select = h('select', common, h('option', { value: '' }, '— not set —'), h('option', { value: 'true' }, 'true'), h('option', { value: 'false' }, 'false'));
    select.value = typeof schema.default === 'boolean' ? String(schema.default) : '';
    input = select;
    read = () => (select.value === '' ? { present: false } : { present: true, value: select.value === 'true' });
  } else if (kind === 'number' || kind === 'integer') {
    const field = h('input', {
      ...common,
      type: 'number',
      step: kind === 'integer' ? '1' : 'any',
      min: typeof schema.minimum === 'number' ? schema.minimum : undefined,
      max: typeof schema.maximum === 'number' ? schema.maximum : undefined,
    });
    field.value = typeof schema.default === 'number' ? String(schema.default) : '';
    input = field;
    read = () => {
      const text = field.value.trim();
      // A number input's value is '' for text it cannot parse: tell that apart from an empty field.
      if (text === '') return field.validity.badInput ? { problem: 'is not a number' } : { present: false };
      const value = Number(text);
      return Number.isFinite(value) ? { present: true, value } : { problem: 'is not a number' };
    };
  } else if (kind === 'string') {
    const field = h('input', { ...common, type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: typeof schema.format === 'string' ? schema.format : undefined });
    field.value = typeof schema.default === 'string' ? schema.default : '';
    input = field;
    // An empty string is taken as not given: the server then names a required field as missing.
    read = () => (field.value === '' ? { present: false } : { present: true, value: field.value });
  } else {
    const area = h('textarea', { ...common, rows: 4, spellcheck: 'false', class: 'code' });
    area.value = hasDefault ? JSON.stringify(schema.default, null, 2) : required ? JSON.stringify(samplePayload(schema, 1) ?? null, null, 2) : '';
    input = area;
    read = () => {
      const text = area.value.trim();
      if (text === '') return { present: false };
      try {
        return { present: true, value: JSON.parse(text) };
      } catch (err) {
        return { problem: `is not JSON: ${/** @type {Error} */ (err).message}` };
      }
    };
  }

  const type = kind === 'json' ? (typeof schema.type === 'string' ? `${schema.type}, JSON` : 'JSON') : kind === 'enum' ? 'one of' : kind;
  const title = typeof schema.title === 'string' ? schema.title : null;
  const label = h(
    'label',
    { for: id },
    title ?? key,
    title ? h('code', { class: 'muted' }, ` ${key}`) : '',
    required ? h('span', { class: 'required', title: 'required' }, ' *') : '',
    h('span', { class: 'field-type' }, ` ${type}`),
  );
  const description = typeof schema.description === 'string' ? h('p', { class: 'hint' }, schema.description) : '';
  const element = h('div', { class: `field field-${kind}`, 'data-field': key }, label, input, description, errorBox);
  return {
    key,
    element,
    read,
    showError(messages) {
      errorBox.replaceChildren(...messages.map((m) => h('span', {}, m)));
      errorBox.hidden = messages.length === 0;
      element.classList.toggle('invalid', messages.length > 0);
      if (messages.length > 0) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    },
  };
}

/**
 * A problem with a submitted context: an entry of `details.errors` of a 400 (`invalid_context` carries ajv's
 * `params`, `invalid_request` a dotted path).
 * @typedef {{ path: string, message: string, params?: Record<string, unknown> }} ContextProblem
 */

/**
 * The top-level property a problem is about: the first segment of its JSON
 * Pointer, or for a missing required property the property named in its params.
 * @param {ContextProblem} problem
 * @returns {string | null}
 */
export function problemKey(problem) {
  const missing = problem.params?.missingProperty;
  if ((problem.path === '/' || problem.path === '') && typeof missing === 'string') return missing;
  if (!problem.path.startsWith('/') || problem.path === '/') return null;
  const first = problem.path.slice(1).split('/')[0];
  // JSON Pointer escapes (RFC 6901).
  return first.replaceAll('~1', '/').replaceAll('~0', '~');
}

/**
 * The problems of a refused submit (an `ApiError`'s details), or none.
 * @param {unknown} details
 * @returns {ContextProblem[]}
 */
export function problemsOf(details) {
  if (!isObject(details) || !Array.isArray(details.errors)) return [];
  return details.errors.filter((e) => isObject(e) && typeof e.path === 'string' && typeof e.message === 'string');
}
