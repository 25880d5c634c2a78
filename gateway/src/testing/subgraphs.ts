import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, type DocumentNode } from 'graphql';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { composeServices } from '@apollo/composition';
import { createHttpApp, listen } from '@hiregraph/platform/http';
import { createLogger } from '@hiregraph/platform/logger';

/**
 * A second, deliberately tiny subgraph for gateway tests, so partial results can be shown while
 * only the users subgraph exists: a root field, a slow root field, a field on User (entity fetch),
 * an echo of the headers the gateway forwarded, a recursive type (query limits) and a field with a
 * public cache hint (persisted operations).
 */
export const PROBE_TYPE_DEFS = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

  "Apollo's cache hint directive: the subgraph turns it into Cache-Control, which the gateway honors."
  directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION

  enum CacheControlScope {
    PUBLIC
    PRIVATE
  }

  type Query {
    probe: String
    "Cacheable by anyone for a minute (the persisted operations tests)."
    publicProbe: String @cacheControl(maxAge: 60, scope: PUBLIC)
    slowProbe: String
    forwardedHeaders: ForwardedHeaders
    nest: ProbeNest
    "Answers once the test releases \`key\` (see RunningProbe.release), with how many calls arrived for it."
    held(key: String!): Int
  }

  type Mutation {
    "The mutation twin of \`held\`."
    heldMutation(key: String!): Int
  }

  "Nests as deep and lists as long as asked, for the query-limit tests."
  type ProbeNest {
    leaf: String
    nest: ProbeNest
    children(first: Int = 1): [ProbeNest!]!
  }

  type ForwardedHeaders {
    authorization: String
    requestId: String
    forwardedFor: String
    userAgent: String
    traceparent: String
  }

  type User @key(fields: "id") {
    id: ID!
    probeNote: String
  }
`);

export const SLOW_PROBE_DELAY_MS = 30_000;

interface ProbeContext {
  headers: Record<string, string | string[] | undefined>;
}

export interface RunningProbe {
  url: string;
  /** Calls of `held`/`heldMutation` that arrived for `key` so far. */
  arrivals(key: string): number;
  /** Answers every held call for `key`, now and from now on. */
  release(key: string): void;
  /** TCP connections accepted so far (keep-alive reuse shows as few). */
  connections(): number;
  stop(): Promise<void>;
}

/** Calls held until the test lets them answer, so concurrent requests overlap for sure. */
class HeldCalls {
  private readonly counts = new Map<string, number>();
  private readonly gates = new Map<string, { open: Promise<void>; release: () => void }>();

  private gate(key: string) {
    let gate = this.gates.get(key);
    if (!gate) {
      let release = () => {};
      const open = new Promise<void>((resolve) => (release = resolve));
      gate = { open, release };
      this.gates.set(key, gate);
    }
    return gate;
  }

  async arrive(key: string): Promise<number> {
    this.counts.set(key, this.arrivals(key) + 1);
    await this.gate(key).open;
    return this.arrivals(key);
  }

  arrivals(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  release(key: string): void {
    this.gate(key).release();
  }
}

export async function startProbeSubgraph(): Promise<RunningProbe> {
  const held = new HeldCalls();
  const server = new ApolloServer<ProbeContext>({
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    schema: buildSubgraphSchema([
      {
        typeDefs: PROBE_TYPE_DEFS,
        resolvers: {
          Query: {
            probe: () => 'probe ok',
            publicProbe: () => 'public probe ok',
            nest: () => ({}),
            held: (_: unknown, { key }: { key: string }) => held.arrive(key),
            // Unref'd: a test that gave up on the answer must not be held open by it.
            slowProbe: () =>
              new Promise((resolve) => setTimeout(resolve, SLOW_PROBE_DELAY_MS, 'late').unref()),
            forwardedHeaders: (_: unknown, __: unknown, { headers }: ProbeContext) => ({
              authorization: headers.authorization,
              requestId: headers['x-request-id'],
              forwardedFor: headers['x-forwarded-for'],
              userAgent: headers['user-agent'],
              traceparent: headers.traceparent,
            }),
          },
          Mutation: {
            heldMutation: (_: unknown, { key }: { key: string }) => held.arrive(key),
          },
          ProbeNest: {
            leaf: () => 'leaf',
            nest: () => ({}),
            children: (_: unknown, { first }: { first: number }) =>
              Array.from({ length: Math.min(first, 3) }, () => ({})),
          },
          User: {
            __resolveReference: (reference: { id: string }) => ({ ...reference }),
            probeNote: (user: { id: string }) => `note for ${user.id}`,
          },
        },
      },
    ]),
  });
  // The same HTTP shell as real subgraphs, so the gateway's /readyz finds a /healthz here too.
  const { app, server: httpServer } = createHttpApp({
    logger: createLogger('probe', 'silent'),
    corsOrigins: '*',
    maxRequestBytes: 1_000_000,
    readiness: {},
  });
  await server.start();
  app.use('/graphql', expressMiddleware(server, { context: async ({ req }) => ({ headers: req.headers }) }));
  let connections = 0;
  httpServer.on('connection', () => (connections += 1));
  const origin = await listen(httpServer, 0, '127.0.0.1');
  return {
    url: `${origin}/graphql`,
    arrivals: (key) => held.arrivals(key),
    release: (key) => held.release(key),
    connections: () => connections,
    async stop() {
      await server.stop();
      httpServer.closeAllConnections();
      await new Promise((resolve) => httpServer.close(resolve));
    },
  };
}

export interface SubgraphForComposition {
  name: string;
  url: string;
  typeDefs: DocumentNode;
}

/** Composes a supergraph as `npm run compose` would, and writes it to a fresh temp file. */
export async function writeSupergraph(
  subgraphs: SubgraphForComposition[],
): Promise<{ path: string; remove(): Promise<void> }> {
  const result = composeServices(subgraphs);
  if (result.errors) throw new Error(`composition failed: ${result.errors.map((e) => e.message).join('; ')}`);
  const dir = await mkdtemp(join(tmpdir(), 'hiregraph-gateway-'));
  const path = join(dir, 'supergraph.graphql');
  await writeFile(path, result.supergraphSdl);
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A URL on this machine where nothing listens (the port was just released). */
export async function deadUrl(): Promise<string> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/graphql`;
}
