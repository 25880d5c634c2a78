import { parse } from 'graphql';
import { printSubgraphSdl } from '@hiregraph/platform/subgraph/schema';
import { createLogger } from '@hiregraph/platform/logger';
import { createTestNamespace, eventually, type TestNamespace } from '@hiregraph/platform/testing/namespace';
import { startTestSubgraph, type TestSubgraph } from '@hiregraph/platform/testing/subgraph';
import { usersSubgraph } from '@hiregraph/subgraph-users/subgraph';
import { loadGatewayConfig } from './config.js';
import { startGateway, type RunningGateway } from './gateway.js';
import {
  PROBE_TYPE_DEFS,
  startProbeSubgraph,
  writeSupergraph,
  type RunningProbe,
} from './testing/subgraphs.js';

/**
 * How the gateway calls subgraphs: identical queries in flight share one call (never mutations,
 * never across tokens), and calls reuse keep-alive connections.
 */
const logger = createLogger('data-source-test', process.env.TEST_LOG_LEVEL ?? 'silent');

interface GraphQLResult {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

const REGISTER = 'mutation ($input: RegisterInput!) { register(input: $input) { accessToken } }';

describe('subgraph calls from the gateway', () => {
  let ns: TestNamespace;
  let users: TestSubgraph;
  let probe: RunningProbe;
  let gateway: RunningGateway;
  let removeSupergraph: () => Promise<void>;
  const tokens: Record<string, string>[] = [];

  async function post(document: string, headers: Record<string, string> = {}): Promise<GraphQLResult> {
    const response = await fetch(gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: document }),
    });
    return (await response.json()) as GraphQLResult;
  }

  beforeAll(async () => {
    ns = createTestNamespace('datasource');
    users = await startTestSubgraph(usersSubgraph, { ns });
    probe = await startProbeSubgraph();
    const usersTypeDefs = parse(printSubgraphSdl(await usersSubgraph.buildSchema()));
    const supergraph = await writeSupergraph([
      { name: 'users', url: users.graphqlUrl, typeDefs: usersTypeDefs },
      { name: 'probe', url: probe.url, typeDefs: PROBE_TYPE_DEFS },
    ]);
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
    for (const name of ['ada', 'grace']) {
      const response = await fetch(gateway.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: REGISTER,
          variables: {
            input: {
              email: `${name}-${Date.now()}@example.com`,
              password: 'correct horse battery',
              fullName: name,
            },
          },
        }),
      });
      const body = (await response.json()) as GraphQLResult;
      tokens.push({ authorization: `Bearer ${body.data?.register.accessToken}` });
    }
  });

  afterAll(async () => {
    await gateway?.stop();
    await Promise.allSettled([probe?.stop(), users?.stop()]);
    await removeSupergraph?.();
    await ns?.cleanup();
  });

  /** Calls sent and calls that joined one in flight, since `before`. */
  const callsSince = (before: { sent: number; shared: number }) => ({
    sent: gateway.subgraphHttp.sent - before.sent,
    shared: gateway.subgraphHttp.shared - before.shared,
  });
  const snapshot = () => ({ sent: gateway.subgraphHttp.sent, shared: gateway.subgraphHttp.shared });

  it('sends two identical concurrent queries of one caller as one subgraph call', async () => {
    const before = snapshot();
    const document = '{ held(key: "same-token") }';
    const answers = Promise.all([post(document, tokens[0]), post(document, tokens[0])]);
    // Both requests are at the subgraph step before the one call is allowed to answer.
    await eventually(() => probe.arrivals('same-token') === 1 && callsSince(before).shared === 1);
    probe.release('same-token');
    expect(await answers).toEqual([{ data: { held: 1 } }, { data: { held: 1 } }]);
    expect(probe.arrivals('same-token')).toBe(1);
    expect(callsSince(before)).toEqual({ sent: 1, shared: 1 });
  });

  it('shares a call between anonymous callers of a public query', async () => {
    const document = '{ held(key: "anonymous") }';
    const answers = Promise.all([post(document), post(document), post(document)]);
    await eventually(() => probe.arrivals('anonymous') === 1 && gateway.subgraphHttp.shared >= 3);
    probe.release('anonymous');
    expect(await answers).toEqual(Array.from({ length: 3 }, () => ({ data: { held: 1 } })));
    expect(probe.arrivals('anonymous')).toBe(1);
  });

  it('never shares a call between different tokens', async () => {
    const before = snapshot();
    const document = '{ held(key: "two-tokens") }';
    const answers = Promise.all([post(document, tokens[0]), post(document, tokens[1])]);
    // Shared, the second call would never arrive and this would time out.
    await eventually(() => probe.arrivals('two-tokens') === 2);
    probe.release('two-tokens');
    expect(await answers).toEqual([{ data: { held: 2 } }, { data: { held: 2 } }]);
    expect(callsSince(before)).toEqual({ sent: 2, shared: 0 });
  });

  it('never shares a mutation, even an identical one of the same caller', async () => {
    const before = snapshot();
    const document = 'mutation { heldMutation(key: "mutation") }';
    const answers = Promise.all([post(document, tokens[0]), post(document, tokens[0])]);
    await eventually(() => probe.arrivals('mutation') === 2);
    probe.release('mutation');
    expect(await answers).toEqual([{ data: { heldMutation: 2 } }, { data: { heldMutation: 2 } }]);
    expect(callsSince(before)).toEqual({ sent: 2, shared: 0 });
  });

  it('calls again once the shared call has answered', async () => {
    probe.release('sequential');
    const before = snapshot();
    await post('{ held(key: "sequential") }', tokens[0]);
    await post('{ held(key: "sequential") }', tokens[0]);
    expect(probe.arrivals('sequential')).toBe(2);
    expect(callsSince(before)).toEqual({ sent: 2, shared: 0 });
  });

  it('reuses one keep-alive connection for sequential calls', async () => {
    probe.release('keep-alive');
    await post('{ held(key: "keep-alive") }'); // opens the connection if none is open yet
    const connectionsBefore = probe.connections();
    for (let i = 0; i < 20; i += 1) await post('{ held(key: "keep-alive") }');
    expect(probe.arrivals('keep-alive')).toBe(21);
    expect(probe.connections()).toBe(connectionsBefore);
    expect(gateway.subgraphHttp.openSockets).toBeGreaterThan(0);
  });
});
