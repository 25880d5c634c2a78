import type { Server } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { createHttpApp, jsonErrorHandler, listen, type ReadinessChecks } from '@hiregraph/platform/http';
import { createLogger, type Logger } from '@hiregraph/platform/logger';
import type { Stoppable } from '@hiregraph/platform/lifecycle';
import { AccessTokenVerifier, remoteKeySet } from '@hiregraph/platform/auth/tokens';
import { createRedis } from '@hiregraph/platform/redis';
import { jwksUrl } from '@hiregraph/platform/config';
import { availabilityPlugin } from '@hiregraph/platform/availability';
import { graphqlMetricsPlugin } from '@hiregraph/platform/observability/graphql-metrics';
import { queryLimitProtection } from '@hiregraph/platform/query-limits';
import { assertVariablesDepth } from '@hiregraph/platform/validation';
import type { GatewayEnvironment as GatewayConfig } from './environment.js';
import { explorerRouter } from './explorer.js';
import { createFormatError } from './format-error.js';
import { graphqlHandler } from '@hiregraph/platform/graphql-handler';
import { operationResolutionPlugin } from './operation-resolution.js';
import {
  cacheableGets,
  persistedQueriesOption,
  privateWhenSignedInPlugin,
  requestVariables,
  TrustedDocuments,
  trustedDocumentsGuard,
} from './persisted-operations.js';
import { loadSupergraphSource, type SubgraphEndpoint } from './supergraph.js';
import { SubgraphDataSource, type GatewayContext } from './subgraph-data-source.js';
import { SubgraphHttpClient } from './subgraph-http.js';
import { RecentRevocations } from '@hiregraph/platform/auth/recent-revocations';
import { newId } from '@hiregraph/platform/ids';
import { newTraceparent } from '@hiregraph/platform/trace';
import { LiveBridge, type RunQuery } from './live/bridge.js';
import { LiveConnections } from './live/connections.js';
import { EventHub } from './live/event-hub.js';
import { natsServers } from '@hiregraph/platform/events/nats-cluster';
import { sseHandler } from './live/sse.js';
import { serveWebSocket } from './live/websocket.js';
import { observeLive, timeSubgraphFetches } from './metrics.js';
import { webClientRouter } from './web-client.js';
import {
  CacheTagGenerations,
  invalidateOnOwningEvents,
  RedisResponseStore,
  responseCachePlugin,
} from './response-cache.js';

export const GRAPHQL_PATH = '/graphql';

export interface RunningGateway extends Stoppable {
  /** Origin the gateway listens on, e.g. http://127.0.0.1:4000. */
  url: string;
  /** The GraphQL endpoint (and, from a browser, the explorer). */
  graphqlUrl: string;
  /** The same endpoint for graphql-ws clients (ws://…/graphql). */
  websocketUrl: string;
  server: Server;
  /** The subscriptions bridge (exposed for tests and the bench). */
  live: LiveBridge;
  /** Its connected live clients (WebSockets and SSE responses), for tests and the bench. */
  liveConnections: LiveConnections;
  /** Its client of the subgraphs (calls sent, sockets open), for tests and the bench. */
  subgraphHttp: SubgraphHttpClient;
  /** Its revocation lookups (how many reached Redis), for tests and the bench. */
  revocations: RecentRevocations;
  /** The response cache's store (RESPONSE_CACHE=on), for tests and the bench. */
  responseCache?: RedisResponseStore;
}

/**
 * Starts the federated gateway: loads the supergraph (file, or composed from live subgraphs in
 * DEV_MODE), then serves /graphql (Apollo + explorer), /healthz and /readyz. `stop()` drains
 * in-flight requests, then stops the gateway (and its DEV_MODE polling).
 */
export async function startGateway(
  config: GatewayConfig,
  logger: Logger = createLogger('gateway', config.LOG_LEVEL),
): Promise<RunningGateway> {
  // Read first: a trusted gateway without its manifest must not start.
  const trustedDocuments =
    config.PERSISTED_OPERATIONS === 'trusted'
      ? await TrustedDocuments.load(config.PERSISTED_OPERATIONS_MANIFEST)
      : undefined;
  const source = await loadSupergraphSource(config);
  const urls = new Map(source.subgraphs.map(({ name, url }) => [name, url]));
  const subgraphHttp = new SubgraphHttpClient(config.SUBGRAPH_TIMEOUT_MS, config.SUBGRAPH_MAX_SOCKETS);
  const gateway = new ApolloGateway({
    supergraphSdl: source.supergraphSdl,
    logger: logger.child({ component: 'apollo-gateway' }),
    buildService: ({ name, url }) =>
      timeSubgraphFetches(
        new SubgraphDataSource({
          name,
          url: urls.get(name) ?? url ?? '',
          http: subgraphHttp,
          dedupe: config.SUBGRAPH_DEDUPE,
          logger,
        }),
        name,
      ),
  });
  const redis = createRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX);
  const revocations = new RecentRevocations(redis, config.ACCESS_TOKEN_TTL_SECONDS, {
    ttlMs: config.REVOCATION_CACHE_MS,
    maxEntries: config.REVOCATION_CACHE_ENTRIES,
  });
  const stopRevocationListener = revocations.listen();
  const tokens = new AccessTokenVerifier({
    keys: remoteKeySet(usersJwksUrl(config, urls.get('users'))),
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    revocations,
  });
  const liveConnections = new LiveConnections(tokens, logger, config.LIVE_AUTH_CHECK_MS);
  const hub = await EventHub.connect({
    servers: natsServers(config.NATS_URL),
    replicas: config.NATS_REPLICAS,
    namespace: config.EVENT_NAMESPACE,
    logger,
    watchdogMs: config.LIVE_WATCHDOG_MS,
  });
  // Queries the live bridge runs for a subscriber go through Apollo like the subscriber's own requests.
  const started: { apollo?: ApolloServer<GatewayContext> } = {};
  const runQuery: RunQuery = async (query, variables, client, traceparent) => {
    const response = await started.apollo!.executeOperation(
      { query, variables },
      {
        contextValue: {
          requestId: newId(),
          traceparent: traceparent ?? newTraceparent(),
          authorization: `Bearer ${client.token}`,
          clientIp: client.clientIp,
          userAgent: client.userAgent,
        },
      },
    );
    if (response.body.kind !== 'single') throw new Error('incremental delivery is not supported here');
    return response.body.singleResult;
  };
  const limits = queryLimitProtection(config);
  const live = new LiveBridge({
    hub,
    queryLimits: limits,
    replayWindowMs: config.LIVE_REPLAY_WINDOW_MS,
    runQuery,
    logger,
    maxConcurrentResolutions: config.LIVE_MAX_CONCURRENT_RESOLUTIONS,
    clientBufferEvents: config.LIVE_CLIENT_BUFFER_EVENTS,
    clientBufferBytes: config.LIVE_CLIENT_BUFFER_BYTES,
  });
  observeLive(liveConnections, live);
  const responseCache =
    config.RESPONSE_CACHE === 'on'
      ? new RedisResponseStore(redis, config.RESPONSE_CACHE_MAX_ENTRY_BYTES, logger)
      : undefined;
  const generations = new CacheTagGenerations(redis);
  const stopInvalidation = responseCache ? invalidateOnOwningEvents(hub, generations, logger) : () => {};
  let supergraphLoaded = false;
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => {
    live.setSchema(apiSchema);
    supergraphLoaded = true;
  });

  const { app, server } = createHttpApp({
    logger,
    corsOrigins: config.CORS_ORIGINS,
    maxRequestBytes: config.MAX_REQUEST_BYTES,
    metricsPort: config.METRICS_PORT,
    readiness: {
      supergraph: async () => {
        if (!supergraphLoaded) throw new Error('supergraph not loaded');
      },
      redis: () => redis.ping(),
      nats: () => hub.ping(),
      ...subgraphHealthChecks(source.subgraphs),
    },
  });
  app.set('trust proxy', config.TRUST_PROXY);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    csrfPrevention: true,
    persistedQueries: persistedQueriesOption(config.PERSISTED_OPERATIONS, {
      redis,
      ttlSeconds: config.PERSISTED_QUERY_TTL_SECONDS,
      logger,
      documents: trustedDocuments,
    }),
    // runUntilSignal owns shutdown; Apollo's own handler would re-raise the signal mid-drain.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    logger,
    formatError: createFormatError(logger),
    // Checked before planning, so an oversized operation never reaches a subgraph.
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    plugins: [
      graphqlMetricsPlugin(),
      availabilityPlugin(),
      operationResolutionPlugin(),
      privateWhenSignedInPlugin(),
      ...(responseCache ? [responseCachePlugin({ store: responseCache, generations, logger })] : []),
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();
  started.apollo = apollo;

  app.use(GRAPHQL_PATH, explorerRouter());
  // Before SSE too, so trusted mode covers subscriptions over SSE.
  if (trustedDocuments) app.use(GRAPHQL_PATH, trustedDocumentsGuard(trustedDocuments));
  if (config.PERSISTED_OPERATIONS !== 'off') app.use(GRAPHQL_PATH, cacheableGets());
  app.use(GRAPHQL_PATH, sseHandler({ bridge: live, connections: liveConnections, runQuery, logger }));
  app.use(
    GRAPHQL_PATH,
    graphqlHandler(apollo, async ({ req, res }) => {
      // Bad, expired or revoked tokens stop here (401 UNAUTHENTICATED); subgraphs verify again.
      await tokens.viewerFromHeader(req.headers.authorization);
      assertVariablesDepth(requestVariables(req));
      return {
        requestId: res.locals.requestId as string,
        traceparent: res.locals.traceparent as string,
        authorization: req.headers.authorization,
        clientIp: req.ip,
        userAgent: req.headers['user-agent'],
      };
    }),
  );
  const webClient = webClientRouter(config.WEB_DIST_PATH);
  if (webClient) app.use(webClient);
  else
    logger.info(
      { path: config.WEB_DIST_PATH },
      'no web client build there (npm run build -w @hiregraph/web): / is not served',
    );
  app.use(jsonErrorHandler(logger));

  const websocket = serveWebSocket({
    server,
    path: GRAPHQL_PATH,
    bridge: live,
    connections: liveConnections,
    runQuery,
    logger,
    closeGraceMs: config.LIVE_CLOSE_GRACE_MS,
    maxMessageBytes: config.MAX_REQUEST_BYTES,
    maxSubscriptions: config.LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION,
    trustedDocuments,
  });
  const stopLive = async () => {
    stopInvalidation();
    liveConnections.close();
    await websocket.close();
    await hub.close();
  };

  let url: string;
  try {
    url = await listen(server, config.GATEWAY_PORT, config.HOST);
  } catch (error) {
    await stopLive();
    await apollo.stop();
    stopRevocationListener();
    redis.disconnect();
    subgraphHttp.close();
    throw error;
  }
  const subgraphs = source.subgraphs.map(({ name, url }) => `${name}=${url}`).join(' ');
  logger.info(
    {
      url: `${url}${GRAPHQL_PATH}`,
      webClient: webClient ? `${url}/` : undefined,
      devMode: config.DEV_MODE,
      subgraphs,
    },
    'gateway listening',
  );

  return {
    url,
    graphqlUrl: `${url}${GRAPHQL_PATH}`,
    websocketUrl: `${url.replace(/^http/, 'ws')}${GRAPHQL_PATH}`,
    server,
    live,
    liveConnections,
    subgraphHttp,
    revocations,
    responseCache,
    async stop() {
      // Live clients first: open streams would hold the HTTP drain until its deadline.
      await stopLive();
      await apollo.stop(); // drains HTTP, then stops the gateway
      stopRevocationListener();
      redis.disconnect();
      subgraphHttp.close();
    },
  };
}

/** The users subgraph's JWKS: AUTH_JWKS_URL, else beside the users subgraph the gateway routes to. */
function usersJwksUrl(config: GatewayConfig, usersUrl: string | undefined): string {
  if (config.AUTH_JWKS_URL) return config.AUTH_JWKS_URL;
  if (usersUrl) return new URL('/.well-known/jwks.json', usersUrl).href;
  // From the parsed USERS_PORT rather than platform's own read of the environment (same value).
  return jwksUrl(config, { USERS_PORT: config.USERS_PORT?.toString() });
}

/** `/readyz` entry per subgraph: its own `/healthz` answers 2xx. */
function subgraphHealthChecks(subgraphs: SubgraphEndpoint[]): ReadinessChecks {
  return Object.fromEntries(
    subgraphs.map(({ name, url }) => [
      name,
      async () => {
        const response = await fetch(new URL('/healthz', url), { signal: AbortSignal.timeout(2_000) });
        if (!response.ok) throw new Error(`${name} /healthz answered ${response.status}`);
      },
    ]),
  );
}
