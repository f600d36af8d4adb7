// @ts-check
// Sending a signal to a task's wait step (POST /v1/tasks/:id/signals/:name):
// a JSON payload prefilled from the step's schema, an optional idempotency
// key, and for a schema with a required boolean `approved` (an approval),
// Approve and Reject buttons. The API's refusals (400 invalid_signal with the
// payload's problems, 404, 409) are shown in the form.

import { api } from './api.js';
import { h, notice, refusal } from './dom.js';

/** @typedef {import('./types.js').StepView} StepView */
/** @typedef {import('./types.js').SignalAnswer} SignalAnswer */
/** @typedef {import('./types.js').PayloadProblem} PayloadProblem */
/** @typedef {import('./types.js').Failure} Failure */

/** Steps that may take a signal: it is kept until the step waits, so not only a waiting one. */
const SIGNALLABLE = new Set(['pending', 'ready', 'waiting']);

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The signal a step waits for, or null: a `kind: wait` step on a signal that can still take it.
 * @param {StepView | null | undefined} step
 */
export function signalOf(step) {
  if (!step || step.kind !== 'wait' || !SIGNALLABLE.has(step.state)) return null;
  const name = step.params.signal;
  return typeof name === 'string' && name !== '' ? name : null;
}

/**
 * A starting payload for `schema`: consts, enums and defaults as given, the
 * required properties of objects filled by type; `{}` without a schema.
 * @param {unknown} schema
 * @param {number} [depth]
 * @returns {unknown}
 */
export function samplePayload(schema, depth = 0) {
  if (!isObject(schema)) return depth === 0 ? {} : null;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if ('default' in schema) return schema.default;
  switch (schema.type) {
    case 'object': {
      /** @type {Record<string, unknown>} */
      const out = {};
      const properties = isObject(schema.properties) ? schema.properties : {};
      const required = Array.isArray(schema.required) ? schema.required.filter((k) => typeof k === 'string') : [];
      // Deep schemas are left for the user to fill in: two levels show the shape.
      if (depth < 2) for (const key of required) out[key] = samplePayload(properties[key], depth + 1);
      return out;
    }
    case 'array':
      return [];
    case 'string':
      return '';
    case 'number':
    case 'integer':
      return 0;
    case 'boolean':
      return false;
    default:
      return depth === 0 && schema.properties ? {} : null;
  }
}

/**
 * An approval: a schema whose payload needs a boolean `approved`. Returns
 * whether it also takes a string `comment` (and whether it must), or null
 * for any other schema.
 * @param {unknown} schema
 * @returns {{ comment: boolean, commentRequired: boolean } | null}
 */
export function approvalShape(schema) {
  if (!isObject(schema) || (schema.type !== undefined && schema.type !== 'object')) return null;
  const required = Array.isArray(schema.required) ? schema.required : [];
  const properties = isObject(schema.properties) ? schema.properties : {};
  const approved = properties.approved;
  if (!required.includes('approved') || !isObject(approved) || approved.type !== 'boolean') return null;
  const comment = properties.comment;
  const hasComment = isObject(comment) && comment.type === 'string';
  return { comment: hasComment, commentRequired: hasComment && required.includes('comment') };
}

/** @type {Record<SignalAnswer['status'], string>} */
const OUTCOMES = {
  delivered: 'Signal delivered: the step completes with it.',
  kept: 'Signal kept: the step gets it when it starts waiting.',
  duplicate: 'Already received with this idempotency key: nothing changed.',
};

/**
 * The API's refusal in words, with the payload's problems for a 400 invalid_signal.
 * @param {Failure & { code?: string, details?: unknown }} err
 */
function signalRefusal(err) {
  const problems = err.code === 'invalid_signal' && isObject(err.details) && Array.isArray(err.details.errors) ? /** @type {PayloadProblem[]} */ (err.details.errors) : [];
  return refusal('Not sent', err, problems, { 'data-testid': 'signal-error', 'data-status': err.status ?? '' });
}

/**
 * The form for `step` of task `taskId`; `update(step)` follows the step's
 * state (a hint while the step is not waiting yet). `onSent` hears every
 * answer the API accepted.
 * @param {string} taskId
 * @param {StepView} step a step for which `signalOf` is not null
 * @param {{ onSent?: (answer: SignalAnswer) => void }} [options]
 */
export function createSignalForm(taskId, step, { onSent } = {}) {
  const signal = /** @type {string} */ (signalOf(step));
  const schema = step.params.schema;
  const approval = approvalShape(schema);
  const id = (/** @type {string} */ part) => `signal-${step.name}-${part}`;

  const hint = h('p', { class: 'hint', 'data-testid': 'signal-hint' });
  const result = h('div', { 'aria-live': 'polite' });
  const payload = h('textarea', { id: id('payload'), rows: 5, spellcheck: 'false', class: 'code', 'data-testid': 'signal-payload' });
  payload.value = JSON.stringify(samplePayload(schema), null, 2);
  const key = h('input', { id: id('key'), type: 'text', autocomplete: 'off', spellcheck: 'false', maxlength: 200, 'data-testid': 'signal-idempotency-key' });
  const comment = approval?.comment ? h('textarea', { id: id('comment'), rows: 2, 'data-testid': 'signal-comment' }) : null;
  /** @type {HTMLButtonElement[]} */
  const buttons = [];
  /**
   * @param {string} label
   * @param {string} testid
   * @param {string} [cls]
   * @param {() => void} [onclick] none for the submit button
   */
  const button = (label, testid, cls, onclick) => {
    const b = h('button', { type: onclick ? 'button' : 'submit', class: cls, 'data-testid': testid, onclick }, label);
    buttons.push(b);
    return b;
  };

  /** @param {unknown} value the payload; undefined sends none (the step gets null) */
  async function send(value) {
    for (const b of buttons) b.disabled = true;
    result.replaceChildren(h('p', { class: 'muted' }, 'Sending…'));
    const idempotencyKey = key.value.trim();
    try {
      /** @type {SignalAnswer} */
      const answer = await api(`/v1/tasks/${encodeURIComponent(taskId)}/signals/${encodeURIComponent(signal)}`, {
        method: 'POST',
        body: { ...(value === undefined ? {} : { payload: value }), ...(idempotencyKey ? { idempotency_key: idempotencyKey } : {}) },
      });
      // The first signal wins: after an accepted one, the buttons stay off.
      result.replaceChildren(notice(OUTCOMES[answer.status] ?? answer.status, 'info', 'signal-sent'));
      onSent?.(answer);
    } catch (err) {
      for (const b of buttons) b.disabled = false;
      result.replaceChildren(signalRefusal(/** @type {Failure & { code?: string, details?: unknown }} */ (err)));
    }
  }

  /** @param {boolean} approved */
  const decide = (approved) => {
    const text = comment?.value.trim() ?? '';
    void send({ approved, ...(text || approval?.commentRequired ? { comment: text } : {}) });
  };

  function sendPayload() {
    const text = payload.value.trim();
    if (text === '') return void send(undefined);
    let value;
    try {
      value = JSON.parse(text);
    } catch (err) {
      result.replaceChildren(notice(`The payload is not JSON: ${/** @type {Error} */ (err).message}`, 'error', 'signal-error'));
      return;
    }
    void send(value);
  }

  const keyField = [h('label', { for: id('key') }, 'Idempotency key (optional)'), key];
  const payloadField = [h('label', { for: id('payload') }, 'Payload (JSON)'), payload];
  const sendRow = h('div', { class: 'actions' }, button('Send', 'signal-send'));
  const element = h(
    'form',
    {
      class: 'signal-form',
      'aria-label': `Send signal ${signal}`,
      'data-testid': 'signal-form',
      'data-signal': signal,
      onsubmit: (ev) => {
        ev.preventDefault();
        sendPayload();
      },
    },
    h('h3', {}, `Send signal "${signal}"`),
    hint,
    approval
      ? [
          comment ? [h('label', { for: id('comment') }, approval.commentRequired ? 'Comment' : 'Comment (optional)'), comment] : '',
          keyField,
          h(
            'div',
            { class: 'actions' },
            button('Approve', 'signal-approve', 'approve', () => decide(true)),
            button('Reject', 'signal-reject', 'danger', () => decide(false)),
          ),
          h('details', { class: 'custom-payload' }, h('summary', {}, 'Send another payload'), payloadField, sendRow),
        ]
      : [payloadField, keyField, sendRow],
    result,
  );

  /** @param {StepView} current */
  function update(current) {
    hint.textContent = current.state === 'waiting' ? '' : `The step is ${current.state}, not waiting yet: a signal sent now is kept and delivered when it starts waiting.`;
    hint.hidden = current.state === 'waiting';
  }
  update(step);
  return { element, update };
}
