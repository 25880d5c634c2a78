import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  baseConfigSchema,
  booleanFromEnv,
  DEFAULT_PORTS,
  loadConfig,
  portSetting,
  trustProxySetting,
  SUBGRAPH_NAMES,
  type SubgraphName,
} from '@hiregraph/platform/config';
import { REPORT_LISTENING_ENV } from '@hiregraph/platform/listening';
import { GATEWAY_QUERY_LIMITS, queryLimitSettings } from '@hiregraph/platform/query-limits';
import { PERSISTED_OPERATIONS_MODES } from './persisted-operations.js';

/**
 * Every environment variable the gateway reads, with its default and what it is for. This is the
 * only file of the gateway that reads `process.env`; gateway/README.md lists these settings (a test
 * keeps the two equal). Shared settings reuse platform's definitions so they parse as in the subgraphs.
 */

/** The committed supergraph, found from this package (src/ or dist/ alike) rather than the cwd. */
export const DEFAULT_SUPERGRAPH_PATH = fileURLToPath(
  new URL('../../schema/supergraph.graphql', import.meta.url),
);

/** The published manifest of trusted operations (`npm run persisted:manifest` writes it). */
export const DEFAULT_PERSISTED_OPERATIONS_MANIFEST = fileURLToPath(
  new URL('../../schema/persisted-operations.json', import.meta.url),
);

/** The reference web client's build (web/dist), served at the gateway's origin when it exists. */
export const DEFAULT_WEB_DIST_PATH = fileURLToPath(new URL('../../web/dist', import.meta.url));

const base = baseConfigSchema.shape;
const optionalUrl = z.string().url().optional();
const optionalPort = z.coerce.number().int().min(0).max(65535).optional();
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const subgraphList = z
  .string()
  .default(SUBGRAPH_NAMES.join(','))
  .transform((value) =>
    value
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(
        z.string().refine((name) => (SUBGRAPH_NAMES as readonly string[]).includes(name), 'unknown subgraph'),
      )
      .min(1),
  )
  .transform((names) => names as SubgraphName[]);

const queryLimits = queryLimitSettings(GATEWAY_QUERY_LIMITS);

export const gatewayEnvironmentSchema = z.object({
  // Process and HTTP server.
  NODE_ENV: base.NODE_ENV.describe('development, test or production; read by Express and Apollo Server too.'),
  LOG_LEVEL: base.LOG_LEVEL.describe('pino level: fatal, error, warn, info, debug, trace or silent.'),
  HOST: base.HOST.describe('Address the HTTP server binds (0.0.0.0 in a container).'),
  GATEWAY_PORT: portSetting(DEFAULT_PORTS.gateway).describe(
    'Port of /graphql, /healthz and /readyz (0: any free port).',
  ),
  METRICS_PORT: base.METRICS_PORT.describe(
    'Port of /metrics alone, bound to HOST, for Prometheus; the public port then answers 404 for /metrics (unset: /metrics is on the public port).',
  ),
  MAX_REQUEST_BYTES: base.MAX_REQUEST_BYTES.describe(
    'Largest HTTP request body, and largest graphql-ws message, in bytes.',
  ),
  CORS_ORIGINS: base.CORS_ORIGINS.describe('Origins allowed by CORS (comma list, or * for any).'),
  SHUTDOWN_TIMEOUT_MS: base.SHUTDOWN_TIMEOUT_MS.describe(
    'How long a stopping gateway waits for in-flight requests before exiting.',
  ),
  TRUST_PROXY: trustProxySetting('false').describe(
    // Off by default, so clients cannot pick their own address and slip past the subgraphs' per-IP limits.
    'Express `trust proxy`: whether the client address comes from X-Forwarded-For (true/false, a hop count, or addresses/subnets) or is the TCP peer.',
  ),
  [REPORT_LISTENING_ENV]: z
    .string()
    .optional()
    .describe(
      'Set by the platform runner (tools/src/platform.ts) to learn the bound port over IPC; never set by hand.',
    ),

  // Supergraph and subgraphs.
  SUPERGRAPH_PATH: z
    .string()
    .default(DEFAULT_SUPERGRAPH_PATH)
    .describe('The composed supergraph served outside DEV_MODE (the default is the committed one).'),
  WEB_DIST_PATH: z
    .string()
    .default(DEFAULT_WEB_DIST_PATH)
    .describe(
      'The web client build served at / (its index.html for any other page path); not served when it has no index.html.',
    ),
  USERS_URL: optionalUrl.describe("The users subgraph's URL; wins over the supergraph's and USERS_PORT."),
  RESUMES_URL: optionalUrl.describe(
    "The resumes subgraph's URL; wins over the supergraph's and RESUMES_PORT.",
  ),
  JOBS_URL: optionalUrl.describe("The jobs subgraph's URL; wins over the supergraph's and JOBS_PORT."),
  MATCHING_URL: optionalUrl.describe(
    "The matching subgraph's URL; wins over the supergraph's and MATCHING_PORT.",
  ),
  USERS_PORT: optionalPort.describe('The users subgraph runs on this machine on this port.'),
  RESUMES_PORT: optionalPort.describe('The resumes subgraph runs on this machine on this port.'),
  JOBS_PORT: optionalPort.describe('The jobs subgraph runs on this machine on this port.'),
  MATCHING_PORT: optionalPort.describe('The matching subgraph runs on this machine on this port.'),
  SUBGRAPH_TIMEOUT_MS: positiveInt(10_000).describe(
    'A subgraph fetch taking longer is aborted and reported as SUBGRAPH_UNAVAILABLE.',
  ),
  SUBGRAPH_MAX_SOCKETS: positiveInt(64).describe(
    'Keep-alive connections the gateway opens to each subgraph at most (more calls wait for one).',
  ),
  SUBGRAPH_DEDUPE: booleanFromEnv
    .default(true)
    .describe(
      'Identical queries in flight at once (same subgraph, operation, variables and Authorization) share one subgraph call; mutations never do.',
    ),
  DEV_MODE: base.DEV_MODE.describe(
    'Compose the supergraph from the running subgraphs (introspection) instead of SUPERGRAPH_PATH.',
  ),
  DEV_SUBGRAPHS: subgraphList.describe(
    'DEV_MODE only: the subgraphs to introspect and compose (comma list).',
  ),
  DEV_POLL_INTERVAL_MS: positiveInt(2_000).describe(
    'DEV_MODE only: how often the subgraphs are re-introspected.',
  ),

  // Access tokens.
  AUTH_ISSUER: base.AUTH_ISSUER.describe('Issuer every access token must carry.'),
  AUTH_AUDIENCE: base.AUTH_AUDIENCE.describe('Audience every access token must carry.'),
  AUTH_JWKS_URL: base.AUTH_JWKS_URL.describe(
    "The users subgraph's published keys (default: /.well-known/jwks.json beside the users subgraph routed to).",
  ),
  ACCESS_TOKEN_TTL_SECONDS: base.ACCESS_TOKEN_TTL_SECONDS.describe(
    'Access token lifetime: how long a revoked session is remembered in Redis.',
  ),
  REVOCATION_CACHE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(1_000)
    .describe(
      "How long the gateway reuses a token's revocation answer from Redis: a revoked token passes the gateway at most this long (0: ask every time).",
    ),
  REVOCATION_CACHE_ENTRIES: positiveInt(10_000).describe(
    'Tokens whose revocation answer is remembered at once.',
  ),
  REDIS_URL: base.REDIS_URL.describe(
    'Redis (or Valkey) holding revoked sessions, checked on every signed-in request.',
  ),
  REDIS_KEY_PREFIX: base.REDIS_KEY_PREFIX.describe(
    'Prefix of every Redis key, shared with the users subgraph.',
  ),

  // Events and live subscriptions.
  NATS_URL: base.NATS_URL.describe(
    "NATS JetStream whose events feed the subscriptions; a cluster's servers comma-separated.",
  ),
  NATS_REPLICAS: base.NATS_REPLICAS.describe(
    'Servers the live stream is kept on when the gateway creates it (as the subgraphs).',
  ),
  EVENT_NAMESPACE: base.EVENT_NAMESPACE.describe(
    'Prefix of the JetStream streams and subjects read (the subgraphs must use the same).',
  ),
  LIVE_AUTH_CHECK_MS: positiveInt(5_000).describe(
    "How often each live connection's session is checked for revocation.",
  ),
  LIVE_MAX_CONCURRENT_RESOLUTIONS: positiveInt(64).describe(
    'Selection-set resolutions (queries through the gateway) running at once for subscriptions.',
  ),
  LIVE_CLIENT_BUFFER_EVENTS: positiveInt(256).describe(
    'Events a subscription may have waiting for a slow client before it is closed.',
  ),
  LIVE_CLIENT_BUFFER_BYTES: positiveInt(1_048_576).describe(
    'Bytes a live connection may have unsent in its socket before it is closed.',
  ),
  LIVE_CLOSE_GRACE_MS: positiveInt(2_000).describe(
    // A slow client's close frame waits behind everything it has not read; without this cut its
    // unsent data would stay in memory as long as it stays connected.
    'How long a closed WebSocket may take to finish its close handshake before it is cut.',
  ),
  LIVE_WATCHDOG_MS: positiveInt(5_000).describe(
    "How often a subject's consumer is checked for having silently stopped.",
  ),
  LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION: positiveInt(100).describe(
    'Operations one WebSocket may have running (more: TOO_MANY_SUBSCRIPTIONS).',
  ),
  LIVE_REPLAY_WINDOW_MS: positiveInt(3_600_000).describe(
    // Each replay reads the event type's whole subject, every user's events, from the cursor on.
    'How far back a cursor may resume; an older one gets CURSOR_EXPIRED, `after: "0"` replays this window only.',
  ),

  // Query limits (checked before planning, so an oversized operation never reaches a subgraph).
  QUERY_MAX_DEPTH: queryLimits.QUERY_MAX_DEPTH.describe(
    'Deepest field nesting of an operation (introspection excepted).',
  ),
  QUERY_MAX_ALIASES: queryLimits.QUERY_MAX_ALIASES.describe(
    'Aliases in an operation (`__typename` excepted).',
  ),
  QUERY_MAX_COST: queryLimits.QUERY_MAX_COST.describe(
    "graphql-armor's static cost of an operation (objects 2, scalars 1, ×1.5 per level, × `first`/`last`).",
  ),
  QUERY_MAX_TOKENS: queryLimits.QUERY_MAX_TOKENS.describe(
    'Lexical tokens in the document, checked while parsing.',
  ),
  QUERY_MAX_DIRECTIVES: queryLimits.QUERY_MAX_DIRECTIVES.describe('Directives in an operation.'),

  // Persisted operations (docs/operations.md, "Persisted operations").
  PERSISTED_OPERATIONS: z
    .enum(PERSISTED_OPERATIONS_MODES)
    .default('apq')
    .describe(
      'off: full queries only; apq: automatic persisted queries (registered in Redis); trusted: only the operations of PERSISTED_OPERATIONS_MANIFEST run.',
    ),
  PERSISTED_QUERY_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .max(2_592_000)
    .default(86_400)
    .describe('apq: how long a registered query stays in Redis (at most 30 days).'),
  PERSISTED_OPERATIONS_MANIFEST: z
    .string()
    .default(DEFAULT_PERSISTED_OPERATIONS_MANIFEST)
    .describe(
      'trusted: the Apollo persisted query manifest whose operations alone run (`npm run persisted:manifest`).',
    ),

  // Response cache (docs/operations.md, "Response cache").
  RESPONSE_CACHE: z
    .enum(['on', 'off'])
    .default('on')
    .describe(
      "on: anonymous queries whose subgraphs send public cache hints are answered from Redis for the hints' max-age, dropped on the owning events; off: every query reaches the subgraphs.",
    ),
  RESPONSE_CACHE_MAX_ENTRY_BYTES: positiveInt(262_144).describe(
    'Largest answer (serialized) the response cache keeps; larger ones are computed every time.',
  ),
});

export type GatewayEnvironment = z.infer<typeof gatewayEnvironmentSchema>;

/** Parses the environment (one readable ConfigError listing every bad variable). */
export function loadGatewayEnvironment(env: NodeJS.ProcessEnv = process.env): GatewayEnvironment {
  return loadConfig(gatewayEnvironmentSchema, env);
}
