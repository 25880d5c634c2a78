import { randomBytes } from 'node:crypto';
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
const SpanKind = { server: 2, client: 3, consumer: 5 } as const;

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
    // The users subgraph's caller is the gateway's client span of that call, inside the request.
    const call = collector.spans.find((span) => span.spanId === users.parentSpanId);
    expect(call).toMatchObject({ service: 'gateway', kind: SpanKind.client, name: 'subgraph users' });
    expect(descends(call!, gateway)).toBe(true);
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

  it('gives each subgraph call of a cross-subgraph query its own client span, parent of that subgraph and its database work', async () => {
    const { accessToken } = await e2e.register('Katherine Johnson');
    const traceparent = `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
    const traceId = traceparent.split('-')[1];
    const response = await fetch(e2e.platform.urls.gateway, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}`, traceparent },
      body: JSON.stringify({
        query: `query Dashboard {
          me { id fullName }
          myResumes(first: 5) { nodes { id } }
          jobs(first: 5) { nodes { id } }
        }`,
      }),
    });
    expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();

    const spanOf = (id: string | undefined) => collector.spans.find((span) => span.spanId === id);
    const gateway = await eventually(
      () =>
        collector.spans.find(
          (span) => span.traceId === traceId && span.service === 'gateway' && span.kind === SpanKind.server,
        ),
      20_000,
    );
    // The client's traceparent is continued, not replaced.
    expect(gateway.parentSpanId).toBe(traceparent.split('-')[2]);
    for (const subgraph of ['users', 'resumes', 'jobs']) {
      const server = await eventually(
        () =>
          collector.spans.find(
            (span) => span.traceId === traceId && span.service === subgraph && span.kind === SpanKind.server,
          ),
        20_000,
      );
      const calls = collector.spans.filter(
        (span) => span.traceId === traceId && span.name === `subgraph ${subgraph}`,
      );
      expect({ subgraph, calls: calls.length }).toEqual({ subgraph, calls: 1 });
      const [call] = calls;
      expect(call).toMatchObject({
        service: 'gateway',
        kind: SpanKind.client,
        attributes: {
          'subgraph.name': subgraph,
          'http.response.status_code': 200,
          'hiregraph.subgraph.deduplicated': false,
        },
      });
      expect(String(call.attributes['graphql.operation.name'])).toMatch(
        new RegExp(`^Dashboard__${subgraph}__\\d+$`),
      );
      // gateway request span → client span → the subgraph's server span → its PostgreSQL span.
      const isUnder = (span: ExportedSpan, ancestor: ExportedSpan): boolean => {
        const parent = spanOf(span.parentSpanId);
        return parent !== undefined && (parent === ancestor || isUnder(parent, ancestor));
      };
      expect({ subgraph, underGatewayRequest: isUnder(call, gateway) }).toEqual({
        subgraph,
        underGatewayRequest: true,
      });
      expect({ subgraph, parent: server.parentSpanId }).toEqual({ subgraph, parent: call.spanId });
      await eventually(
        () =>
          collector.spans.find(
            (span) =>
              span.traceId === traceId &&
              span.service === subgraph &&
              span.attributes['db.system'] === 'postgresql' &&
              isUnder(span, server),
          ),
        20_000,
      );
    }
  });
});
