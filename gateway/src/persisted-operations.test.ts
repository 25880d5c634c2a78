import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { printSubgraphSdl } from '@hiregraph/platform/subgraph/schema';
import { createLogger } from '@hiregraph/platform/logger';
import { createRedis, type Redis } from '@hiregraph/platform/redis';
import { createTestNamespace, type TestNamespace } from '@hiregraph/platform/testing/namespace';
import { startTestSubgraph, type TestSubgraph } from '@hiregraph/platform/testing/subgraph';
import { usersSubgraph } from '@hiregraph/subgraph-users/subgraph';
import { loadGatewayConfig } from './config.js';
import { startGateway, type RunningGateway } from './gateway.js';
import { operationHash, TrustedDocuments, type PersistedQueryManifest } from './persisted-operations.js';
import {
  PROBE_TYPE_DEFS,
  startProbeSubgraph,
  writeSupergraph,
  type RunningProbe,
} from './testing/subgraphs.js';

const logger = createLogger('persisted-operations-test', process.env.TEST_LOG_LEVEL ?? 'silent');
const TTL_SECONDS = 600;

interface Answer {
  status: number;
  cacheControl: string | null;
  vary: string | null;
  data?: Record<string, unknown> | null;
  codes: unknown[];
}

interface OperationRequest {
  query?: string;
  hash?: string;
  variables?: Record<string, unknown>;
}

const extensionsOf = (hash: string | undefined) =>
  hash === undefined ? undefined : { persistedQuery: { version: 1, sha256Hash: hash } };

async function answer(response: Response): Promise<Answer> {
  const body = (await response.json()) as { data?: Record<string, unknown> | null; errors?: unknown[] };
  return {
    status: response.status,
    cacheControl: response.headers.get('cache-control'),
    vary: response.headers.get('vary'),
    data: body.data,
    codes: (body.errors ?? []).map(
      (error) => (error as { extensions?: { code?: unknown } }).extensions?.code,
    ),
  };
}

async function post(
  gateway: RunningGateway,
  { query, hash, variables }: OperationRequest,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables, extensions: extensionsOf(hash) }),
  });
  return answer(response);
}

/** A plain GET, as a CDN or `curl` sends it: no content type, no preflight header. */
async function get(
  gateway: RunningGateway,
  { query, hash, variables }: OperationRequest,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const params = new URLSearchParams();
  if (query !== undefined) params.set('query', query);
  if (variables !== undefined) params.set('variables', JSON.stringify(variables));
  if (hash !== undefined) params.set('extensions', JSON.stringify(extensionsOf(hash)));
  return answer(await fetch(`${gateway.graphqlUrl}?${params}`, { headers }));
}

const CHILDREN = 'query Children($first: Int) { nest { children(first: $first) { leaf } } }';
const CHILDREN_DATA = { nest: { children: [{ leaf: 'leaf' }, { leaf: 'leaf' }] } };
const REGISTER = 'mutation ($input: RegisterInput!) { register(input: $input) { accessToken } }';
const registration = (email: string) => ({
  input: { email, password: 'correct horse battery', fullName: 'Grace' },
});

describe('persisted operations through the gateway', () => {
  let ns: TestNamespace;
  let users: TestSubgraph;
  let probe: RunningProbe;
  let redis: Redis;
  let supergraphPath: string;
  let manifestDir: string;
  const gateways: RunningGateway[] = [];
  const removals: (() => Promise<void>)[] = [];

  async function gatewayWith(overrides: Record<string, string>): Promise<RunningGateway> {
    const config = loadGatewayConfig({
      ...process.env,
      ...ns.env,
      DEV_MODE: 'false',
      GATEWAY_PORT: '0',
      SUPERGRAPH_PATH: supergraphPath,
      USERS_URL: users.graphqlUrl,
      PERSISTED_QUERY_TTL_SECONDS: String(TTL_SECONDS),
      ...overrides,
    });
    const gateway = await startGateway(config, logger);
    gateways.push(gateway);
    return gateway;
  }

  /** A published manifest listing `bodies` (written as `npm run persisted:manifest` would). */
  async function manifestOf(bodies: Record<string, string>): Promise<string> {
    const manifest: PersistedQueryManifest = {
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: Object.entries(bodies).map(([name, body]) => ({
        id: operationHash(body),
        name,
        type: 'query',
        body,
      })),
    };
    const path = join(manifestDir, `${Object.keys(bodies).join('-')}.json`);
    await writeFile(path, JSON.stringify(manifest));
    return path;
  }

  let apq: RunningGateway;
  let signedIn: Record<string, string>;

  beforeAll(async () => {
    ns = createTestNamespace('persisted');
    users = await startTestSubgraph(usersSubgraph, { ns });
    probe = await startProbeSubgraph();
    const usersTypeDefs = parse(printSubgraphSdl(await usersSubgraph.buildSchema()));
    const supergraph = await writeSupergraph([
      { name: 'users', url: users.graphqlUrl, typeDefs: usersTypeDefs },
      { name: 'probe', url: probe.url, typeDefs: PROBE_TYPE_DEFS },
    ]);
    supergraphPath = supergraph.path;
    removals.push(supergraph.remove);
    manifestDir = await mkdtemp(join(tmpdir(), 'hiregraph-manifest-'));
    removals.push(() => rm(manifestDir, { recursive: true, force: true }));
    redis = createRedis(ns.config.REDIS_URL, ns.config.REDIS_KEY_PREFIX);
    apq = await gatewayWith({});
    const registered = await post(apq, {
      query: REGISTER,
      variables: registration(`grace-${ns.name}@example.com`),
    });
    expect(registered.codes).toEqual([]);
    const { accessToken } = (registered.data as { register: { accessToken: string } }).register;
    signedIn = { authorization: `Bearer ${accessToken}` };
  });

  afterAll(async () => {
    await Promise.allSettled(gateways.map((gateway) => gateway.stop()));
    await Promise.allSettled([probe?.stop(), users?.stop()]);
    redis?.disconnect();
    await Promise.allSettled(removals.map((remove) => remove()));
    await ns?.cleanup();
  });

  describe('automatic persisted queries (PERSISTED_OPERATIONS=apq)', () => {
    it('asks for the query, registers it in Redis for a bounded time, then runs it by hash (POST and GET)', async () => {
      const hash = operationHash(CHILDREN);
      const variables = { first: 2 };

      expect(await post(apq, { hash, variables })).toMatchObject({ codes: ['PERSISTED_QUERY_NOT_FOUND'] });
      const unknownByGet = await get(apq, { hash, variables });
      expect(unknownByGet.codes).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
      expect(unknownByGet.cacheControl).not.toMatch(/public/);

      expect(await post(apq, { query: CHILDREN, hash, variables })).toMatchObject({
        status: 200,
        data: CHILDREN_DATA,
        codes: [],
      });
      // Apollo stores the registration after answering: wait for it rather than for time.
      let ttl = -2;
      for (let tries = 0; tries < 100 && ttl === -2; tries += 1) {
        ttl = await redis.ttl(`gateway:apq:${hash}`);
        if (ttl === -2) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(TTL_SECONDS);
      expect(await redis.get(`gateway:apq:${hash}`)).toBe(CHILDREN);

      expect(await post(apq, { hash, variables })).toMatchObject({ data: CHILDREN_DATA, codes: [] });
      expect(await get(apq, { hash, variables })).toMatchObject({
        status: 200,
        data: CHILDREN_DATA,
        codes: [],
      });
      // Registrations live in Redis, not in one gateway's memory: another replica knows the hash.
      const replica = await gatewayWith({});
      expect(await get(replica, { hash, variables: { first: 1 } })).toMatchObject({
        data: { nest: { children: [{ leaf: 'leaf' }] } },
        codes: [],
      });
    });

    it('refuses a registration whose hash is not the query’s, and stores nothing', async () => {
      const query = '{ probe }';
      const wrongHash = operationHash('{ probe probe }');
      expect(await post(apq, { query, hash: wrongHash })).toMatchObject({
        status: 400,
        data: undefined,
        codes: ['PERSISTED_QUERY_HASH_MISMATCH'],
      });
      expect(await redis.exists(`gateway:apq:${wrongHash}`, `gateway:apq:${operationHash(query)}`)).toBe(0);
      expect((await post(apq, { hash: wrongHash })).codes).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    });

    it('lets anonymous GETs be cached publicly as the subgraphs hint, signed-in ones only privately', async () => {
      const cacheable = 'query PublicProbe { publicProbe }';
      const uncacheable = 'query MixedProbe { publicProbe probe }';
      for (const query of [cacheable, uncacheable]) {
        expect((await post(apq, { query, hash: operationHash(query) })).codes).toEqual([]);
      }

      const anonymous = await get(apq, { hash: operationHash(cacheable) });
      expect(anonymous).toMatchObject({
        status: 200,
        data: { publicProbe: 'public probe ok' },
        cacheControl: 'max-age=60, public',
      });
      // The same URL with a token is another answer: caches must tell them apart.
      expect(anonymous.vary?.toLowerCase()).toContain('authorization');
      const withToken = await get(apq, { hash: operationHash(cacheable) }, signedIn);
      expect(withToken).toMatchObject({ status: 200, data: { publicProbe: 'public probe ok' } });
      expect(withToken.cacheControl).toBe('max-age=60, private');
      // A field without a hint makes the whole response uncacheable.
      expect((await get(apq, { hash: operationHash(uncacheable) })).cacheControl).toBe('no-store');
    });

    it('still needs a preflight for a GET carrying a document, and never runs a mutation over GET', async () => {
      const query = '{ probe }';
      expect(await get(apq, { query })).toMatchObject({ status: 400, codes: ['BAD_REQUEST'] });
      expect(await get(apq, { query }, { 'apollo-require-preflight': 'true' })).toMatchObject({
        status: 200,
        data: { probe: 'probe ok' },
      });

      const email = `by-get-${ns.name}@example.com`;
      const hash = operationHash(REGISTER);
      // Registered by POST (it runs: the account exists), then refused by hash over GET.
      expect((await post(apq, { query: REGISTER, hash, variables: registration(email) })).codes).toEqual([]);
      const byGet = await get(apq, { hash, variables: registration(`again-${email}`) });
      expect(byGet).toMatchObject({ status: 405, data: undefined, codes: ['BAD_REQUEST'] });
      expect((await post(apq, { query: REGISTER, variables: registration(`again-${email}`) })).codes).toEqual(
        [],
      );
    });
  });

  describe('trusted documents (PERSISTED_OPERATIONS=trusted)', () => {
    const LISTED = 'query Listed { probe }';
    const LISTED_PUBLIC = 'query ListedPublic { publicProbe }';
    let trusted: RunningGateway;

    beforeAll(async () => {
      trusted = await gatewayWith({
        PERSISTED_OPERATIONS: 'trusted',
        PERSISTED_OPERATIONS_MANIFEST: await manifestOf({ Listed: LISTED, ListedPublic: LISTED_PUBLIC }),
      });
    });

    it('runs the listed operations, by id (POST and GET) or in full', async () => {
      expect(await post(trusted, { hash: operationHash(LISTED) })).toMatchObject({
        data: { probe: 'probe ok' },
        codes: [],
      });
      expect(await post(trusted, { query: LISTED })).toMatchObject({
        data: { probe: 'probe ok' },
        codes: [],
      });
      expect(await get(trusted, { hash: operationHash(LISTED_PUBLIC) })).toMatchObject({
        status: 200,
        data: { publicProbe: 'public probe ok' },
        cacheControl: 'max-age=60, public',
      });
    });

    it('refuses anything else without running it, even in full or through the APQ registration', async () => {
      const email = `unlisted-${ns.name}@example.com`;
      const refused = { status: 400, data: undefined, codes: ['PERSISTED_QUERY_NOT_IN_LIST'] };
      expect(await post(trusted, { query: REGISTER, variables: registration(email) })).toMatchObject(refused);
      expect(
        await post(trusted, {
          query: REGISTER,
          hash: operationHash(REGISTER),
          variables: registration(email),
        }),
      ).toMatchObject(refused);
      expect(
        await post(trusted, { hash: operationHash(REGISTER), variables: registration(email) }),
      ).toMatchObject(refused);
      expect(await get(trusted, { hash: operationHash('{ probe }') })).toMatchObject(refused);
      expect(
        await get(trusted, { query: '{ probe }' }, { 'apollo-require-preflight': 'true' }),
      ).toMatchObject(refused);
      // Never ran: the address is still free.
      expect((await post(apq, { query: REGISTER, variables: registration(email) })).codes).toEqual([]);
    });

    it('runs only listed operations over WebSocket and SSE too', async () => {
      const client = createClient({
        url: trusted.websocketUrl,
        webSocketImpl: WebSocket,
        connectionParams: signedIn,
        retryAttempts: 0,
      });
      const run = (query: string) =>
        new Promise<{ results?: unknown[]; codes?: unknown[] }>((resolve) => {
          const results: unknown[] = [];
          client.subscribe(
            { query },
            {
              next: (result) => results.push(result),
              error: (errors) =>
                resolve({
                  codes: (errors as { extensions?: { code?: unknown } }[]).map((e) => e.extensions?.code),
                }),
              complete: () => resolve({ results }),
            },
          );
        });
      try {
        expect(await run(LISTED)).toEqual({ results: [{ data: { probe: 'probe ok' } }] });
        expect(await run('{ probe }')).toEqual({ codes: ['PERSISTED_QUERY_NOT_IN_LIST'] });
      } finally {
        await client.dispose();
      }

      const overSse = await fetch(trusted.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...signedIn },
        body: JSON.stringify({ query: 'subscription { resumeStatus { id } }' }),
      });
      expect(await answer(overSse)).toMatchObject({ status: 400, codes: ['PERSISTED_QUERY_NOT_IN_LIST'] });
    });

    it('will not start with a manifest whose ids are not its bodies’ hashes', async () => {
      const path = join(manifestDir, 'forged.json');
      await writeFile(
        path,
        JSON.stringify({
          format: 'apollo-persisted-query-manifest',
          version: 1,
          operations: [{ id: operationHash(LISTED), name: 'Forged', type: 'query', body: '{ me { id } }' }],
        }),
      );
      await expect(TrustedDocuments.load(path)).rejects.toThrow(/not its body's hash/);
      await expect(
        gatewayWith({ PERSISTED_OPERATIONS: 'trusted', PERSISTED_OPERATIONS_MANIFEST: path }),
      ).rejects.toThrow(/not its body's hash/);
    });
  });

  it('refuses persisted queries when turned off (PERSISTED_OPERATIONS=off)', async () => {
    const off = await gatewayWith({ PERSISTED_OPERATIONS: 'off' });
    const query = '{ probe }';
    expect(await post(off, { query, hash: operationHash(query) })).toMatchObject({
      data: undefined,
      codes: ['PERSISTED_QUERY_NOT_SUPPORTED'],
    });
    expect(await post(off, { query })).toMatchObject({ data: { probe: 'probe ok' }, codes: [] });
  });
});
