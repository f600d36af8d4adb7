/**
 * The span of one step attempt on the worker that runs it (`step <name>`),
 * child of the trace context stored on the task (the submission's span), and
 * the `baton.complete` span of its report, child of the step span. With no
 * tracer provider registered, nothing is made: the handler gets a
 * non-recording span of the task's stored context, and runs outside any
 * OpenTelemetry context (docs/operations.md#traces).
 */
import { context, INVALID_SPAN_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import type { Execution } from '../core/claim.js';
import { Attr, batonTracer, contextOf, isTracing, remoteSpanContext, SpanNames, traceparentOf } from '../observability/tracing.js';

/** How an attempt ended, as the step span's `baton.outcome` says it. */
export type StepOutcome = 'complete' | 'failed' | 'error' | 'timeout' | 'cancelled' | 'lease_lost' | 'shutdown';

/** What a report settles as: its reporter's answer (`ok`, `duplicate`, `stale`...), or `error` when it could not be sent. */
export type ReportSettled = string;

export interface StepTrace {
  /** The step span (`ctx.span`); non-recording when tracing is off. */
  readonly span: Span;
  /** The step span's `traceparent` (`ctx.traceparent`): the task's stored one when tracing is off; null with neither. */
  readonly traceparent: string | null;
  /** Runs the handler inside the step span's context, so its own instrumented calls join the trace. */
  run<T>(fn: () => T): T;
  /**
   * Ends the attempt with `outcome`. With a report, a `baton.complete` span
   * covers it until `report` settles, and the step span ends then; without
   * one (an aborted attempt reports nothing), the step span ends now.
   */
  finish(outcome: StepOutcome, error?: unknown, report?: Promise<ReportSettled>): void;
}

const INVALID_SPAN = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/** The trace of an attempt when no tracer provider is registered: no span, no context switch. */
function untraced(execution: Execution): StepTrace {
  const stored = remoteSpanContext(execution.traceparent);
  return {
    span: stored ? trace.wrapSpanContext(stored) : INVALID_SPAN,
    traceparent: stored ? execution.traceparent : null,
    run: (fn) => fn(),
    finish: () => {},
  };
}

/** Starts the step span of `execution` (see the module's comment). */
export function startStepTrace(execution: Execution): StepTrace {
  if (!isTracing()) return untraced(execution);
  const parent: Context = contextOf(execution.traceparent);
  const span = batonTracer().startSpan(
    `step ${execution.step}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        [Attr.taskId]: execution.task.id,
        [Attr.template]: `${execution.task.namespace}/${execution.task.name}`,
        [Attr.step]: execution.step,
        [Attr.attempt]: execution.attempt,
        [Attr.maxAttempts]: execution.max_attempts,
      },
    },
    parent,
  );
  const active = trace.setSpan(parent, span);
  return {
    span,
    traceparent: traceparentOf(span),
    run: (fn) => context.with(active, fn),
    finish(outcome, error, report) {
      span.setAttribute(Attr.outcome, outcome);
      if (outcome !== 'complete') {
        if (error instanceof Error) span.recordException(error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : outcome });
      }
      if (!report) {
        span.end();
        return;
      }
      const completion = batonTracer().startSpan(SpanNames.complete, { kind: SpanKind.CLIENT, attributes: { [Attr.outcome]: outcome } }, active);
      void report
        .then(
          (result) => {
            completion.setAttribute(Attr.reportResult, result);
            if (result !== 'ok' && result !== 'duplicate') completion.setStatus({ code: SpanStatusCode.ERROR, message: `report ${result}` });
          },
          (err: unknown) => completion.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message }),
        )
        .finally(() => {
          completion.end();
          span.end();
        });
    },
  };
}
