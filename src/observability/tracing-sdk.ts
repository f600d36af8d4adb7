/**
 * Baton's own OpenTelemetry SDK, registered when `[telemetry] enabled` is set
 * (docs/configuration.md#telemetry): a BasicTracerProvider with the W3C trace
 * context propagator, an AsyncLocalStorage context manager, a parent-based
 * ratio sampler and a batching OTLP/HTTP exporter. The SDK packages are
 * loaded only then; with tracing off nothing of them is imported.
 */
import { context, propagation, trace } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Logger } from 'pino';
import type { BatonConfig } from '../config/schema.js';
import { isTracing } from './tracing.js';

/** Baton's registered tracer provider. */
export interface Tracing {
  /** Exports every span ended so far. */
  flush(): Promise<void>;
  /** Flushes, shuts the exporter down and unregisters the provider, context manager and propagator. Safe to call twice. */
  shutdown(): Promise<void>;
}

export interface StartTracingOptions {
  /** Where spans go instead of the OTLP exporter (tests: an InMemorySpanExporter). @default an OTLPTraceExporter for `otlpEndpoint` */
  exporter?: SpanExporter;
}

/**
 * Registers Baton's tracer provider globally, as `[telemetry]` says. Returns
 * null, registering nothing, when telemetry is off, or when a tracer provider
 * is already registered (the application's own SDK, or another Baton in this
 * process): Baton's spans then go to that one.
 *
 * @example const tracing = await startTracing(config.telemetry, logger); ...; await tracing?.shutdown();
 */
export async function startTracing(telemetry: BatonConfig['telemetry'], logger: Logger, opts: StartTracingOptions = {}): Promise<Tracing | null> {
  if (!telemetry.enabled) return null;
  if (isTracing()) {
    logger.warn('[telemetry] is enabled but a tracer provider is already registered in this process; Baton spans go to that one');
    return null;
  }
  const [
    { BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler },
    { AsyncLocalStorageContextManager },
    { W3CTraceContextPropagator },
    { resourceFromAttributes },
  ] = await Promise.all([import('@opentelemetry/sdk-trace-base'), import('@opentelemetry/context-async-hooks'), import('@opentelemetry/core'), import('@opentelemetry/resources')]);
  const exporter = opts.exporter ?? (await otlpExporter(telemetry.otlpEndpoint));
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': telemetry.serviceName }),
    // A trace that arrives with a decision (a submission's traceparent, a task's stored context) keeps it; new ones are sampled by ratio.
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(telemetry.sampleRatio) }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  logger.info(
    { endpoint: opts.exporter ? 'custom exporter' : (telemetry.otlpEndpoint ?? 'OTLP default'), sampleRatio: telemetry.sampleRatio },
    'tracing on: exporting spans over OTLP/HTTP',
  );
  let stopped: Promise<void> | undefined;
  return {
    flush: () => provider.forceFlush(),
    shutdown() {
      stopped ??= (async () => {
        try {
          await provider.shutdown();
        } catch (err) {
          // An unreachable collector must not fail a stop: the spans are lost, the work is not.
          logger.warn({ err }, 'could not export the last spans');
        }
        trace.disable();
        propagation.disable();
        context.disable();
      })();
      return stopped;
    },
  };
}

async function otlpExporter(url: string | undefined): Promise<SpanExporter> {
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
  return new OTLPTraceExporter(url === undefined ? {} : { url });
}
