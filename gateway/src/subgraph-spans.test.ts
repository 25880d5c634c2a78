import { SpanKind } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-node';
import { createLogger } from '@hiregraph/platform/logger';
import { createTestNamespace, eventually, type TestNamespace } from '@hiregraph/platform/testing/namespace';
import { loadGatewayConfig } from './config.js';
import { startGateway, type RunningGateway } from './gateway.js';
import { SUBGRAPH_SPAN_ATTRIBUTES } from './subgraph-data-source.js';
import {
  PROBE_TYPE_DEFS,
  startProbeSubgraph,
  writeSupergraph,
  type RunningProbe,
} from './testing/subgraphs.js';

/**
 * With tracing on (an in-memory SDK here; tracing.ts in production), every subgraph call is one
 * CLIENT span that goes out as the call's traceparent, and a call that shares another's answer
 * says so and links to the span of the call that was sent. test/tracing.e2e.test.ts follows the
 * same spans through real subgraphs into PostgreSQL.
 */
const logger = createLogger('subgraph-spans-test', process.env.TEST_LOG_LEVEL ?? 'silent');
const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

const parentIdOf = (span: ReadableSpan): string | undefined =>
  (span as { parentSpanContext?: { spanId: string } }).parentSpanContext?.spanId;

describe('subgraph call spans', () => {
  let ns: TestNamespace;
  let probe: RunningProbe;
  let gateway: RunningGateway;
  let removeSupergraph: () => Promise<void>;

  async function post(document: string): Promise<{ data?: Record<string, any> | null }> {
    const response = await fetch(gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: document }),
    });
    return (await response.json()) as { data?: Record<string, any> | null };
  }

  const subgraphSpans = (operation: RegExp) =>
    exporter
      .getFinishedSpans()
      .filter(
        (span) =>
          span.name === 'subgraph probe' &&
          operation.test(String(span.attributes[SUBGRAPH_SPAN_ATTRIBUTES.operationName])),
      );

  beforeAll(async () => {
    provider.register();
    ns = createTestNamespace('subgraphspans');
    probe = await startProbeSubgraph();
    const supergraph = await writeSupergraph([{ name: 'probe', url: probe.url, typeDefs: PROBE_TYPE_DEFS }]);
    removeSupergraph = supergraph.remove;
    gateway = await startGateway(
      loadGatewayConfig({
        ...process.env,
        ...ns.env,
        DEV_MODE: 'false',
        GATEWAY_PORT: '0',
        SUPERGRAPH_PATH: supergraph.path,
      }),
      logger,
    );
  });

  afterAll(async () => {
    await gateway?.stop();
    await probe?.stop();
    await removeSupergraph?.();
    await ns?.cleanup();
    await provider.shutdown();
  });

  it('makes one CLIENT span per subgraph call and sends it as the traceparent', async () => {
    const answer = await post('query Headers { forwardedHeaders { traceparent } }');
    const [span] = await eventually(() => {
      const spans = subgraphSpans(/^Headers__probe__/);
      return spans.length > 0 ? spans : undefined;
    });
    expect(subgraphSpans(/^Headers__probe__/)).toHaveLength(1);
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes).toMatchObject({
      [SUBGRAPH_SPAN_ATTRIBUTES.subgraph]: 'probe',
      [SUBGRAPH_SPAN_ATTRIBUTES.status]: 200,
      [SUBGRAPH_SPAN_ATTRIBUTES.deduplicated]: false,
    });
    // The subgraph is told this span is its caller, not the gateway's request.
    const { traceId, spanId } = span.spanContext();
    expect(answer.data?.forwardedHeaders.traceparent).toBe(`00-${traceId}-${spanId}-01`);
    // …and the span sits inside the gateway's own spans of that request (Apollo's fetch).
    const parent = exporter
      .getFinishedSpans()
      .find((other) => other.spanContext().spanId === parentIdOf(span));
    expect(parent?.name).toBe('gateway.fetch');
    expect(parent?.spanContext().traceId).toBe(traceId);
  });

  it('marks a call that shared another one in flight and links it to the sent one', async () => {
    const sharedBefore = gateway.subgraphHttp.shared;
    const document = 'query Held { held(key: "spans") }';
    const answers = Promise.all([post(document), post(document)]);
    await eventually(() => probe.arrivals('spans') === 1 && gateway.subgraphHttp.shared === sharedBefore + 1);
    probe.release('spans');
    expect(await answers).toEqual([{ data: { held: 1 } }, { data: { held: 1 } }]);

    const spans = await eventually(() => {
      const found = subgraphSpans(/^Held__probe__/);
      return found.length === 2 ? found : undefined;
    });
    const sent = spans.find((span) => span.attributes[SUBGRAPH_SPAN_ATTRIBUTES.deduplicated] === false);
    const shared = spans.find((span) => span.attributes[SUBGRAPH_SPAN_ATTRIBUTES.deduplicated] === true);
    expect(sent).toBeDefined();
    expect(shared).toBeDefined();
    // Two requests, two traces: the shared call's trace has no span the subgraph's could descend from.
    expect(shared!.spanContext().traceId).not.toBe(sent!.spanContext().traceId);
    expect(sent!.links).toEqual([]);
    expect(shared!.links.map((link) => link.context.spanId)).toEqual([sent!.spanContext().spanId]);
    expect(shared!.links[0].context.traceId).toBe(sent!.spanContext().traceId);
  });
});
