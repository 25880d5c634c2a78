import { parse } from 'graphql';
import { printSubgraphSdl } from '@hiregraph/platform/subgraph/schema';
import { createLogger } from '@hiregraph/platform/logger';
import { createTestNamespace, type TestNamespace } from '@hiregraph/platform/testing/namespace';
import { startTestSubgraph, type TestSubgraph } from '@hiregraph/platform/testing/subgraph';
import { usersSubgraph } from '@hiregraph/subgraph-users/subgraph';
import { loadGatewayConfig } from './config.js';
import { startGateway, type RunningGateway } from './gateway.js';
import { EXPLORER_ASSETS } from './explorer.js';
import {
  deadUrl,
  PROBE_TYPE_DEFS,
  SLOW_PROBE_DELAY_MS,
  startProbeSubgraph,
  writeSupergraph,
  type RunningProbe,
  type SubgraphForComposition,
} from './testing/subgraphs.js';

const logger = createLogger('gateway-test', process.env.TEST_LOG_LEVEL ?? 'silent');
// Long enough that a loaded machine's ordinary subgraph calls never hit it; the slow probe takes 30 s.
const TIMEOUT_MS = 3_000;

interface GraphQLResult {
  data?: Record<string, any> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

async function query(
  gateway: RunningGateway,
  document: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<{ status: number; body: GraphQLResult; headers: Headers }> {
  const response = await fetch(gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: document, variables }),
  });
  return {
    status: response.status,
    body: (await response.json()) as GraphQLResult,
    headers: response.headers,
  };
}

const errorsOf = (body: GraphQLResult) =>
  (body.errors ?? []).map(({ path, extensions }) => ({
    path,
    code: extensions?.code,
    serviceName: extensions?.serviceName,
    reason: extensions?.reason,
  }));

const REGISTER = 'mutation ($input: RegisterInput!) { register(input: $input) { accessToken user { id } } }';
const FORWARDED = '{ forwardedHeaders { authorization requestId forwardedFor userAgent } }';
const CALLER_HEADERS = {
  'x-request-id': 'req-gateway-1',
  'x-forwarded-for': '203.0.113.7',
  'user-agent': 'hiregraph-test-client',
};

describe('gateway over real subgraphs', () => {
  let ns: TestNamespace;
  let users: TestSubgraph;
  let usersRunning = true;
  let probe: RunningProbe;
  let usersTypeDefs: SubgraphForComposition['typeDefs'];
  const gateways: RunningGateway[] = [];
  const removals: (() => Promise<void>)[] = [];

  /** A gateway serving a supergraph composed here, like the committed one, with `overrides` as env. */
  async function gatewayFor(subgraphs: SubgraphForComposition[], overrides: Record<string, string> = {}) {
    const supergraph = await writeSupergraph(subgraphs);
    removals.push(supergraph.remove);
    const config = loadGatewayConfig({
      ...process.env,
      ...ns.env,
      DEV_MODE: 'false',
      GATEWAY_PORT: '0',
      SUPERGRAPH_PATH: supergraph.path,
      SUBGRAPH_TIMEOUT_MS: String(TIMEOUT_MS),
      MAX_REQUEST_BYTES: '20000',
      ...overrides,
    });
    const gateway = await startGateway(config, logger);
    gateways.push(gateway);
    return gateway;
  }

  const usersGraph = (url: string) => ({ name: 'users', url, typeDefs: usersTypeDefs });
  const probeGraph = (url: string) => ({ name: 'probe', url, typeDefs: PROBE_TYPE_DEFS });

  let gateway: RunningGateway;
  /** A signed-in account, registered through the gateway. */
  let account: { id: string; auth: Record<string, string> };

  beforeAll(async () => {
    ns = createTestNamespace('gateway');
    users = await startTestSubgraph(usersSubgraph, { ns });
    probe = await startProbeSubgraph();
    usersTypeDefs = parse(printSubgraphSdl(await usersSubgraph.buildSchema()));
    // The supergraph names a dead users URL: USERS_URL must win over it.
    gateway = await gatewayFor([usersGraph(await deadUrl()), probeGraph(probe.url)], {
      USERS_URL: users.graphqlUrl,
    });
  });

  afterAll(async () => {
    await Promise.allSettled(gateways.map((g) => g.stop()));
    await Promise.allSettled([probe?.stop(), usersRunning && users?.stop()]);
    await Promise.allSettled(removals.map((remove) => remove()));
    await ns?.cleanup();
  });

  it("runs a mutation, then a query planned across subgraphs with the caller's token", async () => {
    const registered = await query(gateway, REGISTER, {
      input: { email: `ada-${Date.now()}@example.com`, password: 'correct horse battery', fullName: 'Ada' },
    });
    expect(registered.body.errors).toBeUndefined();
    const { accessToken, user } = registered.body.data?.register as {
      accessToken: string;
      user: { id: string };
    };
    account = { id: user.id, auth: { authorization: `Bearer ${accessToken}` } };

    const { body } = await query(gateway, '{ me { id fullName probeNote } probe }', {}, account.auth);
    expect(body).toEqual({
      data: {
        me: { id: account.id, fullName: 'Ada', probeNote: `note for ${account.id}` },
        probe: 'probe ok',
      },
    });
  });

  it('keeps subgraph error codes and names the subgraph', async () => {
    const anonymous = await query(gateway, '{ me { id } }');
    expect(errorsOf(anonymous.body)).toEqual([
      { path: ['me'], code: 'UNAUTHENTICATED', serviceName: 'users', reason: undefined },
    ]);
    const { body } = await query(gateway, '{ user(id: "not-a-uuid") { id } }', {}, account.auth);
    expect(body.data).toEqual({ user: null });
    expect(errorsOf(body)).toEqual([
      { path: ['user'], code: 'BAD_USER_INPUT', serviceName: 'users', reason: undefined },
    ]);
  });

  it('refuses bad tokens itself with a 401 UNAUTHENTICATED, before any subgraph is asked', async () => {
    for (const authorization of [
      'Bearer not-a-jwt',
      'Basic abc',
      `Bearer ${account.auth.authorization.slice(7, -4)}AAAA`,
    ]) {
      const { status, body } = await query(gateway, FORWARDED, {}, { authorization });
      expect(status).toBe(401);
      expect(body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(body.data).toBeUndefined();
    }
  });

  it('forwards authorization, request id, client address and user agent to subgraphs', async () => {
    const { body, headers } = await query(gateway, FORWARDED, {}, { ...CALLER_HEADERS, ...account.auth });
    expect(headers.get('x-request-id')).toBe('req-gateway-1');
    expect(body.data?.forwardedHeaders).toEqual({
      authorization: account.auth.authorization,
      requestId: 'req-gateway-1',
      // Not the address the caller claimed: without TRUST_PROXY the gateway reports the peer.
      forwardedFor: '127.0.0.1',
      userAgent: 'hiregraph-test-client',
    });
  });

  it('takes the client address from X-Forwarded-For behind a trusted proxy', async () => {
    const behindProxy = await gatewayFor([usersGraph(users.graphqlUrl), probeGraph(probe.url)], {
      TRUST_PROXY: 'loopback',
    });
    const { body } = await query(behindProxy, FORWARDED, {}, { ...CALLER_HEADERS, ...account.auth });
    expect(body.data?.forwardedHeaders.forwardedFor).toBe('203.0.113.7');
  });

  it('serves GraphiQL to browsers from local assets only', async () => {
    const page = await fetch(gateway.graphqlUrl, { headers: { accept: 'text/html,*/*;q=0.8' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);

    const assetUrls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(assetUrls).toHaveLength(4);
    for (const name of EXPLORER_ASSETS) {
      const response = await fetch(new URL(`/graphql/assets/${name}`, gateway.url));
      expect({ name, status: response.status }).toEqual({ name, status: 200 });
      await response.arrayBuffer();
    }
    for (const assetUrl of assetUrls) {
      expect(EXPLORER_ASSETS.map((name) => `/graphql/assets/${name}`)).toContain(assetUrl);
    }
    expect((await fetch(new URL('/graphql/assets/package.json', gateway.url))).status).toBe(404);
  });

  it('sends non-browser GET requests to GraphQL', async () => {
    const response = await fetch(`${gateway.graphqlUrl}?query=${encodeURIComponent('{ probe }')}`, {
      headers: { accept: '*/*', 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { probe: 'probe ok' } });
  });

  it('answers JSON to clients that also accept an event stream (urql), leaving SSE to those preferring it', async () => {
    // urql's fetch exchange sends this Accept header with every query and mutation.
    const urqlAccept =
      'application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed';
    const { status, body } = await query(gateway, '{ probe }', {}, { accept: urqlAccept });
    expect({ status, body }).toEqual({ status: 200, body: { data: { probe: 'probe ok' } } });
  });

  it('rejects a body over MAX_REQUEST_BYTES with a coded 413', async () => {
    const { status, body } = await query(gateway, `{ probe } # ${'x'.repeat(30_000)}`);
    expect(status).toBe(413);
    expect(body.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('is ready when the supergraph is loaded and every subgraph is healthy', async () => {
    const response = await fetch(new URL('/readyz', gateway.url));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ready',
      checks: { supergraph: 'ok', redis: 'ok', nats: 'ok', users: 'ok', probe: 'ok' },
    });
  });

  it('times out a hung subgraph call with a coded error, keeping the other data', async () => {
    const started = Date.now();
    const { body } = await query(gateway, '{ slowProbe me { id } }', {}, account.auth);
    // Cut at the timeout, not after the probe's 30 s.
    expect(Date.now() - started).toBeLessThan(SLOW_PROBE_DELAY_MS / 2);
    expect(body.data).toEqual({ slowProbe: null, me: { id: account.id } });
    expect(errorsOf(body)).toEqual([
      { path: ['slowProbe'], code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'probe', reason: 'timeout' },
    ]);
  });

  it('reports a dead subgraph on its fields (root and entity) while the rest resolves', async () => {
    const withDeadProbe = await gatewayFor([usersGraph(users.graphqlUrl), probeGraph(await deadUrl())]);
    const started = Date.now();
    const { status, body } = await query(withDeadProbe, '{ probe me { id probeNote } }', {}, account.auth);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(status).toBe(200);
    expect(body.data).toEqual({ probe: null, me: { id: account.id, probeNote: null } });
    const unavailable = { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'probe', reason: 'unreachable' };
    // The root field carries its path; the entity fetch for me.probeNote, where the entity sits.
    expect(errorsOf(body)).toEqual(
      expect.arrayContaining([
        { path: ['probe'], ...unavailable },
        { path: ['me'], ...unavailable },
      ]),
    );
    expect(body.errors).toHaveLength(2);

    const ready = await fetch(new URL('/readyz', withDeadProbe.url));
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: unknown }).checks).toEqual({
      supergraph: 'ok',
      redis: 'ok',
      nats: 'ok',
      users: 'ok',
      probe: 'unavailable',
    });
  });

  it('composes from the running subgraphs in DEV_MODE', async () => {
    const config = loadGatewayConfig({
      ...process.env,
      ...ns.env,
      DEV_MODE: 'true',
      DEV_SUBGRAPHS: 'users',
      USERS_URL: users.graphqlUrl,
      GATEWAY_PORT: '0',
      SUPERGRAPH_PATH: '/nonexistent/supergraph.graphql',
    });
    const devGateway = await startGateway(config, logger);
    gateways.push(devGateway);
    const { body } = await query(devGateway, '{ me { id } }', {}, account.auth);
    expect(body).toEqual({ data: { me: { id: account.id } } });
    const ready = await fetch(new URL('/readyz', devGateway.url));
    expect(((await ready.json()) as { checks: unknown }).checks).toEqual({
      supergraph: 'ok',
      redis: 'ok',
      nats: 'ok',
      users: 'ok',
    });
  });

  it('keeps answering from the other subgraphs once the users subgraph is stopped', async () => {
    await users.subgraph.stop();
    usersRunning = false;
    const started = Date.now();
    const { body } = await query(
      gateway,
      '{ user(id: "00000000-0000-4000-8000-000000000000") { id } probe }',
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(body.data).toEqual({ user: null, probe: 'probe ok' });
    expect(errorsOf(body)).toEqual([
      { path: ['user'], code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'users', reason: 'unreachable' },
    ]);
  });
});
