import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually } from '@hiregraph/platform/testing/namespace';
import { startE2EPlatform, type E2EPlatform } from './support/platform.js';

interface ExportedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}
const SpanKind = { server: 2, consumer: 5 } as const;

/** An OTLP/HTTP collector (JSON encoding) that keeps every span it receives. */
async function startCollector(): Promise<{ url: string; spans: ExportedSpan[]; close(): Promise<void> }> {
  const spans: ExportedSpan[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        for (const resourceSpans of body.resourceSpans ?? []) {
          const service = resourceSpans.resource?.attributes?.find((a: any) => a.key === 'service.name')
            ?.value?.stringValue;
          for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
            for (const span of scopeSpans.spans ?? []) {
              spans.push({
                service,
                traceId: span.traceId,
                spanId: span.spanId,
                parentSpanId: span.parentSpanId || undefined,
                name: span.name,
                kind: span.kind,
                attributes: Object.fromEntries(
                  (span.attributes ?? []).map((a: any) => [a.key, Object.values(a.value ?? {})[0]]),
                ),
              });
            }
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Gateway + 4 subgraphs with OpenTelemetry switched on by the standard OTEL_* variables only. */
describe('traces', () => {
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let e2e: E2EPlatform;
  beforeAll(async () => {
    collector = await startCollector();
    e2e = await startE2EPlatform('trace', {
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
  }, 120_000);
  afterAll(async () => {
    await e2e?.stop();
    await collector?.close();
  });

  it('follows a request from the gateway into a subgraph and its database, then into the consumers of its event', async () => {
    await e2e.register('Annie Easley');
    // The users subgraph's insert of the account, in a trace the gateway's request started.
    const traceId = await eventually(
      () =>
        collector.spans.find(
          (span) =>
            span.service === 'users' &&
            span.attributes['db.system'] === 'postgresql' &&
            /^insert into "users"/.test(String(span.attributes['db.statement'])),
        )?.traceId,
      20_000,
    );
    const inTrace = (match: (span: ExportedSpan) => boolean) =>
      eventually(() => collector.spans.find((span) => span.traceId === traceId && match(span)), 20_000);
    /** Whether `span` descends from `ancestor` (every span between them was exported). */
    const descends = (span: ExportedSpan, ancestor: ExportedSpan): boolean => {
      const parent = collector.spans.find((other) => other.spanId === span.parentSpanId);
      return parent !== undefined && (parent === ancestor || descends(parent, ancestor));
    };

    const gateway = await inTrace((span) => span.service === 'gateway' && span.kind === SpanKind.server);
    expect(gateway.parentSpanId).toBeUndefined(); // the client sent no traceparent: the gateway began it
    const users = await inTrace((span) => span.service === 'users' && span.kind === SpanKind.server);
    expect(users.parentSpanId).toBe(gateway.spanId);
    // user.registered, published by the users subgraph's outbox, is handled in the same trace…
    const consumer = await inTrace(
      (span) =>
        span.service === 'resumes' &&
        span.kind === SpanKind.consumer &&
        span.attributes['messaging.consumer.group.name'] === 'resumes_owner_projection',
    );
    expect(consumer.name).toBe('user.registered process');
    expect(consumer.parentSpanId).toBe(users.spanId);
    // …with its own database work inside the consumer span.
    await inTrace(
      (span) =>
        span.service === 'resumes' &&
        span.attributes['db.system'] === 'postgresql' &&
        /resume_owners/.test(String(span.attributes['db.statement'])) &&
        descends(span, consumer),
    );
  });
});
