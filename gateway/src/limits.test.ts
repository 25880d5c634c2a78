import { parse } from 'graphql';
import { printSubgraphSdl } from '@hiregraph/libs/subgraph/schema';
import { createLogger } from '@hiregraph/libs/logger';
import { createTestNamespace, type TestNamespace } from '@hiregraph/libs/testing/namespace';
import { startTestSubgraph, type TestSubgraph } from '@hiregraph/libs/testing/subgraph';
import { startTestTokenIssuer, type TestTokenIssuer } from '@hiregraph/libs/testing/token-issuer';
import { usersSubgraph } from '@hiregraph/subgraph-users/subgraph';
import { loadGatewayConfig } from './config.js';
import { startGateway, type RunningGateway } from './gateway.js';
import {
  PROBE_TYPE_DEFS,
  startProbeSubgraph,
  writeSupergraph,
  type RunningProbe,
} from './testing/subgraphs.js';

const logger = createLogger('limits-test', process.env.TEST_LOG_LEVEL ?? 'silent');

async function post(url: string, document: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: document }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, codes: (body.errors ?? []).map((e) => e.extensions?.code), body };
}

const aliases = (count: number, field: string) =>
  `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
const nested = (depth: number) => `{ ${'a { '.repeat(depth - 1)}b${' }'.repeat(depth - 1)} }`;

describe('query limits and unknown keys', () => {
  let ns: TestNamespace;
  let users: TestSubgraph;
  let probe: RunningProbe;
  let gateway: RunningGateway;
  let issuer: TestTokenIssuer;
  let removeSupergraph: () => Promise<void>;

  beforeAll(async () => {
    ns = createTestNamespace('limits');
    users = await startTestSubgraph(usersSubgraph, { ns });
    probe = await startProbeSubgraph();
    issuer = await startTestTokenIssuer();
    const supergraph = await writeSupergraph([
      {
        name: 'users',
        url: users.graphqlUrl,
        typeDefs: parse(printSubgraphSdl(await usersSubgraph.buildSchema())),
      },
      { name: 'probe', url: probe.url, typeDefs: PROBE_TYPE_DEFS },
    ]);
    removeSupergraph = supergraph.remove;
    gateway = await startGateway(
      loadGatewayConfig({ ...process.env, ...ns.env, GATEWAY_PORT: '0', SUPERGRAPH_PATH: supergraph.path }),
      logger,
    );
  });

  afterAll(async () => {
    await Promise.allSettled([gateway?.stop(), probe?.stop(), issuer?.close()]);
    await users?.stop();
    await removeSupergraph?.();
    await ns?.cleanup();
  });

  it('refuses 500 aliases, deep nesting, huge costs and token floods at the gateway with QUERY_TOO_COMPLEX', async () => {
    for (const document of [
      aliases(500, 'probe'),
      nested(13),
      '{ a(first: 1000) { b(first: 1000) { c } } }',
      `{ probe ${'__typename '.repeat(2_100)}}`,
    ]) {
      const { status, codes } = await post(gateway.graphqlUrl, document);
      expect({ document: document.slice(0, 40), status, codes }).toEqual({
        document: document.slice(0, 40),
        status: 400,
        codes: ['QUERY_TOO_COMPLEX'],
      });
    }
  });

  it('lets an operation at the gateway limits through, planned across subgraphs', async () => {
    const { status, body } = await post(gateway.graphqlUrl, aliases(20, 'probe'));
    expect(status).toBe(200);
    expect(Object.keys(body.data as object)).toHaveLength(20);
  });

  it('enforces limits on a subgraph reached directly', async () => {
    const tooMany = await post(users.graphqlUrl, aliases(41, 'me { id }'));
    expect(tooMany).toEqual(expect.objectContaining({ status: 400, codes: ['QUERY_TOO_COMPLEX'] }));
    const tooDeep = await post(users.graphqlUrl, nested(17));
    expect(tooDeep).toEqual(expect.objectContaining({ status: 400, codes: ['QUERY_TOO_COMPLEX'] }));
  });

  it('answers UNAUTHENTICATED (401) for a token signed with a key the subgraph does not know', async () => {
    const token = await issuer.token();
    const direct = await post(users.graphqlUrl, '{ me { id } }', { authorization: `Bearer ${token}` });
    expect(direct).toEqual(expect.objectContaining({ status: 401, codes: ['UNAUTHENTICATED'] }));
    const viaGateway = await post(gateway.graphqlUrl, '{ me { id } }', { authorization: `Bearer ${token}` });
    expect(viaGateway).toEqual(expect.objectContaining({ status: 401, codes: ['UNAUTHENTICATED'] }));
  });
});
