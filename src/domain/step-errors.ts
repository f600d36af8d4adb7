/**
 * The one registry of the codes Baton itself records in a failed step's
 * `error.code` (DESIGN §1, §2). These are not the HTTP API's error codes
 * (`src/errors.ts`): they describe why an attempt failed, and a handler may
 * record codes of its own (`PermanentError`'s `code`, or a thrown error's
 * `code` property). A code is stable once shipped and never reused;
 * `test/domain/step-errors.test.ts` checks that each one is documented in
 * docs/errors.md ("Step error codes") and that no engine or worker code makes
 * a step error with a code that is not here.
 */
import type { JsonValue, StepError } from './types.js';

export const STEP_ERROR_CODES = {
  lease_expired:
    'The worker running the attempt stopped heartbeating and its lease expired (the worker died, hung or lost the database). The attempt counts; the step is retried while attempts remain.',
  timeout: "The attempt ran past the step's `timeout_seconds`: the worker aborted it, or the server's sweep did when the worker did not report. Retried while attempts remain.",
  output_too_large: "The handler's output is over the server's limit (`server.body_limit_bytes`, default 1 MiB). Not retried.",
  invalid_reference: "A `${...}` reference in the step's params could not be resolved when it became ready (a missing context field or upstream output). Not retried.",
  invalid_decision: "A decision step's output was not `{activate: [...]}` naming only its direct dependents. Not retried.",
  invalid_fan_out: 'A fan-out step produced no list of items (`{items: [...]}`, or the list named by `fan_out.items`). Not retried.',
  invalid_input: "The step's params did not match the handler's zod `input` schema (`defineHandler`); `details` lists the zod issues. Not retried.",
  invalid_output: "The handler's output did not match its zod `output` schema; `details` lists the zod issues. Not retried.",
  wait_expired:
    'A `kind: wait` step received no signal or event within its `timeout`, and its `on_timeout` is `fail`. Not retried (an operator may retry the step, which waits again).',
  depth_exceeded: 'A `kind: workflow` step would start a child deeper than `orchestrator.max_workflow_depth` (default 10) levels of nested workflows. Not retried.',
  child_refused:
    "A `kind: workflow` step's child could not start: its template does not exist (or not that version), or the child's context does not match the template's `input_schema`. Not retried.",
  child_failed:
    "A `kind: workflow` step's child task ended in `error`, `cancelled` or `timed_out`; `details` name the child and its status. Retried by the step's `retry` policy, each attempt starting a new child.",
  invalid_until: "A `kind: sleep` step's `until` did not resolve to a time (an ISO 8601 string, or milliseconds since the epoch). Not retried.",
} as const;

export type StepErrorCode = keyof typeof STEP_ERROR_CODES;

/** A step error made by Baton itself: its code is one of the registry's. */
export interface EngineStepError extends StepError {
  code: StepErrorCode;
}

/** The only way engine and worker code makes a step error: the type accepts registry codes only. */
export function stepError(code: StepErrorCode, message: string, details?: JsonValue): EngineStepError {
  return details === undefined ? { message, code } : { message, code, details };
}

export function isStepErrorCode(code: unknown): code is StepErrorCode {
  return typeof code === 'string' && Object.hasOwn(STEP_ERROR_CODES, code);
}
