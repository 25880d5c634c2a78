import type { Server } from 'node:http';
import type { GraphQLSchema } from 'graphql';
import { z } from 'zod';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import {
  baseConfigSchema,
  databaseName,
  DEFAULT_PORTS,
  loadConfig,
  portSetting,
  trustProxySetting,
  type SubgraphName,
} from '../config.js';
import { createLogger, type Logger } from '../logger.js';
import { openServiceDatabase, type ServiceDatabaseOptions } from '../db/database.js';
import { EventBus } from '../events/bus.js';
import { natsServers } from '../events/nats-cluster.js';
import { OutboxRelay } from '../events/outbox.js';
import { pruneProcessedEvents } from '../events/idempotent.js';
import { traceIdOf } from '../trace.js';
import { createRedis, type Redis } from '../redis.js';
import { createObjectStorage, type ObjectStorage } from '../s3.js';
import { createHttpApp, jsonErrorHandler, listen } from '../http.js';
import { graphqlHandler } from '../graphql-handler.js';
import { ErrorCode, maskUnexpectedErrors } from '../errors.js';
import { availabilityPlugin } from '../availability.js';
import { observeEventSources } from '../observability/metrics.js';
import { graphqlMetricsPlugin } from '../observability/graphql-metrics.js';
import { queryLimitProtection, queryLimitSettings, SUBGRAPH_QUERY_LIMITS } from '../query-limits.js';
import type { Stoppable } from '../lifecycle.js';
import type { Express } from 'express';
import type { JWTVerifyGetKey } from 'jose';
import { jwksUrl } from '../config.js';
import { AccessTokenVerifier, remoteKeySet } from '../auth/tokens.js';
import { RecentRevocations } from '../auth/recent-revocations.js';
import type { RevocationStore } from '../auth/revocation.js';
import type { Viewer } from '../auth/viewer.js';

export const subgraphConfigSchema = baseConfigSchema.extend({
  /** Port of this subgraph; `${NAME}_PORT` in the environment (e.g. USERS_PORT). */
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().positive().default(1_000),
  EVENT_RETRY_BASE_DELAY_MS: z.coerce.number().int().positive().default(1_000),
  /**
   * Whose X-Forwarded-For names the client (the gateway's). Loopback by default: in containers set
   * the gateway's network (e.g. "loopback, uniquelocal"); never a network clients can reach.
   */
  TRUST_PROXY: trustProxySetting('loopback'),
  /**
   * How long a token's revocation answer from Redis is reused (0: ask every time). Revocations are
   * announced, so a logout is refused at once; this bounds how long a missed announcement lets a
   * revoked token pass (the gateway's REVOCATION_CACHE_MS, the same default).
   */
  REVOCATION_CACHE_MS: z.coerce.number().int().min(0).default(1_000),
  /** Tokens whose revocation answer is remembered at once. */
  REVOCATION_CACHE_ENTRIES: z.coerce.number().int().positive().default(10_000),
  ...queryLimitSettings(SUBGRAPH_QUERY_LIMITS),
});
/** `env` is what the config was read from, so a subgraph can parse settings of its own from it. */
export type SubgraphConfig = z.infer<typeof subgraphConfigSchema> & { PORT: number; env: NodeJS.ProcessEnv };

export function loadSubgraphConfig(name: SubgraphName, env: NodeJS.ProcessEnv = process.env): SubgraphConfig {
  const config = loadConfig(subgraphConfigSchema, env);
  const port = portSetting(DEFAULT_PORTS[name]).parse(env[`${name.toUpperCase()}_PORT`] ?? config.PORT);
  return { ...config, PORT: port, env };
}

/** Everything a subgraph's resolvers and consumers use, opened once per process. */
export interface SubgraphRuntime {
  name: SubgraphName;
  config: SubgraphConfig;
  logger: Logger;
  orm: MikroORM;
  bus: EventBus;
  outbox: OutboxRelay;
  redis: Redis;
  storage: ObjectStorage;
  revocations: RevocationStore;
  /** Verifies access tokens; every subgraph checks the token itself, never trusting an identity header. */
  tokens: AccessTokenVerifier;
}

/** Per-request context: a fresh identity map per request, as MikroORM requires. */
export interface SubgraphContext {
  requestId: string;
  logger: Logger;
  em: EntityManager;
  runtime: SubgraphRuntime;
  /** The verified signed-in user, or null for an anonymous request. */
  viewer: Viewer | null;
  /** Client address as forwarded by the gateway (used for rate limits). */
  clientIp: string;
  userAgent: string;
}

/**
 * A subgraph. `Services` is its container of services (see createServices): built once at start-up,
 * then handed to the schema's resolvers and to every hook, so nothing is built as a side effect.
 * Hooks are methods so a definition with its own container is still a `SubgraphDefinition`.
 */
export interface SubgraphDefinition<Services = unknown> {
  name: SubgraphName;
  entities: ServiceDatabaseOptions['entities'];
  migrations: ServiceDatabaseOptions['migrations'];
  /**
   * Builds the subgraph's container of services from the open connections, once, before any other
   * hook. Without it the hooks receive undefined.
   */
  createServices?(runtime: Omit<SubgraphRuntime, 'tokens'>): Services;
  /** The schema; `services` is absent when it is built only to print it (composition). */
  buildSchema(services?: Services): Promise<GraphQLSchema>;
  /**
   * Subscribes the subgraph's event consumers and starts its background jobs once the runtime is
   * open; may return a function that stops those jobs.
   */
  onStart?(runtime: SubgraphRuntime, services: Services): Promise<void | (() => Promise<void>)>;
  /** Keys that verify access tokens; by default the users subgraph's JWKS over HTTP. */
  accessTokenKeys?(runtime: Omit<SubgraphRuntime, 'tokens'>, services: Services): JWTVerifyGetKey;
  /** Extra HTTP routes (e.g. the JWKS document). */
  configureHttp?(app: Express, runtime: SubgraphRuntime, services: Services): void;
}

export interface RunningSubgraph<Services = unknown> extends Stoppable {
  url: string;
  runtime: SubgraphRuntime;
  /** What the definition's createServices built (undefined without one). */
  services: Services;
  server: Server;
}

/**
 * Starts a subgraph: database (created and migrated), JetStream bus, outbox relay, Redis, S3 client,
 * consumers, then the HTTP server with /graphql, /healthz and /readyz. `stop()` drains HTTP, flushes
 * the outbox, stops consumers and closes every connection, in that order.
 */
export async function startSubgraph<Services>(
  definition: SubgraphDefinition<Services>,
  config: SubgraphConfig = loadSubgraphConfig(definition.name),
): Promise<RunningSubgraph<Services>> {
  // What is open so far, closed in reverse if start-up fails half-way (no leaked pools or timers).
  const opened: (() => unknown)[] = [];
  try {
    return await openSubgraph(definition, config, opened);
  } catch (error) {
    for (const close of opened.reverse()) {
      try {
        await close();
      } catch {
        // Best effort: the start-up error is the one to report.
      }
    }
    throw error;
  }
}

async function openSubgraph<Services>(
  definition: SubgraphDefinition<Services>,
  config: SubgraphConfig,
  opened: (() => unknown)[],
): Promise<RunningSubgraph<Services>> {
  const logger = createLogger(definition.name, config.LOG_LEVEL);
  const orm = await openServiceDatabase({
    serverUrl: config.DATABASE_URL,
    dbName: databaseName(config, definition.name),
    entities: definition.entities,
    migrations: definition.migrations,
    logger,
  });
  opened.push(() => orm.close());
  const bus = await EventBus.connect({
    servers: natsServers(config.NATS_URL),
    replicas: config.NATS_REPLICAS,
    namespace: config.EVENT_NAMESPACE,
    service: definition.name,
    logger,
    maxDeliver: config.EVENT_MAX_DELIVER,
    retentionDays: config.EVENT_RETENTION_DAYS,
    retryBaseDelayMs: config.EVENT_RETRY_BASE_DELAY_MS,
  });
  opened.push(() => bus.close());
  const redis = createRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX);
  opened.push(() => redis.disconnect());
  const storage = createObjectStorage({
    endpoint: config.S3_ENDPOINT,
    accessKey: config.S3_ACCESS_KEY,
    secretKey: config.S3_SECRET_KEY,
    region: config.S3_REGION,
  });
  const outbox = new OutboxRelay(orm.em as EntityManager, bus, logger, {
    pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
  });
  // Reused for a moment: every request of a signed-in client asked Redis again in every subgraph.
  const revocations = new RecentRevocations(redis, config.ACCESS_TOKEN_TTL_SECONDS, {
    ttlMs: config.REVOCATION_CACHE_MS,
    maxEntries: config.REVOCATION_CACHE_ENTRIES,
  });
  const stopRevocationListener = revocations.listen();
  opened.push(stopRevocationListener);
  const base = { name: definition.name, config, logger, orm, bus, outbox, redis, storage, revocations };
  const services = definition.createServices?.(base) as Services;
  const keys = definition.accessTokenKeys?.(base, services) ?? remoteKeySet(jwksUrl(config, config.env));
  const tokens = new AccessTokenVerifier({
    keys,
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    revocations,
  });
  const runtime: SubgraphRuntime = { ...base, tokens };
  outbox.start();
  const pruning = setInterval(
    () =>
      void pruneProcessedEvents(orm.em as EntityManager, config.EVENT_RETENTION_DAYS).catch((error) =>
        logger.warn({ err: error }, 'pruning processed events failed'),
      ),
    3_600_000,
  );
  pruning.unref();
  opened.push(
    () => outbox.stop(),
    () => clearInterval(pruning),
  );
  const unobserve = observeEventSources(definition.name, bus, outbox);
  opened.push(unobserve);
  const stopJobs = await definition.onStart?.(runtime, services);
  if (stopJobs) opened.push(stopJobs);

  const { app, server } = createHttpApp({
    logger,
    corsOrigins: config.CORS_ORIGINS,
    maxRequestBytes: config.MAX_REQUEST_BYTES,
    metricsPort: config.METRICS_PORT,
    readiness: {
      database: () => orm.em.fork().execute('select 1'),
      nats: () => bus.ping(),
      redis: () => redis.ping(),
    },
  });
  // req.ip is the X-Forwarded-For client only when the peer (the gateway) is trusted.
  app.set('trust proxy', config.TRUST_PROXY);
  // Only the gateway calls a subgraph, with POSTs: an ETag (a SHA-1 of every answer) serves nothing.
  app.set('etag', false);
  definition.configureHttp?.(app, runtime, services);
  const schema = await definition.buildSchema(services);
  const limits = queryLimitProtection(config);
  const apollo = new ApolloServer<SubgraphContext>({
    schema,
    csrfPrevention: true,
    // runUntilSignal owns shutdown; Apollo's own handler would re-raise the signal mid-drain.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    formatError: (formatted, error) => {
      const masked = maskUnexpectedErrors(formatted, error);
      if (masked !== formatted && masked.extensions?.code === ErrorCode.Internal) {
        logger.error({ err: error, path: formatted.path }, 'resolver failed');
      } else if (masked.extensions?.code === ErrorCode.ServiceUnavailable && masked !== formatted) {
        logger.warn({ err: error, path: formatted.path }, 'dependency unavailable');
      }
      return masked;
    },
    plugins: [
      graphqlMetricsPlugin(),
      availabilityPlugin(),
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      ApolloServerPluginLandingPageDisabled(),
      // Traces are for Apollo Studio, which Hiregraph does not use.
      ApolloServerPluginInlineTraceDisabled(),
    ],
  });
  await apollo.start();
  opened.push(() => apollo.stop());
  app.use(
    '/graphql',
    graphqlHandler(apollo, async ({ req, res }) => {
      const requestId = res.locals.requestId as string;
      const viewer = await tokens.viewerFromHeader(req.headers.authorization);
      // The child logger and the entity manager are made when a resolver first uses them, so a
      // request that needs neither (cached, or answered without the database) does not pay for them.
      let requestLogger: Logger | undefined;
      let em: EntityManager | undefined;
      return {
        requestId,
        get logger() {
          return (requestLogger ??= logger.child({
            requestId,
            traceId: traceIdOf(res.locals.traceparent),
            viewer: viewer?.id,
          }));
        },
        get em() {
          // Forked from the global manager even when first used inside another's transaction.
          return (em ??= orm.em.fork({ disableContextResolution: true }) as EntityManager);
        },
        runtime,
        viewer,
        clientIp: req.ip ?? req.socket.remoteAddress ?? 'unknown',
        userAgent: String(req.headers['user-agent'] ?? '').slice(0, 256),
      };
    }),
  );
  app.use(jsonErrorHandler(logger));
  const url = await listen(server, config.PORT, config.HOST);
  logger.info({ url: `${url}/graphql` }, 'subgraph ready');

  return {
    url,
    runtime,
    services,
    server,
    async stop() {
      await apollo.stop(); // stops accepting, drains in-flight requests
      unobserve();
      clearInterval(pruning);
      await bus.stopConsumers(); // in-flight handlers finish; no new deliveries
      if (stopJobs) await stopJobs();
      await outbox.stop(); // publishes what committed transactions left in the outbox
      await bus.close();
      stopRevocationListener();
      redis.disconnect();
      await orm.close();
    },
  };
}
