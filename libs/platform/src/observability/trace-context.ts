import {
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

/**
 * Where OpenTelemetry (tracing.ts) meets Hiregraph's own W3C trace context (trace.ts): with tracing
 * on, the traceparent a request or an event carries is that of the active span, so logs, events and
 * subgraph calls name the same trace as the exported spans. With tracing off the API is a no-op and
 * these return what trace.ts would have used.
 */

/** The active span as a traceparent, or undefined when no span is recording (tracing off). */
export function activeTraceparent(): string | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return undefined;
  const flags = spanContext.traceFlags.toString(16).padStart(2, '0');
  return `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
}

const tracer = trace.getTracer('hiregraph-events');

/**
 * Runs an event handler in a CONSUMER span, child of the span that published the event (its
 * envelope's traceparent); `work` gets the traceparent the handler's own events should carry.
 */
export function inConsumerSpan<T>(
  name: string,
  traceparent: string | undefined,
  attributes: Record<string, string | number>,
  work: (traceparent: string | undefined) => Promise<T>,
): Promise<T> {
  const parent = traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : ROOT_CONTEXT;
  return tracer.startActiveSpan(name, { kind: SpanKind.CONSUMER, attributes }, parent, async (span) => {
    try {
      return await work(activeTraceparent() ?? traceparent);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}
