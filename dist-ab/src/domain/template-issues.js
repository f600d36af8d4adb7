/**
 * Problems found in a template, collected so that one error lists them all.
 * Every message names the step (when there is one) and the field.
 */
import { BatonError } from '../errors.js';
/** How many issues the error message spells out; `details.issues` has them all. */
const MESSAGE_ISSUE_LIMIT = 10;
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** `['steps', 2, 'retry', 'max_attempts']` -> `steps[2].retry.max_attempts`. */
export function formatIssuePath(path) {
    let out = '';
    for (const part of path) {
        if (typeof part === 'number')
            out += `[${part}]`;
        else if (typeof part === 'string' && PLAIN_KEY.test(part))
            out += out === '' ? part : `.${part}`;
        else
            out += `[${JSON.stringify(String(part))}]`;
    }
    return out;
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** `ns/name@version` from whatever of the three the raw template has; '' when none. */
export function templateLabel(input) {
    if (!isRecord(input))
        return '';
    const text = (v) => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);
    const ns = text(input.namespace);
    const name = text(input.name);
    const version = text(input.version);
    let label = name ?? '';
    if (ns !== undefined)
        label = `${ns}/${name ?? '?'}`;
    if (version !== undefined)
        label = `${label || '?'}@${version}`;
    return label;
}
/** Collects issues against one raw template and builds the single error. */
export class IssueCollector {
    entries = [];
    stepNames;
    constructor(input) {
        const steps = isRecord(input) ? input.steps : undefined;
        this.stepNames = Array.isArray(steps) ? steps.map((s) => (isRecord(s) ? s.name : undefined)) : [];
    }
    /**
     * Records a problem. `text` continues the field's name: `add(['steps', 2,
     * 'handler'], 'is required')` gives `step "charge": handler is required`.
     */
    add(path, text) {
        const stepIndex = path[0] === 'steps' && typeof path[1] === 'number' ? path[1] : undefined;
        if (stepIndex === undefined) {
            const field = formatIssuePath(path);
            this.push({ path: field, message: `${field === '' ? 'template' : field} ${text}` }, -1);
            return;
        }
        const name = this.stepNames[stepIndex];
        const step = typeof name === 'string' && name !== '' ? name : undefined;
        const subject = step !== undefined ? `step ${JSON.stringify(step)}` : `steps[${stepIndex}]`;
        const field = formatIssuePath(path.slice(2));
        const message = field === '' ? `${subject} ${text}` : `${subject}: ${field} ${text}`;
        this.push(step === undefined ? { path: formatIssuePath(path), message } : { path: formatIssuePath(path), step, message }, stepIndex);
    }
    push(issue, order) {
        this.entries.push({ issue, order });
    }
    /** Number of issues so far. */
    get size() {
        return this.entries.length;
    }
    /** Issues ordered by position: template-level first, then by step (stable within each). */
    issues() {
        return this.entries
            .map((e, i) => ({ ...e, i }))
            .sort((a, b) => a.order - b.order || a.i - b.i)
            .map((e) => e.issue);
    }
}
/**
 * The one error for an invalid template: its message names the template and
 * spells out the first issues; `details.issues` lists every one.
 *
 * @example message: `template shop/order@1.0.0: step "charge": retry.max_attempts must be an integer between 1 and 1000`
 */
export function createTemplateError(label, issues) {
    const subject = label === '' ? 'template' : `template ${label}`;
    const shown = issues.slice(0, MESSAGE_ISSUE_LIMIT).map((i) => i.message);
    const more = issues.length > MESSAGE_ISSUE_LIMIT ? `; and ${issues.length - MESSAGE_ISSUE_LIMIT} more` : '';
    const message = issues.length === 1 ? `${subject}: ${shown[0]}` : `${subject} has ${issues.length} problems: ${shown.join('; ')}${more}`;
    return new BatonError('invalid_template', message, { details: { template: label || undefined, issues } });
}
//# sourceMappingURL=template-issues.js.map