import { parse } from 'graphql';
import { printSubgraphSdl } from '@hiregraph/platform/subgraph/schema';
import { createLogger } from '@hiregraph/platform/logger';
import { createTestNamespace, eventually, type TestNamespace } from '@hiregraph/platform/testing/namespace';
import { startTestSubgraph, type TestSubgraph } from '@hiregraph/platform/testing/subgraph';
import {
  startPrivateNats,
  startPrivateRedis,
  startTcpOutageProxy,
  type PrivateNats,
  type PrivateRedis,
  type TcpOutageProxy,
} from '@hiregraph/platform/testing/outages';
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
 * Dependencies stopped under running services: the users subgraph reaches PostgreSQL through a
 * relay this test cuts, the users subgraph and the gateway share a redis-server this test kills and
 * starts again, and the users subgraph publishes to a nats-server of this test's own. Clients must get SERVICE_UNAVAILABLE with retryAfter (503 when nothing
 * could be answered), never INTERNAL_SERVER_ERROR, and everything must work again afterwards.
 */

const logger = createLogger('availability-test', process.env.TEST_LOG_LEVEL ?? 'silent');

interface GraphQLResult {
  data?: Record<string, any> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

async function post(url: string, document: string, variables = {}, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: document, variables }),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as GraphQLResult,
  };
}

async function readiness(origin: string) {
  const response = await fetch(new URL('/readyz', origin));
  return {
    status: response.status,
    checks: ((await response.json()) as { checks: Record<string, string> }).checks,
  };
}

const codes = (body: GraphQLResult) => (body.errors ?? []).map((error) => error.extensions?.code);

const REGISTER = 'mutation ($input: RegisterInput!) { register(input: $input) { accessToken user { id } } }';
let registrations = 0;
const registration = () => ({
  input: {
    email: `outage-${Date.now()}-${registrations++}@example.com`,
    password: 'correct horse battery',
    fullName: 'Grace',
  },
});

describe('while a dependency is down', () => {
  let ns: TestNamespace;
  let postgres: TcpOutageProxy;
  let redis: PrivateRedis;
  let nats: PrivateNats;
  let users: TestSubgraph;
  let probe: RunningProbe;
  let gateway: RunningGateway;
  let removeSupergraph: () => Promise<void>;
  let auth: Record<string, string>;
  let userId: string;

  beforeAll(async () => {
    ns = createTestNamespace('outage');
    const server = new URL(ns.config.DATABASE_URL);
    postgres = await startTcpOutageProxy({ host: server.hostname, port: Number(server.port || 5432) });
    redis = await startPrivateRedis();
    nats = await startPrivateNats();
    server.host = `127.0.0.1:${postgres.port}`;
    users = await startTestSubgraph(usersSubgraph, {
      ns,
      env: { DATABASE_URL: server.href.replace(/\/$/, ''), REDIS_URL: redis.url, NATS_URL: nats.url },
    });
    probe = await startProbeSubgraph();
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
      loadGatewayConfig({
        ...process.env,
        ...ns.env,
        GATEWAY_PORT: '0',
        SUPERGRAPH_PATH: supergraph.path,
        REDIS_URL: redis.url,
      }),
      logger,
    );
    const { body } = await post(gateway.graphqlUrl, REGISTER, registration());
    expect(body.errors).toBeUndefined();
    auth = { authorization: `Bearer ${body.data?.register.accessToken}` };
    userId = body.data?.register.user.id;
  });

  afterAll(async () => {
    postgres?.restore();
    await redis?.start().catch(() => undefined);
    await nats?.start().catch(() => undefined);
    await Promise.allSettled([gateway?.stop(), probe?.stop()]);
    await users?.subgraph.stop();
    await Promise.allSettled([postgres?.close(), redis?.close(), nats?.close(), removeSupergraph?.()]);
    await ns?.cleanup();
  });

  it('answers SERVICE_UNAVAILABLE with retryAfter while PostgreSQL is unreachable, then recovers', async () => {
    // Verified once while everything is up, so the token itself needs no database during the outage.
    expect((await post(gateway.graphqlUrl, '{ me { id } }', {}, auth)).body.errors).toBeUndefined();
    postgres.cut();
    try {
      // Straight to the subgraph: nothing could be answered, so HTTP 503 with Retry-After.
      const direct = await post(users.graphqlUrl, REGISTER, registration());
      expect({ status: direct.status, retryAfter: direct.retryAfter, codes: codes(direct.body) }).toEqual({
        status: 503,
        retryAfter: '5',
        codes: ['SERVICE_UNAVAILABLE'],
      });
      expect(direct.body.errors?.[0].extensions?.retryAfter).toBe(5);

      // Through the gateway: the subgraph's code and retryAfter arrive unchanged.
      const viaGateway = await post(gateway.graphqlUrl, REGISTER, registration());
      expect(viaGateway.status).toBe(503);
      expect(viaGateway.retryAfter).toBe('5');
      expect(viaGateway.body.errors?.map((error) => error.extensions)).toEqual([
        expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', retryAfter: 5, serviceName: 'users' }),
      ]);

      // A partial answer stays 200: the probe subgraph still answers its field.
      const partial = await post(gateway.graphqlUrl, `{ user(id: "${userId}") { id } probe }`, {}, auth);
      expect(partial.status).toBe(200);
      expect(partial.body.data).toEqual({ user: null, probe: 'probe ok' });
      expect(codes(partial.body)).toEqual(['SERVICE_UNAVAILABLE']);

      expect(await readiness(users.subgraph.url)).toEqual({
        status: 503,
        checks: { database: 'unavailable', nats: 'ok', redis: 'ok' },
      });
    } finally {
      postgres.restore();
    }
    const recovered = await eventually(async () => {
      const { status, body } = await post(gateway.graphqlUrl, REGISTER, registration());
      return status === 200 && !body.errors && body;
    });
    expect(recovered.data?.register.user.id).toEqual(expect.any(String));
    expect((await readiness(users.subgraph.url)).status).toBe(200);
  });

  it('answers SERVICE_UNAVAILABLE with retryAfter while Redis is down, then recovers', async () => {
    await redis.stop();
    try {
      // The gateway checks revocations in Redis before planning: a 503 for a signed-in request.
      const viaGateway = await post(gateway.graphqlUrl, '{ me { id } }', {}, auth);
      expect({
        status: viaGateway.status,
        retryAfter: viaGateway.retryAfter,
        codes: codes(viaGateway.body),
      }).toEqual({ status: 503, retryAfter: '5', codes: ['SERVICE_UNAVAILABLE'] });
      expect(viaGateway.body.errors?.[0].extensions?.retryAfter).toBe(5);

      // The subgraph checks revocations too.
      const direct = await post(users.graphqlUrl, '{ me { id } }', {}, auth);
      expect({ status: direct.status, codes: codes(direct.body) }).toEqual({
        status: 503,
        codes: ['SERVICE_UNAVAILABLE'],
      });

      // Anonymous requests need no Redis at the gateway and still get their answer.
      const anonymous = await post(gateway.graphqlUrl, '{ probe }');
      expect(anonymous).toEqual({ status: 200, retryAfter: null, body: { data: { probe: 'probe ok' } } });

      const gatewayReady = await readiness(gateway.url);
      expect(gatewayReady.status).toBe(503);
      expect(gatewayReady.checks).toEqual(expect.objectContaining({ redis: 'unavailable', users: 'ok' }));
      expect(await readiness(users.subgraph.url)).toEqual({
        status: 503,
        checks: { database: 'ok', nats: 'ok', redis: 'unavailable' },
      });
    } finally {
      await redis.start();
    }
    const recovered = await eventually(async () => {
      const { status, body } = await post(gateway.graphqlUrl, '{ me { id } }', {}, auth);
      return status === 200 && body;
    });
    expect(recovered.errors).toBeUndefined();
    expect(recovered.data?.me.id).toEqual(expect.any(String));
    expect((await readiness(gateway.url)).status).toBe(200);
  });

  it('keeps accepting writes while NATS is down, says so on /readyz, and publishes them once it is back', async () => {
    await nats.stop();
    try {
      const ready = await eventually(async () => {
        const result = await readiness(users.subgraph.url);
        return result.checks.nats === 'unavailable' && result;
      });
      expect(ready).toEqual({ status: 503, checks: { database: 'ok', nats: 'unavailable', redis: 'ok' } });
      // No request waits on NATS: the event waits in the outbox, committed with the registration.
      const { status, body } = await post(gateway.graphqlUrl, REGISTER, registration());
      expect({ status, errors: body.errors }).toEqual({ status: 200, errors: undefined });
      expect(await users.subgraph.runtime.outbox.pendingCount()).toBeGreaterThan(0);
    } finally {
      await nats.start();
    }
    await eventually(async () => (await readiness(users.subgraph.url)).status === 200);
    // The relay backs off while NATS is down, a few seconds at most after so short an outage.
    await eventually(async () => (await users.subgraph.runtime.outbox.pendingCount()) === 0, 30_000);
  });
});
